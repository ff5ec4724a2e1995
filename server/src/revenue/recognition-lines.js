'use strict';
const { coreInstant } = require('../subscriptions/calendar');
const { WALL_CLOCK } = require('./scopes');

const isZero = (amount) => !/[1-9]/.test(amount);
const isNegative = (amount) => amount.startsWith('-');
const magnitude = (amount) => amount.replace(/^-/, '');

/// The finalized invoices of a scope's customers (drafts have no revenue), oldest first.
async function finalizedInvoicesOfScope(executor, scope, currency = null) {
  let query = executor.selectFrom('invoices').innerJoin('customers', 'customers.id', 'invoices.customer_id')
    .select(['invoices.id', 'invoices.currency', 'invoices.finalized_at', 'invoices.voided_at', 'invoices.core_result'])
    .where('invoices.finalized_at', 'is not', null)
    .orderBy('invoices.finalized_at').orderBy('invoices.id');
  query = scope === WALL_CLOCK ? query.where('customers.test_clock_id', 'is', null) : query.where('customers.test_clock_id', '=', scope);
  if (currency) query = query.where('invoices.currency', '=', currency);
  return query.execute();
}

/// The core `recognize` request's lines and reversals of each currency, from finalized invoices:
/// Map(currency → { lines, reversals, invoicedMonth: Map(line id → "YYYY-MM"), unmatchedCredits }).
/// - each line's revenue is its net (`taxable_amount`: after discounts, without tax), recognized
///   day by day over its period (subscription fees, prorations, usage, one-off lines all carry
///   one), entering deferred revenue when the invoice is finalized;
/// - a negative line (a proration credit for unused time) reverses the line that charged that
///   period (same subscription and item), on the day its invoice is finalized; one without such
///   a line is listed in `unmatchedCredits` and left out;
/// - a voided invoice reverses its positive lines on the day it is voided (its credits never
///   count).
function recognitionInputs(invoices) {
  const byCurrency = new Map();
  for (const invoice of invoices) {
    if (!byCurrency.has(invoice.currency)) {
      byCurrency.set(invoice.currency, { lines: [], reversals: [], invoicedMonth: new Map(), unmatchedCredits: [], charged: [] });
    }
    const inputs = byCurrency.get(invoice.currency);
    const { lines } = JSON.parse(invoice.core_result);
    lines.forEach((line, index) => {
      const id = `${invoice.id}/${index + 1}`;
      const net = line.taxable_amount;
      if (isZero(net)) return;
      if (isNegative(net)) {
        if (!invoice.voided_at) addCredit(inputs, { id, invoice, line, amount: magnitude(net) });
        return;
      }
      inputs.lines.push(coreLine(id, invoice, line, net));
      inputs.invoicedMonth.set(id, invoice.finalized_at.slice(0, 7));
      inputs.charged.push({ id, line });
      if (invoice.voided_at) inputs.reversals.push({ line: id, amount: net, at: coreInstant(invoice.voided_at) });
    });
  }
  for (const inputs of byCurrency.values()) delete inputs.charged;
  return byCurrency;
}

function coreLine(id, invoice, line, amount) {
  const period = line.period;
  const invoicedAt = coreInstant(invoice.finalized_at);
  if (period && period.end > period.start) {
    return { id, kind: 'subscription', amount, service_start: period.start, service_end: period.end, invoiced_at: invoicedAt };
  }
  return { id, kind: 'one_off', amount, recognized_at: invoicedAt, invoiced_at: invoicedAt };
}

/// A credit reverses the latest line charged for the same subscription item over a period that
/// holds the credit's start.
function addCredit(inputs, { id, invoice, line, amount }) {
  const start = line.period && line.period.start;
  const charged = [...inputs.charged].reverse().find(({ line: candidate }) => line.item_id && candidate.item_id === line.item_id
    && candidate.subscription_id === line.subscription_id && candidate.period && start
    && candidate.period.start <= start && start < candidate.period.end);
  if (!charged) {
    inputs.unmatchedCredits.push({ id, amount });
    return;
  }
  inputs.reversals.push({ line: charged.id, amount, at: coreInstant(invoice.finalized_at) });
}

module.exports = { finalizedInvoicesOfScope, recognitionInputs };
