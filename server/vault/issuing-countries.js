'use strict';
// The country that issued a card, from the number's leading digits (its BIN, the issuer
// identification number). The vault is the only part of Ratecard that sees card numbers, so
// the country is derived here and handed to the server with the token, like the brand.
//
// A small table, not a BIN database: the ranges of the test cards the simulated gateways
// document (server/gateways-sim/test-cards.js) and the per-country test cards. A production
// vault would load its acquirer's BIN file into the same shape. A number in no range has no
// country (null), and the fraud rules comparing countries then do not fire.

/// [low, high, country]: the number's first `low.length` digits lie in low..high (both of the
/// same length). The first range that holds the number wins, so narrower ranges come first.
const ISSUING_RANGES = [
  ['4000000760', '4000000769', 'BR'],
  ['4000001240', '4000001249', 'CA'],
  ['4000002500', '4000002509', 'FR'],
  ['4000002760', '4000002769', 'DE'],
  ['4000008260', '4000008269', 'GB'],
  ['4000000000', '4000000000', 'US'],
  ['424242', '424242', 'US'],
  ['555555', '555555', 'US'],
  ['378282', '378282', 'US'],
];

/// The ISO 3166-1 alpha-2 country that issued the card `number` (digits only), or null.
function issuingCountry(number) {
  const range = ISSUING_RANGES.find(([low, high]) => {
    const prefix = number.slice(0, low.length);
    return prefix.length === low.length && prefix >= low && prefix <= high;
  });
  return range ? range[2] : null;
}

module.exports = { issuingCountry };
