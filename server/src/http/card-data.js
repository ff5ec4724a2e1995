'use strict';

// Card data never enters Ratecard through free-form fields: card numbers and security codes go
// to the card vault, never into metadata, where they would be stored, copied into events and
// sent to webhooks. PCI DSS forbids storing a security code at all.

// A run of 13 to 19 digits, single spaces or dashes allowed between them (as card numbers are
// written), not part of a longer run of digits.
const DIGIT_RUN = /(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])/g;
// Field names of card security codes (CVC, CVV, CID, CSC...), compared without case or
// separators: "card_cvc", "CVV2", "security-code".
const SECURITY_CODE_NAME = /(cvc|cvv|cvn|csc)[0-9]?|^cid$|securitycode|cardverification|cardnumber|^pan$/;

/// Whether the digits pass the Luhn check, as every card number does.
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

/// Whether `text` holds what looks like a card number: 13 to 19 digits passing the Luhn check.
function looksLikeCardNumber(text) {
  for (const [run] of text.matchAll(DIGIT_RUN)) {
    if (passesLuhn(run.replace(/[ -]/g, ''))) return true;
  }
  return false;
}

/// Why a metadata entry looks like card data ("a card number", "a card security code field"),
/// or null.
function cardDataIn(name, value) {
  if (SECURITY_CODE_NAME.test(name.toLowerCase().replace(/[^a-z0-9]/g, ''))) return 'names a card security code or card number field';
  if (looksLikeCardNumber(name)) return 'has a name that looks like a card number';
  if (typeof value === 'string' && looksLikeCardNumber(value)) return 'looks like a card number (13 to 19 digits passing the Luhn check)';
  return null;
}

module.exports = { cardDataIn, looksLikeCardNumber };
