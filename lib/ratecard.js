'use strict';
// The object createRatecard() resolves to, the same in Node and in the browser whichever
// backend runs the core: the string-in, string-out boundary the backend exposes, plus parsed
// envelopes, BillingError and one typed helper per op on top of it.

const { BillingError } = require('./billing-error.js');

// Ops that get a helper `rc.<op>(fields)`: it sends `{op, ...fields}` and returns the result or
// throws BillingError. A new op in the core needs one line here and its types in types/<op>.d.ts
// (listed in OpTypes, index.d.ts).
const OP_HELPERS = [
  'aggregate',
  'entitlements',
  'invoice',
  'mrr',
  'periods',
  'price',
  'prorate',
  'quote',
  'recognize',
  'tax',
];

function requireRequestText(requestJson) {
  if (typeof requestJson !== 'string') {
    throw new TypeError(`evaluateJson takes the request as a JSON string, got ${typeof requestJson}`);
  }
  return requestJson;
}

function stringifyRequest(request) {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new TypeError('a request is an object such as {op: "price", ...}');
  }
  return JSON.stringify(request);
}

function resultOf(envelope) {
  if (!envelope.ok) throw new BillingError(envelope.error);
  return envelope.result;
}

/**
 * Wraps a backend's binding ({evaluateJson(string): string, evaluateJsonAsync?(string):
 * Promise<string>, coreVersion, tzdataVersion}) in the package's API. `backend` names it:
 * 'native' or 'wasm'.
 */
function createRatecardApi(backend, binding) {
  const evaluateJson = (requestJson) => binding.evaluateJson(requireRequestText(requestJson));
  const evaluateJsonAsync = binding.evaluateJsonAsync
    ? async (requestJson) => binding.evaluateJsonAsync(requireRequestText(requestJson))
    : async (requestJson) => evaluateJson(requestJson);
  const evaluate = (request) => JSON.parse(evaluateJson(stringifyRequest(request)));
  const run = (request) => resultOf(evaluate(request));

  const rc = {
    backend,
    coreVersion: binding.coreVersion,
    tzdataVersion: binding.tzdataVersion,
    evaluateJson,
    evaluateJsonAsync,
    evaluate,
    evaluateAsync: async (request) => JSON.parse(await evaluateJsonAsync(stringifyRequest(request))),
    run,
    batch: (requests) => run({ op: 'batch', requests }).responses,
  };
  for (const op of OP_HELPERS) {
    rc[op] = (fields) => run({ ...fields, op }); // `op` last: the helper's op always wins
  }
  return Object.freeze(rc);
}

module.exports = { createRatecardApi };
