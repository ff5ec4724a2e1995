'use strict';
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

// Bodies are validated exactly as sent: no type coercion (a JSON number is never turned into
// a money string) and no silent removal of unknown fields (they are refused, as in the core).
// Query strings and path parameters arrive as text and are coerced to the declared types.
function makeAjv(coerceTypes) {
  const ajv = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

/// Fastify validator compiler with one Ajv for bodies and one for the other request parts.
/// Header schemas name headers as documented ("Idempotency-Key"); Node gives them lower-case, and
/// Fastify leaves that to a custom compiler like this one.
function validatorCompiler() {
  const bodyAjv = makeAjv(false);
  const textAjv = makeAjv(true);
  return ({ schema, httpPart }) => {
    if (httpPart === 'body') return bodyAjv.compile(schema);
    return textAjv.compile(httpPart === 'headers' ? lowerCaseHeaderNames(schema) : schema);
  };
}

function lowerCaseHeaderNames(schema) {
  const properties = Object.fromEntries(Object.entries(schema.properties || {}).map(([name, value]) => [name.toLowerCase(), value]));
  return { ...schema, properties, ...(schema.required ? { required: schema.required.map((name) => name.toLowerCase()) } : {}) };
}

module.exports = { validatorCompiler };
