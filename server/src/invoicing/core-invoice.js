'use strict';
// Every invoice amount comes from the core's `invoice` op. The result is kept as the core's
// canonical text, so a stored invoice can be recomputed and compared byte for byte.
const { version } = require('../../../package.json');

/// The core build that computes invoices, stored on each invoice.
const CORE_VERSION = `ratecard ${version}`;
const RESULT_PREFIX = '{"ok":true,"result":';

/// Computes an invoice request: { result (parsed), text (canonical result bytes), hash }.
/// A core error throws an ApiError whose path is re-rooted through `pathMap` (as core.run).
function computeInvoice(core, request, pathMap = []) {
  const response = core.ratecard.evaluateJson(JSON.stringify(request));
  if (!response.startsWith(RESULT_PREFIX)) {
    core.run(request, pathMap); // throws the core's error as an ApiError
    throw new Error(`unexpected core response: ${response.slice(0, 200)}`);
  }
  const text = response.slice(RESULT_PREFIX.length, -1);
  const result = JSON.parse(text);
  return { result, text, hash: result.content_hash };
}

/// The sum of money amounts in `currency`, computed by the core (an invoice of proration
/// lines: its subtotal), so the server adds no amounts itself. Chunks of 1,000.
function sumAmounts(core, currency, amounts) {
  if (!amounts.length) return computeInvoice(core, sumRequest(currency, [])).result.subtotal;
  let partials = amounts;
  while (partials.length > 1 || partials === amounts) {
    const next = [];
    for (let i = 0; i < partials.length; i += 1000) {
      next.push(computeInvoice(core, sumRequest(currency, partials.slice(i, i + 1000))).result.subtotal);
    }
    partials = next;
  }
  return partials[0];
}

function sumRequest(currency, amounts) {
  return {
    op: 'invoice', customer: { currency }, period: { start: '2020-01-01T00:00:00Z', end: '2020-01-02T00:00:00Z' },
    subscriptions: [], prorations: amounts.map((amount) => ({ amount })),
  };
}

/// True when a money string from the core is zero ("0.00", "0", "-0.00" never occurs).
const isZeroAmount = (amount) => /^-?0(\.0+)?$/.test(amount);

/// A money string from the core with its sign flipped (a text change, no arithmetic), so a
/// difference is a core sum: sumAmounts(core, currency, [a, negateAmount(b)]).
const negateAmount = (amount) => (amount.startsWith('-') ? amount.slice(1) : `-${amount}`);

module.exports = { computeInvoice, sumAmounts, isZeroAmount, negateAmount, CORE_VERSION };
