'use strict';
const { toInstant } = require('../time');
const { queueWebhookDeliveries } = require('../webhooks/fan-out');
const { queueInvoiceCharge } = require('../payments/invoice-payments');
const { voidUnpaidFirstInvoice } = require('../invoicing/expired-checkouts');
const { followDunning } = require('../dunning/consumers');
const { queueTestClockSnapshot } = require('../revenue/jobs');
const { mailIssuedInvoice } = require('../documents/invoice-mail');
const { startWorkflowRuns, wakeWaitingRuns } = require('../workflows/runner');
const { queueClockReviewTimeouts } = require('../fraud/consumers');
const { queueGrantExpiryForClock } = require('../balances/grant-expiry');
const { mailCanceledSubscription } = require('../subscriptions/cancel-mail');
const { queueTrialNoticesForClock } = require('../subscriptions/trial-ending');

/// What every outbox event is handed to, in order: `consume(trx, event, context)` runs in the
/// transaction that marks the event delivered, so its work (typically queuing jobs of its own)
/// commits exactly when the event counts as delivered. The job may run again after a crash:
/// a consumer must be safe to repeat. Add yours at the END.
const EVENT_CONSUMERS = [
  queueWebhookDeliveries,
  queueInvoiceCharge,
  voidUnpaidFirstInvoice,
  followDunning,
  queueTestClockSnapshot,
  mailIssuedInvoice,
  startWorkflowRuns,
  wakeWaitingRuns,
  queueClockReviewTimeouts,
  queueGrantExpiryForClock,
  mailCanceledSubscription,
  queueTrialNoticesForClock,
];

/// Job `event.deliver`: hands one outbox event to its consumers, marks it delivered and counts
/// the delivery.
async function deliverEvent({ event_id: eventId }, context) {
  const { db, now } = context;
  await db.transaction().execute(async (trx) => {
    const event = await trx.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirst();
    if (!event) throw new Error(`event ${eventId} does not exist`);
    for (const consume of EVENT_CONSUMERS) await consume(trx, event, context);
    await trx.updateTable('events')
      .set((eb) => ({ delivered_at: toInstant(now), deliveries: eb('deliveries', '+', 1) }))
      .where('id', '=', eventId).execute();
  });
}

/// Outbox jobs, by type.
const OUTBOX_HANDLERS = { 'event.deliver': deliverEvent };

module.exports = { OUTBOX_HANDLERS };
