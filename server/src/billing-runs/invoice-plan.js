'use strict';
// What a customer is billed at one billing moment: for each subscription due then, what it
// owes (fixed items in advance for the period that starts, usage in arrears for the period that
// ended, pending prorations, its coupon, its minimum commitment), grouped into invoices (one per
// pair of periods: consolidation; one per subscription for a customer whose
// invoice_consolidation is off), each as the core's `invoice` request. Reads only; usage comes
// through `readUsage`, so the same plan serves billing (which records usage as billed) and the
// upcoming invoice (which only reads it).
const { parseJson } = require('../db/rows');
const { planVersionPrices } = require('../catalog/plans');
const { periodItems, storedAddOns } = require('../subscriptions/items');
const { scheduleOf } = require('../subscriptions/subscriptions');
const calendar = require('../subscriptions/calendar');
const { readSettings } = require('../settings/seller-settings');
const { invoiceTax, itemTaxFields } = require('../invoicing/tax');
const { sumAmounts } = require('../invoicing/core-invoice');

/// What a subscription's billing at `moment` is: { kind, period, arrears } where kind is
/// `first` (its first period in advance), `cycle` (the next period in advance, the last one
/// in arrears), `final` (the last period in arrears: it ended), `skipped` (paused: the period
/// is not billed) or `done` (it ended before it was ever billed).
function billingKind(core, { subscription, plan, last, moment }) {
  const ended = subscription.status === 'canceled' && subscription.ended_at !== null && subscription.ended_at <= moment;
  const lastPeriod = last && last.period_start ? { start: last.period_start, end: last.period_end } : null;
  if (ended) return lastPeriod ? { kind: 'final', period: null, arrears: lastPeriod } : { kind: 'done', period: null, arrears: null };
  const period = calendar.periodAt(core, scheduleOf(subscription, plan), moment);
  if (subscription.status === 'paused') return { kind: 'skipped', period, arrears: null };
  return { kind: lastPeriod ? 'cycle' : 'first', period, arrears: lastPeriod };
}

/// The invoices of `customer` at `moment` for `due` ([{ subscription, plan, last, couponPeriods }],
/// subscriptions caught up to the moment). Returns { invoices: [{ key, request, entries }], skipped }
/// where each entry is { subscription, kind, period, arrears, usage: [UsageAggregate] }.
/// `readUsage(subscriptionId, metric, period, key)` gives a usage aggregate (`key` names the
/// invoice it goes on: one per distinct [period, arrears]).
async function planInvoices(executor, services, { customer, moment, due, readUsage }) {
  const { core } = services;
  const settings = await readSettings(executor);
  const taxFields = itemTaxFields(settings);
  const groups = new Map();
  const skipped = [];
  for (const item of due) {
    const billing = billingKind(core, { ...item, moment });
    const separate = Number(customer.invoice_consolidation) === 0 ? [item.subscription.id] : [];
    const key = JSON.stringify([billing.period, billing.arrears, ...separate]);
    const entry = { ...item, ...billing, key, usage: [] };
    if (billing.kind === 'skipped' || billing.kind === 'done') {
      skipped.push(entry);
      continue;
    }
    entry.core = await subscriptionEntry(executor, services, entry, { taxFields, readUsage, currency: customer.currency });
    if (billing.kind === 'final' && isEmpty(entry.core)) {
      skipped.push(entry); // it ended with nothing left to bill in arrears
      continue;
    }
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(entry);
  }
  const tax = invoiceTax(settings, customer, moment);
  const invoices = [...groups.entries()].map(([key, entries]) => ({ key, entries, request: invoiceRequest(customer, entries, tax) }));
  return { invoices, skipped };
}

const isEmpty = (core) => !core.subscription.items.length && !core.prorations.length && !core.subscription.minimum_commitment;

function invoiceRequest(customer, entries, tax) {
  const [{ period, arrears }] = entries;
  const request = { op: 'invoice', customer: { id: customer.id, currency: customer.currency, billing_zone: customer.timezone } };
  if (period) request.period = corePeriod(period);
  if (arrears) request.arrears_period = corePeriod(arrears);
  request.subscriptions = entries.map((entry) => entry.core.subscription);
  const usage = entries.flatMap((entry) => entry.core.usage);
  if (usage.length) request.usage = usage;
  const prorations = entries.flatMap((entry) => entry.core.prorations);
  if (prorations.length) request.prorations = prorations;
  const coupons = entries.flatMap((entry) => entry.core.coupons);
  if (coupons.length) request.coupons = coupons;
  if (tax) request.tax = tax;
  return request;
}

