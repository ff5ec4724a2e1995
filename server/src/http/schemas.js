'use strict';
// JSON Schemas shared by the routes; they also make up the OpenAPI document.
const { ID_MAX_LENGTH } = require('./errors');
const { DECIMAL_DIGITS, NO_CARD_DATA } = require('./validation');

/// The core's exact range: 24 integer and 12 fractional digits (docs/core-api.md, "Numbers").
const CORE_DIGITS = { integer: 24, fraction: 12 };

/// A money amount: a decimal string as the core reads it (the core checks it in full).
const money = { type: 'string', pattern: '^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$', maxLength: 40, [DECIMAL_DIGITS]: CORE_DIGITS };
/// A quantity: a decimal string or a non-negative integer that fits in a double exactly.
const quantity = {
  anyOf: [
    { type: 'string', pattern: '^(0|[1-9][0-9]*)(\\.[0-9]+)?$', maxLength: 40, [DECIMAL_DIGITS]: CORE_DIGITS },
    { type: 'integer', minimum: 0, maximum: 9007199254740991 },
  ],
};
const currency = { type: 'string', pattern: '^[A-Z]{3}$' };
const instant = { type: 'string', format: 'date-time' };
const nullableInstant = { type: ['string', 'null'], format: 'date-time' };
/// Free-form key-value pairs of an object; card data (a card number, a security code field) is
/// refused with CARD_DATA.
const metadata = {
  type: 'object',
  maxProperties: 50,
  additionalProperties: { type: 'string', maxLength: 500 },
  [NO_CARD_DATA]: true,
  description: 'Up to 50 string values of your own. Never card data: a value that looks like a card number, or a field named like a card security code, is refused (CARD_DATA)',
};
const code = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' };
/// A display name (products, plans, add-ons, coupons, customers, API keys, test clocks).
const name = { type: 'string', minLength: 1, maxLength: 200 };
const idParam = (name = 'id') => ({
  type: 'object',
  required: [name],
  properties: { [name]: { type: 'string', maxLength: ID_MAX_LENGTH } },
});

const errorResponse = {
  type: 'object',
  title: 'Error',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'path', 'request_id'],
      properties: {
        code: { type: 'string', description: 'Stable error code (docs/server.md, "Requests and errors")' },
        message: { type: 'string' },
        path: { type: 'string', description: 'JSON Pointer to the offending field ("" for the request as a whole)' },
        request_id: { type: 'string', description: 'The Request-Id of the response: quote it when you report a problem' },
      },
    },
  },
};

/// Standard error responses, added to every route's schema for the OpenAPI document.
const errorResponses = {
  '4XX': { description: 'Client error', ...errorResponse },
  '5XX': { description: 'Server error', ...errorResponse },
};

module.exports = {
  money, quantity, currency, instant, nullableInstant, metadata, code, name, idParam,
  errorResponse, errorResponses,
};
