'use strict';
// The inputs of what-if pricing: for every current subscription that pays a price, the quantity
// and amount its last finalized invoice billed for it, read from the invoice's stored core result
// (the line as billed). The browser reprices these quantities with the core (web/src/dashboard/what-if/).
const { parseJson } = require('../db/rows');
const { ENDED_STATUSES } = require('../subscriptions/change');

/// How many subscriptions or invoices one query reads at once (an `in` list).
const CHUNK = 500;

const chunksOf = (list) => Array.from({ length: Math.ceil(list.length / CHUNK) }, (unused, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));

/// The current subscriptions that pay `priceId` (on their plan version or as an add-on's price),
/// in id order: [{ id, customer_id, item }] where `item` is the invoice item id's suffix
/// ("price:<id>" or "add_on:<id>"). `testClock` null: customers on no test clock. `planId`: only
/// the subscriptions on that plan paying the price in their plan version (no add-on).
async function subscriptionsPaying(executor, priceId, testClock, planId) {
  const current = (query) => {
    const live = query.innerJoin('customers', 'customers.id', 'subscriptions.customer_id')
      .where('subscriptions.status', 'not in', ENDED_STATUSES);
    return testClock ? live.where('customers.test_clock_id', '=', testClock) : live.where('customers.test_clock_id', 'is', null);
  };
  let onPlan = current(executor.selectFrom('subscriptions')
    .innerJoin('plan_version_prices', (join) => join.onRef('plan_version_prices.plan_id', '=', 'subscriptions.plan_id')
      .onRef('plan_version_prices.version', '=', 'subscriptions.plan_version')))
    .where('plan_version_prices.price_id', '=', priceId)
    .select(['subscriptions.id', 'subscriptions.customer_id']);
  if (planId) onPlan = onPlan.where('subscriptions.plan_id', '=', planId);
  const found = new Map((await onPlan.execute()).map((row) => [row.id, { ...row, item: `price:${priceId}` }]));
  const addOns = planId ? [] : (await executor.selectFrom('add_ons').select('id').where('price_id', '=', priceId).execute()).map((row) => row.id);
  if (addOns.length) {
    const withAddOns = await current(executor.selectFrom('subscriptions')).where('subscriptions.add_ons', '!=', '[]')
      .select(['subscriptions.id', 'subscriptions.customer_id', 'subscriptions.add_ons']).execute();
    for (const row of withAddOns) {
      const addOn = (parseJson(row.add_ons) || []).find((entry) => addOns.includes(entry.add_on));
      if (addOn && !found.has(row.id)) found.set(row.id, { id: row.id, customer_id: row.customer_id, item: `add_on:${addOn.add_on}` });
    }
  }
  return [...found.values()].sort((a, b) => (a.id < b.id ? -1 : Number(a.id > b.id)));
}

/// Each subscription's finalized (not void) invoices, latest billing first: Map(id -> [invoice id]).
async function finalizedInvoices(executor, subscriptionIds) {
  const bySubscription = new Map(subscriptionIds.map((id) => [id, []]));
  for (const ids of chunksOf(subscriptionIds)) {
    const rows = await executor.selectFrom('subscription_billings').innerJoin('invoices', 'invoices.id', 'subscription_billings.invoice_id')
      .select(['subscription_billings.subscription_id', 'subscription_billings.invoice_id'])
      .where('subscription_billings.subscription_id', 'in', ids).where('invoices.finalized_at', 'is not', null).where('invoices.status', '!=', 'void')
      .orderBy('subscription_billings.subscription_id').orderBy('subscription_billings.moment', 'desc').execute();
    for (const row of rows) bySubscription.get(row.subscription_id).push(row.invoice_id);
  }
  return bySubscription;
}

/// The lines of invoices by id: Map(invoice id -> lines), read in chunks.
async function invoiceLines(executor, invoiceIds) {
  const lines = new Map();
  for (const ids of chunksOf(invoiceIds)) {
    const rows = await executor.selectFrom('invoices').select(['id', 'core_result']).where('id', 'in', ids).execute();
    for (const row of rows) lines.set(row.id, JSON.parse(row.core_result).lines);
  }
  return lines;
}

/// What each current subscription paying `priceId` was last billed for it: { billed: [{
/// subscription, customer, invoice, quantity, amount }] in subscription id order, unbilled (how
/// many have no finalized invoice with a line of the price yet) }. The latest finalized invoice
/// with the item's fixed or usage line counts (a first invoice bills no usage: the one before).
/// `planId`: only the subscriptions on that plan.
async function whatIfInputs(executor, { priceId, testClock = null, planId = null }) {
  const subscriptions = await subscriptionsPaying(executor, priceId, testClock, planId);
  const candidates = await finalizedInvoices(executor, subscriptions.map((sub) => sub.id));
  const found = new Map();
  let pending = subscriptions.filter((sub) => candidates.get(sub.id).length);
  while (pending.length) {
    const lines = await invoiceLines(executor, [...new Set(pending.map((sub) => candidates.get(sub.id)[0]))]);
    const next = [];
    for (const sub of pending) {
      const invoice = candidates.get(sub.id).shift();
      const itemId = `${sub.id}/${sub.item}`;
      const line = lines.get(invoice).find((entry) => entry.item_id === itemId && (entry.kind === 'fixed' || entry.kind === 'usage'));
      if (line) found.set(sub.id, { subscription: sub.id, customer: sub.customer_id, invoice, quantity: line.quantity, amount: line.amount });
      else if (candidates.get(sub.id).length) next.push(sub);
    }
    pending = next;
  }
  const billed = subscriptions.filter((sub) => found.has(sub.id)).map((sub) => found.get(sub.id));
  return { billed, unbilled: subscriptions.length - billed.length };
}

/// The plans that list `priceId` in any of their versions, with their current version (where a
/// price migration starts): [{ id, version }] in id order.
async function plansWithPrice(executor, priceId) {
  return executor.selectFrom('plans').select(['plans.id', 'plans.version'])
    .where('plans.id', 'in', executor.selectFrom('plan_version_prices').select('plan_id').where('price_id', '=', priceId))
    .orderBy('plans.id').execute();
}

module.exports = { whatIfInputs, plansWithPrice };
