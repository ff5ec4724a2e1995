'use strict';
// Late usage adjustments on an invoice: a subscription's billed periods whose usage changed
// since they were invoiced (late events, voids), priced as the invoice that billed the period
// priced them (its stored core request: a catalog change since does not reprice old usage).
//
// A period billed early by threshold invoices (progressive billing) is priced the same way:
// each metric as the first invoice that billed it for the period, so the period-end invoice and
// later threshold invoices bill its remainder price(total) − price(billed).
//
// An increase is a `late_usage` item of the core's invoice op: price(billed + late) −
// price(billed), the period's minimum commitment true-up recomputed by the core. The core
// takes no negative quantities, so a decrease (voids) is a credit: the core prices the billed
// and the current quantity, and price(current) − price(billed) (their core sum) becomes a
// `proration` line of kind `credit` naming the item and the period; with a minimum commitment,
// the change of the true-up that credit causes is a proration line too (computed by the core
// from the commitment's spend before and after).
const { usageForPeriod } = require('../usage');
const { computeInvoice, sumAmounts, isZeroAmount, negateAmount } = require('../invoicing/core-invoice');
const { coreInstant } = require('../subscriptions/calendar');
const { fixedSpend, usageAmounts } = require('./period-spend');

const corePeriod = ({ start, end }) => ({ start: coreInstant(start), end: coreInstant(end) });

/// The invoice parts of a subscription's pending late adjustments (as claimLateAdjustments or
/// pendingLateAdjustments give them): { entries (the core's `late_usage` entries, one per
/// period with increases), prorations (credit lines for decreases, and the true-up changes
/// they cause) }.
async function lateUsageParts(executor, services, { subscriptionId, adjustments, currency }) {
  const parts = { entries: [], prorations: [] };
  const byPeriod = new Map();
  for (const adjustment of adjustments) {
    if (!byPeriod.has(adjustment.period.start)) byPeriod.set(adjustment.period.start, []);
    byPeriod.get(adjustment.period.start).push(adjustment);
  }
  for (const changes of byPeriod.values()) {
    const { period } = changes[0];
    const billing = await periodBilling(executor, subscriptionId, period);
    const { entry, prorations } = await periodParts(executor, services, { subscriptionId, period, currency, billing, changes });
    if (entry) parts.entries.push(entry);
    parts.prorations.push(...prorations);
  }
  return parts;
}

/// How `period`'s usage was billed, from the stored core requests of the invoices that billed it
/// (its threshold invoices, oldest first, then the one that billed it in arrears): { items (the
/// usage items, each metric's from the first invoice that billed it), commitment (the arrears
/// invoice's minimum commitment, or null: none yet while the period has not been closed) }.
async function periodBilling(executor, subscriptionId, period) {
  const early = await executor.selectFrom('threshold_billings').innerJoin('invoices', 'invoices.id', 'threshold_billings.invoice_id')
    .select(['invoices.id', 'invoices.core_request']).where('threshold_billings.subscription_id', '=', subscriptionId)
    .where('threshold_billings.period_start', '=', period.start).orderBy('threshold_billings.sequence').execute();
  const arrears = await executor.selectFrom('subscription_billings').innerJoin('invoices', 'invoices.id', 'subscription_billings.invoice_id')
    .select(['invoices.id', 'invoices.core_request']).where('subscription_billings.subscription_id', '=', subscriptionId)
    .where('subscription_billings.arrears_start', '=', period.start).execute();
  const items = [];
  let commitment = null;
  for (const [index, row] of [...early, ...arrears].entries()) {
    const billed = JSON.parse(row.core_request).subscriptions.find((subscription) => subscription.id === subscriptionId);
    if (!billed) continue;
    for (const item of billed.items) {
      if (item.type === 'usage' && !items.some((known) => known.metric === item.metric)) items.push(item);
    }
    if (index >= early.length && billed.minimum_commitment) commitment = billed.minimum_commitment;
  }
  return { items, commitment };
}

