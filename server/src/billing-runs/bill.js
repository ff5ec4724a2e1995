'use strict';
// Bills one customer at one billing moment, inside one transaction: every subscription due
// then, on as few invoices as their periods allow. A row per (subscription, moment) in
// subscription_billings is the unique key: should two workers bill the same moment, the second
// one's insert fails and its whole transaction rolls back.
const { newId } = require('../ids');
const { insertRow } = require('../db/held-inserts');
const { addMilliseconds } = require('../time');
const { catchUpStored } = require('../subscriptions/lifecycle');
const {
  billUsageForPeriod, markLateAdjustmentsBilled, mergePendingUsage, lockUsage, lateEventWindowMs,
} = require('../usage');
const { directReads, lockSchedules, lastBilledPeriods } = require('./batch-reads');
const { createInvoice } = require('../invoicing/lifecycle');
const { planInvoices } = require('./invoice-plan');
const { billingReason } = require('./reasons');
const { billingMoment } = require('./due');

const HOUR_MS = 60 * 60 * 1000;

/// Bills `customerId` at `moment` for `subscriptionIds` in `trx`. Returns { invoices: [rows],
/// subscriptions: count billed }, or null when another worker holds or already billed them
/// (nothing is changed then). `reason` overrides the invoices' billing_reason (a threshold that
/// restarts the cycle bills through here). `finalizeLater`: an array that collects the drafts
/// due for finalization instead of finalizing them here, so a batch numbers them all in one step
/// (bill-batch.js); the invoices returned are then those drafts. `reads`: where the customer,
/// its schedules and subscriptions (locked), settings, plans, prices and coupons come from
/// (batch-reads.js; the database at every call by default).
async function billCustomerAt(trx, services, { customerId, moment, subscriptionIds, runId = null, reason = null, finalizeLater = null, reads = directReads(trx, services) }) {
  const { core, clock } = services;
  const schedules = await reads.lockSchedules(subscriptionIds);
  if (schedules.length !== subscriptionIds.length) return null;
  const customer = await reads.customer(customerId);
  await lockUsage(trx, services, subscriptionIds);
  await mergePendingUsage(trx, services, { subscriptionIds }); // usage read before it is billed is whole
  const now = await reads.now(customer);
  const due = [];
  for (const schedule of schedules) {
    const subscription = await catchUpStored(trx, core, clock, await reads.lockSubscription(schedule.subscription_id), { customer, now, readPlan: reads.plan });
    if (await billingMoment(trx, subscription, schedule) !== moment) return null; // billed, or moved, since the run read it
    due.push({ subscription, plan: await reads.plan(subscription.plan_id), last: await reads.lastBilledPeriod(subscription.id), couponPeriods: schedule.coupon_periods_applied });
  }
  const invoiceIds = new Map();
  const idFor = (key) => {
    if (!invoiceIds.has(key)) invoiceIds.set(key, newId('in'));
    return invoiceIds.get(key);
  };
  const readUsage = (subscriptionId, metric, period, key) => billUsageForPeriod(trx, services, { subscriptionId, metric, period, invoiceId: idFor(key) });
  const readLate = (subscriptionId) => reads.lateAdjustments(subscriptionId);
  const { invoices, skipped } = await planInvoices(trx, services, { customer, moment, due, readUsage, readLate, reads });

  const settings = await reads.settings();
  const graceMs = settings.draft_grace_hours * HOUR_MS;
  const created = [];
  for (const { key, entries, request } of invoices) {
    const [{ period, arrears }] = entries;
    const shown = period || arrears;
    const invoice = await createInvoice(trx, services, {
      id: idFor(key), customer, request, billingReason: reason || billingReason(entries),
      collectionMethod: settings.default_collection_method, daysUntilDue: settings.default_days_until_due,
      moment, periodStart: shown.start, periodEnd: shown.end, runId,
      finalize: graceMs === 0 && !finalizeLater, finalizeAt: graceMs === 0 ? null : addMilliseconds(moment, graceMs),
    });
    if (graceMs === 0 && finalizeLater) finalizeLater.push({ draft: invoice, customer, settings, now: customer.test_clock_id ? now : null }); // a wall clock's now is read when finalized
    created.push(invoice);
    const couponResults = JSON.parse(invoice.core_result).coupons;
    for (const entry of entries) {
      await markLateAdjustmentsBilled(trx, services, entry.late, { invoiceId: invoice.id });
      await recordBilling(trx, services, { entry, moment, invoiceId: invoice.id, couponResults });
    }
  }
  for (const entry of skipped) {
    await markLateAdjustmentsBilled(trx, services, entry.late, { invoiceId: null }); // changes that charge nothing
    await recordBilling(trx, services, { entry, moment, invoiceId: null, couponResults: [] });
  }
  return { invoices: created, subscriptions: schedules.length };
}

// The unique key row, the next moment, the coupon's periods used, and the prorations billed.
// After the final billing of a subscription with usage, the next moment is when no late event
// for its periods can arrive anymore (its `late` billing); after that, none.
async function recordBilling(trx, services, { entry, moment, invoiceId, couponResults }) {
  const { clock } = services;
  const { subscription, kind, period, arrears } = entry;
  await insertRow(trx, 'subscription_billings', {
    subscription_id: subscription.id, moment, kind, period_start: period ? period.start : null, period_end: period ? period.end : null,
    arrears_start: arrears ? arrears.start : null, arrears_end: arrears ? arrears.end : null, invoice_id: invoiceId,
    created_at: clock.now().toISOString(),
  });
  const coupon = couponResults.find((result) => result.coupon_id.startsWith(`${subscription.id}/`));
  await trx.updateTable('billing_schedules').set({
    next_billing_at: period ? period.end : (entry.kind === 'final' && entry.usage.length ? addMilliseconds(moment, lateEventWindowMs(services)) : null),
    ...(coupon ? { coupon_periods_applied: coupon.periods_applied } : {}),
  }).where('subscription_id', '=', subscription.id).execute();
  if (invoiceId && subscription.pending_prorations !== '[]') {
    await trx.updateTable('subscriptions').set({ pending_prorations: '[]' }).where('id', '=', subscription.id).execute();
  }
}

/// The last period billed in advance (or skipped while paused): what the next invoice bills in
/// arrears; null when there is none.
async function lastBilledPeriod(executor, subscriptionId) {
  return (await lastBilledPeriods(executor, [subscriptionId])).get(subscriptionId) || null;
}

module.exports = { billCustomerAt, lastBilledPeriod, lockSchedules };
