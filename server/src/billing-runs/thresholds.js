'use strict';
// Billing thresholds (progressive billing). Once the usage of a subscription's open period that
// no invoice has billed yet reaches one of its thresholds, an invoice is issued at once for it
// (billing_reason `subscription_threshold`); the billing cycle does not move. The first such
// invoice bills each of the plan's metrics for the open period (billUsageForPeriod: recorded
// billed at its current revision); from then on, whatever the period records more is a late
// adjustment of what was billed, so later threshold invoices and the period-end invoice bill
// price(total) − price(billed) (late-usage.js), tiers counting the whole period.
//
// One transaction per subscription, holding its billing schedule (as a billing run does, so the
// two never bill the same usage at once) and its usage lock; a row per threshold invoice in
// threshold_billings keyed by (subscription, period start, sequence), so two workers, or a crash
// and a restart, never issue the same one twice.
//
// A threshold with reset_billing_cycle restarts the billing cycle where it is reached instead
// (threshold-reset.js): the open period ends there and is billed as at its end.
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { inTransaction, parseJson } = require('../db/rows');
const { findCustomer, customerNow } = require('../customers/customers');
const { planVersionPrices } = require('../catalog/plans');
const { lockSubscription } = require('../subscriptions/subscriptions');
const { catchUpStored } = require('../subscriptions/lifecycle');
const { coreInstant } = require('../subscriptions/calendar');
const { usageForPeriod, billUsageForPeriod, claimLateAdjustments, markLateAdjustmentsBilled, lockUsage } = require('../usage');
const { readSettings } = require('../settings/seller-settings');
const { invoiceTax, itemTaxFields } = require('../invoicing/tax');
const { computeInvoice, sumAmounts, negateAmount } = require('../invoicing/core-invoice');
const { createInvoice } = require('../invoicing/lifecycle');
const { compareQuantities } = require('../credit-notes/quantities');
const { lateUsageParts } = require('./late-usage');
const { lockSchedules } = require('./bill');
const { canRestart, restartCycleAndBill } = require('./threshold-reset');

const PAGE = 500;
const HOUR_MS = 60 * 60 * 1000;
const BILLED_STATUSES = ['active', 'past_due'];

/// Checks every subscription with thresholds, each in its own transaction. Returns { invoices
/// (rows issued), failures: [{ subscription, error }] }; a failing subscription does not stop
/// the others.
async function checkAllThresholds(services) {
  const outcome = { invoices: [], failures: [] };
  for (let afterId = ''; ;) {
    const rows = await services.db.selectFrom('subscriptions').select('id').where('billing_thresholds', 'is not', null)
      .where('status', 'in', BILLED_STATUSES).where('id', '>', afterId).orderBy('id').limit(PAGE).execute();
    for (const { id } of rows) {
      try {
        const invoice = await inTransaction(services.db, (trx) => checkThresholds(trx, services, id));
        if (invoice) outcome.invoices.push(invoice);
      } catch (error) {
        outcome.failures.push({ subscription: id, error: String(error.message || error) });
      }
    }
    if (rows.length < PAGE) return outcome;
    afterId = rows[rows.length - 1].id;
  }
}

