'use strict';
// What a customer is billed at one billing moment: for each subscription due then, what it
// owes (fixed items in advance for the period that starts, usage in arrears for the period that
// ended, pending prorations, its coupon, its minimum commitment), grouped into invoices (one per
// pair of periods: consolidation; one per subscription for a customer whose
// invoice_consolidation is off), each as the core's `invoice` request, with each subscription's
// pending late usage adjustments. Reads only; usage comes through `readUsage` and `readLate`, so
// the same plan serves billing (which records usage as billed) and the upcoming invoice (which
// only reads it).
const { parseJson } = require('../db/rows');
const { periodItems, storedAddOns } = require('../subscriptions/items');
const { scheduleOf } = require('../subscriptions/subscriptions');
const calendar = require('../subscriptions/calendar');
const { directReads } = require('./batch-reads');
const { invoiceTax, itemTaxFields } = require('../invoicing/tax');
const { sumAmounts } = require('../invoicing/core-invoice');
const { lateUsageParts, periodBilling } = require('./late-usage');
const { fixedSpend, usageAmounts } = require('./period-spend');
const { usageForPeriod } = require('../usage');

/// What a subscription's billing at `moment` is: { kind, period, arrears } where kind is
/// `first` (its first period in advance), `cycle` (the next period in advance, the last one
/// in arrears), `final` (the last period in arrears: it ended), `late` (after it ended, when no
/// late event for its periods can arrive anymore: only its late usage adjustments), `skipped`
/// (paused: the period is not billed) or `done` (it ended before it was ever billed, or it was a
/// checkout that expired unpaid: its first invoice is voided, nothing of it is billed).
function billingKind(core, { subscription, plan, last, moment }) {
  const endedBy = subscription.ended_at !== null && subscription.ended_at <= moment;
  if (subscription.status === 'incomplete_expired' && endedBy) return { kind: 'done', period: null, arrears: null };
  const ended = subscription.status === 'canceled' && endedBy;
  const lastPeriod = last && last.period_start ? { start: last.period_start, end: last.period_end } : null;
  if (ended && !lastPeriod) return { kind: 'done', period: null, arrears: null };
  if (ended) return { kind: moment > subscription.ended_at ? 'late' : 'final', period: null, arrears: lastPeriod };
  const period = calendar.periodAt(core, scheduleOf(subscription, plan), moment);
  if (subscription.status === 'paused') return { kind: 'skipped', period, arrears: null };
  return { kind: lastPeriod ? 'cycle' : 'first', period, arrears: lastPeriod };
}

/// The invoices of `customer` at `moment` for `due` ([{ subscription, plan, last, couponPeriods }],
/// subscriptions caught up to the moment). Returns { invoices: [{ key, request, entries }], skipped }
/// where each entry is { subscription, kind, period, arrears, usage: [UsageAggregate], late:
/// [late adjustments] }. `readUsage(subscriptionId, metric, period, key)` gives a usage
/// aggregate (`key` names the invoice it goes on: one per distinct [period, arrears]);
/// `readLate(subscriptionId)` the subscription's pending late adjustments; `reads` the settings
/// and prices (batch-reads.js).
async function planInvoices(executor, services, { customer, moment, due, readUsage, readLate, reads = directReads(executor, services) }) {
  const { core } = services;
  const settings = await reads.settings();
  const taxFields = itemTaxFields(settings);
  const groups = new Map();
  const skipped = [];
  for (const item of due) {
    const billing = billingKind(core, { ...item, moment });
    const separate = Number(customer.invoice_consolidation) === 0 ? [item.subscription.id] : [];
    const key = JSON.stringify([...(billing.kind === 'late' ? ['late', billing.arrears] : [billing.period, billing.arrears]), ...separate]);
    const entry = { ...item, ...billing, key, usage: [], late: [] };
    if (billing.kind === 'skipped' || billing.kind === 'done') {
      skipped.push(entry);
      continue;
    }
    entry.core = await subscriptionEntry(executor, services, entry, { taxFields, readUsage, readLate, currency: customer.currency, reads });
    if ((billing.kind === 'final' || billing.kind === 'late') && isEmpty(entry.core)) {
      skipped.push(entry); // it ended with nothing left to bill
      continue;
    }
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(entry);
  }
  const tax = invoiceTax(settings, customer, moment);
  const invoices = [...groups.entries()].map(([key, entries]) => ({ key, entries, request: invoiceRequest(customer, entries, tax) }));
  return { invoices, skipped };
}

const isEmpty = (core) => !core.subscription.items.length && !core.prorations.length && !core.subscription.minimum_commitment
  && !core.late.entries.length && !core.late.prorations.length;

