'use strict';
// Exact comparison and subtraction of quantities (not money: amounts are always the core's).
// Quantities are the core's decimals, at most 12 fractional digits, held here as integers of
// 10^-12 units (BigInt), never as floating point.
const SCALE = 12;

function toUnits(quantity) {
  const [whole, fraction = ''] = String(quantity).split('.');
  return BigInt(whole + fraction.padEnd(SCALE, '0'));
}

function fromUnits(units) {
  const sign = units < 0n ? '-' : '';
  const digits = (units < 0n ? -units : units).toString().padStart(SCALE + 1, '0');
  const whole = digits.slice(0, -SCALE);
  const fraction = digits.slice(-SCALE).replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/// a − Σ others, canonical ("2.5", "0").
function subtractQuantities(a, ...others) {
  return fromUnits(others.reduce((units, other) => units - toUnits(other), toUnits(a)));
}

/// -1, 0 or 1 as a <, =, > b.
function compareQuantities(a, b) {
  const difference = toUnits(a) - toUnits(b);
  return difference < 0n ? -1 : (difference > 0n ? 1 : 0);
}

module.exports = { subtractQuantities, compareQuantities };