async function periodParts(executor, services, { subscriptionId, period, currency, billing, changes }) {
  const { core } = services;
  const itemOf = (metric) => {
    const item = billing.items.find((candidate) => candidate.metric === `${subscriptionId}/${metric}`);
    if (!item) throw new Error(`no invoice billed the ${metric} usage of ${subscriptionId} for the period from ${period.start}: its late usage cannot be priced`);
    return item;
  };
  const changed = changes.filter((change) => !isZeroAmount(change.late_quantity)).map((change) => ({ change, item: itemOf(change.metric) }));
  const increases = changed.filter(({ change }) => !change.late_quantity.startsWith('-'));
  const decreases = changed.filter(({ change }) => change.late_quantity.startsWith('-'));
  const prorations = [];
  let spend = null;
  if (billing.commitment || decreases.length) {
    const priced = await pricedQuantities(executor, services, { subscriptionId, period, currency, billing, changes, decreases });
    spend = billing.commitment ? sumAmounts(core, currency, [await fixedSpend(executor, services, subscriptionId, period, currency), ...priced.billed.values()]) : null;
    const credits = decreases.map(({ change, item }) => creditLine(subscriptionId, period, item, change,
      sumAmounts(core, currency, [priced.current.get(item.id), negateAmount(priced.billed.get(item.id))])));
    prorations.push(...credits);
    if (billing.commitment && credits.length) {
      const after = sumAmounts(core, currency, [spend, ...credits.map((line) => line.amount)]);
      const trueUp = trueUpChange(core, currency, period, billing.commitment, spend, after);
      if (!isZeroAmount(trueUp)) prorations.push(trueUpLine(subscriptionId, period, billing.commitment, trueUp));
      spend = after;
    }
  }
  if (!increases.length) return { entry: null, prorations };
  const entry = {
    subscription_id: subscriptionId, period: corePeriod(period),
    items: increases.map(({ change, item }) => ({
      ...lineFields(item), metric: item.metric, price: item.price, billed_quantity: change.billed_quantity, late_quantity: change.late_quantity,
    })),
  };
  if (billing.commitment) entry.minimum_commitment = { amount: billing.commitment.amount, spend, ...taxOf(billing.commitment) };
  return { entry, prorations };
}

// The core's price of every usage item of the period at its billed quantity (`billed`), and of
// each decreased item at its current quantity (`current`): Maps by item id.
async function pricedQuantities(executor, services, { subscriptionId, period, currency, billing, changes, decreases }) {
  const billed = [];
  for (const item of billing.items) {
    const metric = item.metric.slice(subscriptionId.length + 1);
    const change = changes.find((candidate) => candidate.metric === metric);
    const quantity = change ? change.billed_quantity
      : (await usageForPeriod(executor, services, { subscriptionId, metric, period })).billed.aggregate.value;
    billed.push({ item, quantity });
  }
  const current = decreases.map(({ change, item }) => ({ item, quantity: change.current.value }));
  return usageAmounts(services.core, currency, period, { billed, current });
}

// The change of the commitment's true-up when the period's spend goes from `before` to `after`:
// the core's true-up at each (none: zero), then their difference (a core sum).
function trueUpChange(core, currency, period, commitment, before, after) {
  const { result } = computeInvoice(core, {
    op: 'invoice', customer: { currency }, arrears_period: corePeriod(period),
    subscriptions: [
      { id: 'after', items: [], minimum_commitment: { amount: commitment.amount, prior_spend: after } },
      { id: 'before', items: [], minimum_commitment: { amount: commitment.amount, prior_spend: before } },
    ],
  });
  const trueUp = (id) => result.lines.filter((line) => line.subscription_id === id).map((line) => line.amount);
  return sumAmounts(core, currency, [...trueUp('after'), ...trueUp('before').map(negateAmount)]);
}

// How the item (or commitment) of the period's invoice was taxed: its lines here are taxed alike.
const taxOf = (source) => ({
  ...(source.tax_category !== undefined ? { tax_category: source.tax_category } : {}),
  ...(source.tax_behavior !== undefined ? { tax_behavior: source.tax_behavior } : {}),
});

const lineFields = (item) => ({ id: item.id, ...(item.description !== undefined ? { description: item.description } : {}), ...taxOf(item) });

function creditLine(subscriptionId, period, item, change, amount) {
  return {
    amount, kind: 'credit', item: item.id, quantity: negateAmount(change.late_quantity), subscription_id: subscriptionId,
    ...corePeriod(period), description: `${item.description || change.metric}: usage taken back`, ...taxOf(item),
  };
}

function trueUpLine(subscriptionId, period, commitment, amount) {
  return {
    amount, kind: amount.startsWith('-') ? 'credit' : 'charge', subscription_id: subscriptionId, ...corePeriod(period),
    description: 'Minimum commitment true-up: usage taken back', ...taxOf(commitment),
  };
}

module.exports = { lateUsageParts, periodBilling };