function invoiceRequest(customer, entries, tax) {
  const [{ period, arrears }] = entries;
  const request = { op: 'invoice', customer: { id: customer.id, currency: customer.currency, billing_zone: customer.timezone } };
  if (period) request.period = corePeriod(period);
  if (arrears) request.arrears_period = corePeriod(arrears);
  request.subscriptions = entries.map((entry) => entry.core.subscription);
  const usage = entries.flatMap((entry) => entry.core.usage);
  if (usage.length) request.usage = usage;
  const prorations = entries.flatMap((entry) => [...entry.core.prorations, ...entry.core.late.prorations]);
  if (prorations.length) request.prorations = prorations;
  const coupons = entries.flatMap((entry) => entry.core.coupons);
  if (coupons.length) request.coupons = coupons;
  const late = entries.flatMap((entry) => entry.core.late.entries);
  if (late.length) request.late_usage = late;
  if (tax) request.tax = tax;
  return request;
}

const corePeriod = ({ start, end }) => ({ start: calendar.coreInstant(start), end: calendar.coreInstant(end) });

// Item ids carry their subscription ("sub_.../price:price_..."), so a coupon's applies_to
// reaches only its own subscription's lines on a consolidated invoice.
async function subscriptionEntry(executor, services, entry, { taxFields, readUsage, readLate, currency, reads }) {
  const { subscription, plan, kind, arrears } = entry;
  const prefix = (id) => `${subscription.id}/${id}`;
  const items = [];
  if (kind === 'first' || kind === 'cycle') {
    const fixed = await periodItems(executor, { planId: subscription.plan_id, planVersion: subscription.plan_version, quantity: subscription.quantity, addOns: storedAddOns(subscription), readPrices: reads.prices });
    for (const item of fixed) {
      items.push({ id: prefix(item.id), type: 'fixed', description: item.price.nickname || plan.name, price: item.price.pricing, quantity: item.quantity, ...taxFields });
    }
  }
  const usage = [];
  const early = []; // metrics billed early by threshold invoices: their rest is a late adjustment
  const billsArrears = kind === 'cycle' || kind === 'final';
  if (billsArrears) {
    for (const price of await reads.prices(subscription.plan_id, subscription.plan_version)) {
      if (price.type !== 'usage') continue;
      const read = await usageForPeriod(executor, services, { subscriptionId: subscription.id, metric: price.metric, period: arrears });
      if (read.billed) {
        entry.usage.push(read);
        early.push(read);
        continue;
      }
      const aggregate = await readUsage(subscription.id, price.metric, arrears, entry.key);
      entry.usage.push(aggregate);
      const code = prefix(price.metric);
      items.push({ id: prefix(`price:${price.id}`), type: 'usage', metric: code, description: price.nickname || price.metric, price: price.pricing, ...taxFields });
      usage.push({ ...aggregate.aggregate, code });
    }
  }
  const coreSubscription = { id: subscription.id, items };
  if (billsArrears && plan.minimum_amount) {
    coreSubscription.minimum_commitment = { amount: plan.minimum_amount, prior_spend: await priorSpend(executor, services, subscription.id, arrears, currency, early), ...taxFields };
  }
  const prorations = (parseJson(subscription.pending_prorations) || []).map((line) => ({
    ...line, ...(line.item ? { item: prefix(line.item) } : {}), subscription_id: subscription.id,
  }));
  entry.late = await readLate(subscription.id);
  const late = await lateUsageParts(executor, services, { subscriptionId: subscription.id, adjustments: entry.late, currency });
  return { subscription: coreSubscription, usage, prorations, late, coupons: await couponsOf(reads, entry, items, prorations) };
}

// What the subscription spent for `period` besides this invoice's usage lines: the fixed fees
// billed when it started, and the usage billed early by threshold invoices at its whole
// quantity (the rest is billed on this invoice as late adjustments), priced by the core as the
// threshold invoices priced it.
async function priorSpend(executor, services, subscriptionId, period, currency, early) {
  const fixed = await fixedSpend(executor, services, subscriptionId, period, currency);
  if (!early.length) return fixed;
  const { items } = await periodBilling(executor, subscriptionId, period);
  const priced = early.map((read) => ({ item: items.find((item) => item.metric === `${subscriptionId}/${read.metric}`), quantity: read.aggregate.value }));
  const { spent } = usageAmounts(services.core, currency, period, { spent: priced });
  return sumAmounts(services.core, currency, [fixed, ...spent.values()]);
}

async function couponsOf(reads, entry, items, prorations) {
  const { subscription, couponPeriods } = entry;
  if (!subscription.coupon_id) return [];
  const coupon = await reads.coupon(subscription.coupon_id);
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
