'use strict';
// Arithmetic on amounts the core wrote in one currency (the same number of fractional digits):
// exact, on BigInt minor units ("12.50" is 1250n), written back with those digits.

/// The minor units of `amount` ("12.50" -> 1250n, "-0.01" -> -1n).
function toMinor(amount) {
  return BigInt(amount.replace('.', ''));
}

/// `minor` written with the fractional digits of `like` (1250n, "0.00" -> "12.50").
function fromMinor(minor, like) {
  const digits = (like.split('.')[1] || '').length;
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const whole = digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  return negative ? `-${whole}` : whole;
}

/// a + b.
const addAmounts = (a, b) => fromMinor(toMinor(a) + toMinor(b), a);
/// a - b.
const subtractAmounts = (a, b) => fromMinor(toMinor(a) - toMinor(b), a);
/// The smaller of a and b.
const minAmount = (a, b) => (toMinor(a) <= toMinor(b) ? a : b);
/// Whether `amount` is zero.
const isZero = (amount) => toMinor(amount) === 0n;
/// Whether `amount` is more than zero.
const isPositive = (amount) => toMinor(amount) > 0n;
/// "0.00" in the digits of `like`.
const zeroLike = (like) => fromMinor(0n, like);

module.exports = { toMinor, fromMinor, addAmounts, subtractAmounts, minAmount, isZero, isPositive, zeroLike };
