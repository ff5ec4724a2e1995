'use strict';
// Payment amounts: read and added up by the core, so every amount stored or shown has the
// currency's minor unit digits and came from the core. Comparing two such amounts of one
// currency is a comparison of their digits.
const { invalidArgument } = require('../http/errors');

/// The amount `text` in `currency`, as the core writes it ("10" USD -> "10.00"). Refused:
/// zero (unless `allowZero`) or less, and more fractional digits than the currency has
/// ("10.005" USD).
function readAmount(core, currency, text, path, { allowZero = false } = {}) {
  const { amount } = core.run({ op: 'price', currency, price: { model: 'flat', amount: text }, quantity: '1' },
    [['/currency', `${path.replace(/\/[^/]*$/, '')}/currency`], ['/price/amount', path]]);
  if (trimZeros(amount) !== trimZeros(text)) throw invalidArgument(`has more decimals than ${currency}'s minor unit allows (it would be ${amount})`, path);
  if (amount.startsWith('-') || (!allowZero && !/[1-9]/.test(amount))) throw invalidArgument(allowZero ? 'must not be negative' : 'must be more than zero', path);
  return amount;
}

/// The sum of amounts of one currency (non-negative), by the core.
function sumAmounts(core, currency, amounts) {
  if (!amounts.length) return core.run({ op: 'price', currency, price: { model: 'flat', amount: '0' }, quantity: '1' }).amount;
  return core.run({ op: 'price', currency, price: { model: 'percentage', rate: '100' }, events: amounts }).amount;
}

/// -1, 0 or 1 as `a` is less than, equal to or more than `b`: two non-negative amounts the
/// core wrote in one currency (same fractional digits).
function compareAmounts(a, b) {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function trimZeros(text) {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

module.exports = { readAmount, sumAmounts, compareAmounts };