/// Issues the subscription's threshold invoice in `trx` when its open period's usage not yet
/// invoiced reaches a threshold. Returns the invoice row, or null (not reached, no thresholds,
/// not billed now, or another worker holds its schedule).
async function checkThresholds(trx, services, subscriptionId) {
  const { core, clock, dialect } = services;
  const [schedule] = await lockSchedules(trx, dialect, [subscriptionId]);
  if (!schedule || schedule.next_billing_at === null) return null;
  // The usage lock before the subscription row, in the order billing (bill.js) and the usage
  // merge take them: the other order deadlocks with a merge inserting the subscription's aggregate.
  await lockUsage(trx, services, [subscriptionId]);
  const subscription = await catchUpStored(trx, core, clock, await lockSubscription(trx, dialect, subscriptionId));
  if (!subscription.billing_thresholds || !BILLED_STATUSES.includes(subscription.status)) return null;
  const customer = await findCustomer(trx, subscription.customer_id);
  const { currency } = customer;
  const period = { start: subscription.current_period_start, end: subscription.current_period_end };
  const adjustments = await claimLateAdjustments(trx, services, { subscriptionId }); // merges its waiting events first
  const open = adjustments.filter((adjustment) => adjustment.period.start === period.start);
  const settings = await readSettings(trx);
  const unbilled = await unbilledUsage(trx, services, subscription, period, itemTaxFields(settings));

  const soFar = computeInvoice(core, invoiceRequest(customer, subscriptionId, period, unbilled, await lateUsageParts(trx, services, { subscriptionId, adjustments: open, currency }), null));
  const quantityOf = (metric) => {
    const usage = unbilled.find((entry) => entry.metric === metric);
    if (usage) return usage.value.value;
    const adjustment = open.find((entry) => entry.metric === metric);
    return adjustment ? adjustment.late_quantity : '0';
  };
  const thresholds = parseJson(subscription.billing_thresholds);
  if (!reached(core, currency, thresholds, soFar.result.subtotal, quantityOf)) return null;
  const now = toInstant(await customerNow(trx, customer, clock));
  const restartAt = `${now.slice(0, 19)}.000Z`; // billing works in whole seconds
  if (thresholds.reset_billing_cycle && await canRestart(trx, subscription, schedule, restartAt)) {
    return restartCycleAndBill(trx, services, { subscription, customer, at: restartAt });
  }

  const invoiceId = newId('in');
  for (const { metric } of unbilled) await billUsageForPeriod(trx, services, { subscriptionId, metric, period, invoiceId });
  const parts = await lateUsageParts(trx, services, { subscriptionId, adjustments, currency });
  const request = invoiceRequest(customer, subscriptionId, period, unbilled, parts, invoiceTax(settings, customer, now));
  const previous = await trx.selectFrom('threshold_billings').select((eb) => eb.fn.max('sequence').as('last'))
    .where('subscription_id', '=', subscriptionId).where('period_start', '=', period.start).executeTakeFirst();
  await trx.insertInto('threshold_billings').values({
    subscription_id: subscriptionId, period_start: period.start, period_end: period.end, sequence: Number(previous.last || 0) + 1,
    invoice_id: invoiceId, created_at: toInstant(clock.now()),
  }).execute();
  const graceMs = settings.draft_grace_hours * HOUR_MS;
  const invoice = await createInvoice(trx, services, {
    id: invoiceId, customer, request, billingReason: 'subscription_threshold',
    collectionMethod: settings.default_collection_method, daysUntilDue: settings.default_days_until_due,
    moment: now, periodStart: period.start, periodEnd: period.end,
    finalize: graceMs === 0, finalizeAt: graceMs === 0 ? null : addMilliseconds(now, graceMs),
  });
  await markLateAdjustmentsBilled(trx, services, adjustments, { invoiceId });
  return invoice;
}

// The plan's usage items no invoice has billed for `period` yet, each with its usage so far:
// [{ metric, item (the core usage item), value (the core usage entry) }].
async function unbilledUsage(trx, services, subscription, period, taxFields) {
  const unbilled = [];
  for (const price of await planVersionPrices(trx, subscription.plan_id, subscription.plan_version)) {
    if (price.type !== 'usage') continue;
    const usage = await usageForPeriod(trx, services, { subscriptionId: subscription.id, metric: price.metric, period });
    if (usage.billed) continue;
    const code = `${subscription.id}/${price.metric}`;
    unbilled.push({
      metric: price.metric,
      item: { id: `${subscription.id}/price:${price.id}`, type: 'usage', metric: code, description: price.nickname || price.metric, price: price.pricing, ...taxFields },
      value: { ...usage.aggregate, code },
    });
  }
  return unbilled;
}

// The core request of a threshold invoice: the open period in arrears, its usage not billed
// yet, and the late usage parts (the period's remainder, and older periods' adjustments).
function invoiceRequest(customer, subscriptionId, period, unbilled, parts, tax) {
  const request = {
    op: 'invoice', customer: { id: customer.id, currency: customer.currency, billing_zone: customer.timezone },
    arrears_period: { start: coreInstant(period.start), end: coreInstant(period.end) },
    subscriptions: [{ id: subscriptionId, items: unbilled.map((entry) => entry.item) }],
  };
  if (unbilled.length) request.usage = unbilled.map((entry) => entry.value);
  if (parts.prorations.length) request.prorations = parts.prorations;
  if (parts.entries.length) request.late_usage = parts.entries;
  if (tax) request.tax = tax;
  return request;
}

// Whether what the open period's usage not invoiced yet costs (`amount`, the core's) reaches
// amount_gte, or a metric's quantity not invoiced yet reaches its usage_gte.
function reached(core, currency, thresholds, amount, quantityOf) {
  if (thresholds.amount_gte && !sumAmounts(core, currency, [amount, negateAmount(thresholds.amount_gte)]).startsWith('-')) return true;
  return thresholds.usage_gte.some(({ metric, gte }) => compareQuantities(quantityOf(metric), gte) >= 0);
}

module.exports = { checkAllThresholds, checkThresholds };
