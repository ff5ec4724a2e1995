'use strict';
const { recognitionSources, recognitionInputs } = require('./recognition-lines');
const { planLineFilter } = require('./plan-lines');

/// Revenue recognition of a scope's finalized invoices and credit notes through the core's `recognize` op
/// (monthly, in UTC), of every line or of `plan`'s (plan-lines.js), per currency: [{ currency, periods, unmatchedCredits }], `periods` being
/// the core's ({ period, start, end, recognized, deferred }: deferred revenue at the period's end).
async function recognizeRevenue(executor, core, { scope, currency, plan }) {
  const byCurrency = recognitionInputs(core, await recognitionSources(executor, scope, currency), await planLineFilter(executor, plan));
  return [...byCurrency.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, inputs]) => ({
    currency: code,
    periods: recognize(core, code, inputs.lines, inputs.reversals).periods,
    unmatchedCredits: inputs.unmatchedCredits,
  }));
}

/// The deferred revenue waterfall: for each month revenue was invoiced in, how it is recognized
/// month by month and what of it is still deferred at each month's end, per currency:
/// [{ currency, invoiced_period, periods }].
async function deferredRevenueWaterfall(executor, core, { scope, currency, plan }) {
  const byCurrency = recognitionInputs(core, await recognitionSources(executor, scope, currency), await planLineFilter(executor, plan));
  const waterfall = [];
  for (const [code, inputs] of [...byCurrency.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const months = [...new Set(inputs.invoicedMonth.values())].sort();
    for (const month of months) {
      const lines = inputs.lines.filter((line) => inputs.invoicedMonth.get(line.id) === month);
      const ids = new Set(lines.map((line) => line.id));
      const reversals = inputs.reversals.filter((reversal) => ids.has(reversal.line));
      waterfall.push({ currency: code, invoiced_period: month, periods: recognize(core, code, lines, reversals).periods });
    }
  }
  return waterfall;
}

function recognize(core, currency, lines, reversals) {
  return core.run({ op: 'recognize', currency, granularity: 'month', lines, reversals });
}

module.exports = { recognizeRevenue, deferredRevenueWaterfall };
