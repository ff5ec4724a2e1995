'use strict';
// A billing threshold with reset_billing_cycle: reaching it restarts the billing cycle at that
// instant, as an interval switch does (subscriptions/change.js). The open period ends there: the
// unused part of its in-advance fees is credited (the core's `prorate` of the old items against
// nothing, into pending_prorations), the billing anchor moves to the instant, and the
// subscription is billed there as at any period end (bill.js, same transaction): the new
// cycle's fees in advance, the cut period's usage in arrears (what earlier threshold invoices
// billed of it is not billed again), the credit, its late adjustments, billing_reason
// `subscription_threshold`. The row per (subscription, moment) in subscription_billings keys
// it, so it is issued once. Late events of the cut period still count in it (usage/attribution.js).
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { findPlan } = require('../catalog/plans');
const { periodItems, storedAddOns } = require('../subscriptions/items');
const { scheduleOf, presentSubscription } = require('../subscriptions/subscriptions');
const calendar = require('../subscriptions/calendar');
const { billCustomerAt } = require('./bill');
const { chargesTimeWeighted } = require('./threshold-settings');

/// Whether `subscription` (caught up, its schedule `schedule` locked) can restart its cycle at
/// `at` (stored form, whole seconds): its open period was billed in advance and is due next, it
/// started before `at`, nothing is set to happen at its end, and its plan charges for no
/// weighted_sum metric (a plan change since the thresholds were set may add one). Otherwise the
/// threshold invoice bills the usage only and the cycle stays.
async function canRestart(executor, subscription, schedule, at) {
  if (schedule.next_billing_at !== subscription.current_period_end || subscription.current_period_start >= at) return false;
  if (Number(subscription.cancel_at_period_end) === 1 || subscription.ended_at !== null || JSON.parse(subscription.scheduled_changes || '[]').length) return false;
  return !await chargesTimeWeighted(executor, subscription.plan_id, subscription.plan_version);
}

/// Restarts the cycle of `subscription` at `at` and bills it there, in `trx`. Returns the
/// threshold invoice row.
async function restartCycleAndBill(trx, services, { subscription, customer, at }) {
  const { core, clock } = services;
  const plan = await findPlan(trx, subscription.plan_id);
  const items = await periodItems(trx, { planId: subscription.plan_id, planVersion: subscription.plan_version, quantity: subscription.quantity, addOns: storedAddOns(subscription) });
  const credit = calendar.prorate(core, {
    currency: customer.currency, scheduleFields: scheduleOf(subscription, plan), changeAt: at, behavior: 'create_prorations', oldItems: items, newItems: [],
  });
  const restarted = { ...subscription, billing_anchor: at };
  const period = calendar.periodAt(core, scheduleOf(restarted, plan), at);
  const updatedAt = toInstant(clock.now());
  const columns = {
    billing_anchor: at, current_period_start: period.start, current_period_end: period.end,
    pending_prorations: JSON.stringify([...JSON.parse(subscription.pending_prorations), ...credit.lines]), updated_at: updatedAt,
  };
  await trx.updateTable('subscriptions').set(columns).where('id', '=', subscription.id).execute();
  await recordEvent(trx, { type: 'subscription.updated', object: presentSubscription({ ...subscription, ...columns }), customerId: customer.id }, clock.now());
  await trx.updateTable('billing_schedules').set({ next_billing_at: at }).where('subscription_id', '=', subscription.id).execute();
  const billed = await billCustomerAt(trx, services, { customerId: customer.id, moment: at, subscriptionIds: [subscription.id], reason: 'subscription_threshold' });
  if (!billed || billed.invoices.length !== 1) throw new Error(`the cycle restart of ${subscription.id} at ${at} did not bill one invoice`);
  return billed.invoices[0];
}

module.exports = { canRestart, restartCycleAndBill };
