'use strict';
// What a subscription spent in one of its periods, for its minimum commitment: the fixed fees
// billed in advance when the period started, and usage priced by the core as it was billed.
const { computeInvoice, sumAmounts } = require('../invoicing/core-invoice');
const { coreInstant } = require('../subscriptions/calendar');

/// The fixed fees the subscription was charged for `period`: the in-advance lines of the
/// invoice that billed the period when it started (added up by the core; "0.00" without one).
async function fixedSpend(executor, { core }, subscriptionId, period, currency) {
  const billed = await executor.selectFrom('subscription_billings').innerJoin('invoices', 'invoices.id', 'subscription_billings.invoice_id')
    .select('invoices.core_result').where('subscription_billings.subscription_id', '=', subscriptionId)
    .where('subscription_billings.period_start', '=', period.start).executeTakeFirst();
  if (!billed) return sumAmounts(core, currency, []);
  const lines = JSON.parse(billed.core_result).lines
    .filter((line) => line.subscription_id === subscriptionId && line.kind === 'fixed');
  return sumAmounts(core, currency, lines.map((line) => line.amount));
}

/// The core's price of usage items at given quantities, each rounded as an invoice line is:
/// `groups` is { name: [{ item (a core usage item), quantity }] }; returns { name: Map(item id
/// -> amount) }. Groups are priced apart, so one item may be priced at several quantities.
function usageAmounts(core, currency, period, groups) {
  const usage = [];
  const subscriptions = Object.entries(groups).map(([name, priced]) => ({
    id: name,
    items: priced.map(({ item, quantity }) => {
      const code = `${name}:${item.id}`;
      usage.push({ code, value: quantity });
      return { id: item.id, type: 'usage', price: item.price, metric: code };
    }),
  }));
  const { result } = computeInvoice(core, {
    op: 'invoice', customer: { currency }, arrears_period: { start: coreInstant(period.start), end: coreInstant(period.end) },
    subscriptions, usage,
  });
  return Object.fromEntries(Object.keys(groups).map((name) => [name,
    new Map(result.lines.filter((line) => line.subscription_id === name).map((line) => [line.item_id, line.amount]))]));
}

module.exports = { fixedSpend, usageAmounts };
