'use strict';
// The one place revenue rates are divided: a percentage of two exact terms (decimal strings
// from the core, or counts), computed with integers (BigInt) and rounded once, half up (away
// from zero), to PERCENT_DECIMALS decimals. No floating point.

/// Decimals of every percentage the reports show ("12.35" is 12.35 %).
const PERCENT_DECIMALS = 2;

// A decimal string or integer as [units, decimals]: "12.30" → [1230n, 2].
function toScaled(value) {
  const match = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(String(value));
  if (!match) throw new Error(`not a decimal: ${value}`);
  const fraction = match[3] || '';
  const units = BigInt(match[2] + fraction);
  return [match[1] ? -units : units, fraction.length];
}

/// numerator / denominator × 100, rounded half up to PERCENT_DECIMALS decimals, as a decimal
/// string ("33.33"); null when the denominator is zero.
function percentage(numerator, denominator) {
  const [n, nDecimals] = toScaled(numerator);
  const [d, dDecimals] = toScaled(denominator);
  if (d === 0n) return null;
  // n / 10^nd ÷ d / 10^dd × 100 × 10^P = n × 10^(dd + 2 + P) / (d × 10^nd)
  const top = n * 10n ** BigInt(dDecimals + 2 + PERCENT_DECIMALS);
  const bottom = d * 10n ** BigInt(nDecimals);
  const negative = (top < 0n) !== (bottom < 0n) && top !== 0n;
  const [a, b] = [top < 0n ? -top : top, bottom < 0n ? -bottom : bottom];
  const rounded = (2n * a + b) / (2n * b);
  const digits = rounded.toString().padStart(PERCENT_DECIMALS + 1, '0');
  return `${negative && rounded !== 0n ? '-' : ''}${digits.slice(0, -PERCENT_DECIMALS)}.${digits.slice(-PERCENT_DECIMALS)}`;
}

module.exports = { percentage, PERCENT_DECIMALS };
