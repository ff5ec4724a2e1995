// Exact money arithmetic for what-if pricing: the core's money strings (all of one currency, so
// all with its minor unit digits) as BigInt counts of minor units. No float touches an amount.

/// The number of fraction digits of a core money string ("12.50" → 2, "1500" → 0).
export function digitsOf(amount: string): number {
  const dot = amount.indexOf('.');
  return dot < 0 ? 0 : amount.length - dot - 1;
}

/// A money string with `digits` fraction digits as minor units ("-12.50" → -1250n).
export function toUnits(amount: string, digits: number): bigint {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  if (fraction.length > digits) throw new Error(`${amount} has more than ${digits} fraction digits`);
  const units = BigInt(whole + fraction.padEnd(digits, '0'));
  return negative ? -units : units;
}

/// Minor units back to a money string with `digits` fraction digits (-1250n, 2 → "-12.50").
export function fromUnits(units: bigint, digits: number): string {
  const negative = units < 0n;
  const text = (negative ? -units : units).toString().padStart(digits + 1, '0');
  const whole = digits ? text.slice(0, text.length - digits) : text;
  const fraction = digits ? `.${text.slice(text.length - digits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/// Orders two BigInts for Array.prototype.sort.
export const compareUnits = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);
