'use strict';
// The subscription states dunning moves (docs/server.md, "Dunning"): active → past_due when an
// invoice's automatic charge fails, → unpaid or canceled when the retries run out, back to
// active when the invoice is paid. Billing state only: access follows from the events through
// the workflow and provisioning, never from here. Each change is made on the locked row, only
// from the state it expects, so a repeated call changes nothing.
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { presentSubscription, lockSubscription } = require('../subscriptions/subscriptions');
const { cancel } = require('../subscriptions/service');

/// The ids of the subscriptions invoice `invoiceId` bills (none for a one-off invoice).
async function invoiceSubscriptionIds(executor, invoiceId) {
  const rows = await executor.selectFrom('subscription_billings').select('subscription_id')
    .where('invoice_id', '=', invoiceId).orderBy('subscription_id').execute();
  return [...new Set(rows.map((row) => row.subscription_id))];
}

/// Moves each subscription that is in one of `from` to `to`, recording `eventType` with the
/// dunning case's `attemptCount` (its failed automatic charges so far).
async function transition(trx, services, ids, { from, to, eventType, attemptCount }) {
  for (const id of ids) {
    const row = await lockSubscription(trx, services.dialect, id);
    if (!from.includes(row.status)) continue;
    const updatedAt = toInstant(services.clock.now());
    await trx.updateTable('subscriptions').set({ status: to, updated_at: updatedAt }).where('id', '=', id).where('status', '=', row.status).execute();
    // The event names the state left, so a workflow can tell a recovery from `unpaid` (access
    // was suspended) from one from `past_due` (access never changed).
    const object = { ...presentSubscription({ ...row, status: to, updated_at: updatedAt }), previous_status: row.status, attempt_count: Number(attemptCount) };
    await recordEvent(trx, { type: eventType, object, customerId: row.customer_id }, services.clock.now());
  }
}

const markPastDue = (trx, services, ids, attemptCount) => transition(trx, services, ids, { from: ['active'], to: 'past_due', eventType: 'subscription.past_due', attemptCount });
const markUnpaid = (trx, services, ids, attemptCount) => transition(trx, services, ids, { from: ['past_due'], to: 'unpaid', eventType: 'subscription.unpaid', attemptCount });
const markRecovered = (trx, services, ids, attemptCount) => transition(trx, services, ids, { from: ['past_due', 'unpaid'], to: 'active', eventType: 'subscription.recovered', attemptCount });

/// Cancels now each subscription still past due (subscription.canceled), through the
/// subscriptions service, as an operator's cancellation without proration.
async function cancelPastDue(trx, services, ids) {
  for (const id of ids) {
    const row = await lockSubscription(trx, services.dialect, id);
    if (row.status === 'past_due') await cancel(trx, services, row, {}, null);
  }
}

module.exports = { invoiceSubscriptionIds, markPastDue, markUnpaid, markRecovered, cancelPastDue };