const corePeriod = ({ start, end }) => ({ start: calendar.coreInstant(start), end: calendar.coreInstant(end) });

// Item ids carry their subscription ("sub_.../price:price_..."), so a coupon's applies_to
// reaches only its own subscription's lines on a consolidated invoice.
async function subscriptionEntry(executor, services, entry, { taxFields, readUsage, currency }) {
  const { subscription, plan, kind, arrears } = entry;
  const prefix = (id) => `${subscription.id}/${id}`;
  const items = [];
  if (kind === 'first' || kind === 'cycle') {
    const fixed = await periodItems(executor, { planId: subscription.plan_id, planVersion: subscription.plan_version, quantity: subscription.quantity, addOns: storedAddOns(subscription) });
    for (const item of fixed) {
      items.push({ id: prefix(item.id), type: 'fixed', description: item.price.nickname || plan.name, price: item.price.pricing, quantity: item.quantity, ...taxFields });
    }
  }
  const usage = [];
  if (arrears) {
    for (const price of await planVersionPrices(executor, subscription.plan_id, subscription.plan_version)) {
      if (price.type !== 'usage') continue;
      const aggregate = await readUsage(subscription.id, price.metric, arrears, entry.key);
      entry.usage.push(aggregate);
      const code = prefix(price.metric);
      items.push({ id: prefix(`price:${price.id}`), type: 'usage', metric: code, description: price.nickname || price.metric, price: price.pricing, ...taxFields });
      usage.push({ ...aggregate.aggregate, code });
    }
  }
  const coreSubscription = { id: subscription.id, items };
  if (arrears && plan.minimum_amount) {
    coreSubscription.minimum_commitment = { amount: plan.minimum_amount, prior_spend: await priorSpend(executor, services, subscription, arrears, currency), ...taxFields };
  }
  const prorations = (parseJson(subscription.pending_prorations) || []).map((line) => ({
    ...line, ...(line.item ? { item: prefix(line.item) } : {}), subscription_id: subscription.id,
  }));
  return { subscription: coreSubscription, usage, prorations, coupons: await couponsOf(executor, entry, items, prorations) };
}

// What the subscription was charged for `period` on earlier invoices: the in-advance lines of
// the invoice that billed the period when it started (the core adds them up).
async function priorSpend(executor, { core }, subscription, period, currency) {
  const billed = await executor.selectFrom('subscription_billings').innerJoin('invoices', 'invoices.id', 'subscription_billings.invoice_id')
    .select('invoices.core_result').where('subscription_billings.subscription_id', '=', subscription.id)
    .where('subscription_billings.period_start', '=', period.start).executeTakeFirst();
  if (!billed) return sumAmounts(core, currency, []);
  const lines = JSON.parse(billed.core_result).lines
    .filter((line) => line.subscription_id === subscription.id && line.kind === 'fixed');
  return sumAmounts(core, currency, lines.map((line) => line.amount));
}

async function couponsOf(executor, entry, items, prorations) {
  const { subscription, couponPeriods } = entry;
  if (!subscription.coupon_id) return [];
  const coupon = await executor.selectFrom('coupons').selectAll().where('id', '=', subscription.coupon_id).executeTakeFirstOrThrow();
  const targets = parseJson(coupon.applies_to) || [];
  const inScope = (itemId) => !targets.length || targets.includes(subscription.plan_id) || targets.some((priceId) => itemId.endsWith(`price:${priceId}`));
  const scope = [...new Set([...items.map((item) => item.id), ...prorations.filter((line) => line.item).map((line) => line.item)])].filter(inScope);
  const core = { id: `${subscription.id}/${coupon.id}`, duration: coupon.duration, periods_applied: couponPeriods, applies_to: scope };
  if (coupon.percent_off !== null) core.percent_off = coupon.percent_off;
  else Object.assign(core, { amount_off: coupon.amount_off, currency: coupon.currency });
  if (coupon.duration === 'repeating') core.duration_periods = coupon.duration_in_periods;
  return scope.length ? [core] : [];
}

module.exports = { planInvoices, billingKind };
