'use strict';
const Ajv = require('ajv');
const addFormats = require('ajv-formats');
const { cardDataIn } = require('./card-data');
const { escapePointer } = require('./errors');

/// Schema keyword of decimal strings (money, quantities): at most `integer` integer digits
/// (more is the core's OVERFLOW) and `fraction` fractional digits (more is INVALID_ARGUMENT),
/// the core's own limits, so the server never stores a number the core would refuse.
const DECIMAL_DIGITS = 'x-decimal-digits';
/// Schema keyword of metadata objects: no entry may look like card data (CARD_DATA).
const NO_CARD_DATA = 'x-no-card-data';

// Bodies are validated exactly as sent: no type coercion (a JSON number is never turned into
// a money string) and no silent removal of unknown fields (they are refused, as in the core).
// Query strings and path parameters arrive as text and are coerced to the declared types (a
// repeated query parameter, such as expand[], to an array).
function makeAjv(coerceTypes) {
  const ajv = new Ajv({
    coerceTypes,
    verbose: true, // errors carry the refused value (errors.js words them as the core would)
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  });
  addFormats(ajv);
  ajv.addKeyword({ keyword: DECIMAL_DIGITS, type: 'string', schemaType: 'object', errors: true, validate: checkDecimalDigits });
  ajv.addKeyword({ keyword: NO_CARD_DATA, type: 'object', schemaType: 'boolean', errors: true, validate: checkNoCardData });
  return ajv;
}

function checkDecimalDigits(limits, text) {
  const match = /^-?([0-9]+)(?:\.([0-9]+))?$/.exec(text);
  if (!match) return true; // the pattern beside this keyword refuses it
  const fail = (code, message) => {
    checkDecimalDigits.errors = [{ keyword: DECIMAL_DIGITS, message, params: { code } }];
    return false;
  };
  if (match[1].length > limits.integer) return fail('OVERFLOW', `has more than ${limits.integer} integer digits, beyond the exact range`);
  if ((match[2] || '').length > limits.fraction) return fail('INVALID_ARGUMENT', `has more than ${limits.fraction} fractional digits`);
  return true;
}

function checkNoCardData(enabled, object, parentSchema, { instancePath }) {
  if (!enabled) return true;
  for (const [name, value] of Object.entries(object)) {
    const why = cardDataIn(name, value);
    if (why) {
      checkNoCardData.errors = [{
        keyword: NO_CARD_DATA, instancePath: `${instancePath}/${escapePointer(name)}`, params: { code: 'CARD_DATA' },
        message: `${why}: card data never goes into metadata (send cards to the card vault)`,
      }];
      return false;
    }
  }
  return true;
}

/// Fastify validator compiler with one Ajv for bodies and one for the other request parts.
/// Header schemas name headers as documented ("Idempotency-Key"); Node gives them lower-case, and
/// Fastify leaves that to a custom compiler like this one.
function validatorCompiler() {
  const bodyAjv = makeAjv(false);
  const textAjv = makeAjv('array');
  return ({ schema, httpPart }) => {
    if (httpPart === 'body') return bodyAjv.compile(schema);
    return textAjv.compile(httpPart === 'headers' ? lowerCaseHeaderNames(schema) : schema);
  };
}

function lowerCaseHeaderNames(schema) {
  const properties = Object.fromEntries(Object.entries(schema.properties || {}).map(([name, value]) => [name.toLowerCase(), value]));
  return { ...schema, properties, ...(schema.required ? { required: schema.required.map((name) => name.toLowerCase()) } : {}) };
}

module.exports = { validatorCompiler, DECIMAL_DIGITS, NO_CARD_DATA };
