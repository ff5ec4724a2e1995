'use strict';
// What the vault checks of a card before keeping it: the number (digits, length, Luhn, a brand
// it knows), the expiry (a real month, not past) and the security code (3 digits, 4 for
// American Express). Each failure is a coded error at the field's JSON Pointer.
const { issuingCountry } = require('./issuing-countries');

/// Brands by the number's leading digits (IIN ranges) and the lengths each allows.
const BRANDS = [
  { brand: 'amex', test: (n) => /^3[47]/.test(n), lengths: [15], cvcLength: 4 },
  { brand: 'visa', test: (n) => n.startsWith('4'), lengths: [13, 16, 19], cvcLength: 3 },
  { brand: 'mastercard', test: (n) => /^5[1-5]/.test(n) || inRange(n, 4, 2221, 2720), lengths: [16], cvcLength: 3 },
  { brand: 'discover', test: (n) => /^(6011|65)/.test(n) || inRange(n, 3, 644, 649), lengths: [16, 19], cvcLength: 3 },
];

function inRange(number, digits, low, high) {
  const prefix = Number(number.slice(0, digits));
  return prefix >= low && prefix <= high;
}

/// Whether the digits pass the Luhn check.
function passesLuhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

class CardError extends Error {
  constructor(code, message, path) {
    super(message);
    this.code = code;
    this.path = path;
  }
}

/// Checks a card as posted ({ number, exp_month, exp_year, cvc }) at time `now`; returns
/// { number (digits only), brand, last4, country (the issuing country, or null), exp_month,
/// exp_year } or throws a CardError.
function checkCard(card, now) {
  const number = String(card.number).replace(/[ -]/g, '');
  if (!/^[0-9]{12,19}$/.test(number)) throw new CardError('INVALID_NUMBER', 'must be 12 to 19 digits (spaces or dashes between them allowed)', '/number');
  if (!passesLuhn(number)) throw new CardError('INVALID_NUMBER', 'is not a card number (it fails the Luhn check)', '/number');
  const kind = BRANDS.find((entry) => entry.test(number));
  if (!kind) throw new CardError('UNSUPPORTED_BRAND', 'is of a card brand the vault does not accept (Visa, Mastercard, American Express, Discover)', '/number');
  if (!kind.lengths.includes(number.length)) throw new CardError('INVALID_NUMBER', `has ${number.length} digits; a ${kind.brand} card has ${kind.lengths.join(' or ')}`, '/number');
  const month = card.exp_month;
  const year = card.exp_year;
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new CardError('INVALID_EXPIRY_MONTH', 'must be a month from 1 to 12', '/exp_month');
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new CardError('INVALID_EXPIRY_YEAR', 'must be a four-digit year', '/exp_year');
  // A card is valid to the end of its expiry month.
  const thisMonth = now.getUTCFullYear() * 12 + now.getUTCMonth();
  if (year * 12 + (month - 1) < thisMonth) throw new CardError('EXPIRED_CARD', `the card expired at the end of ${year}-${String(month).padStart(2, '0')}`, '/exp_year');
  if (!new RegExp(`^[0-9]{${kind.cvcLength}}$`).test(String(card.cvc))) {
    throw new CardError('INVALID_CVC', `must be ${kind.cvcLength} digits for a ${kind.brand} card`, '/cvc');
  }
  return { number, brand: kind.brand, last4: number.slice(-4), country: issuingCountry(number), exp_month: month, exp_year: year };
}

module.exports = { checkCard, CardError, passesLuhn };
