'use strict';
// The cancellation email (template subscription.canceled) through the mail outbox: when a
// subscription is set to cancel at its period end (subscription.updated with
// cancel_at_period_end) and when one ends canceled (subscription.canceled: by the customer, an
// operator, dunning, or the period end it was set to cancel at). One email per subscription
// and end: a period-end cancellation is mailed when it is set, not again when it happens.

const { enqueueMail } = require('../mail/enqueue');

/// Outbox consumer (runs in the delivering transaction; a redelivered event finds the mail
/// already queued under its key).
async function mailCanceledSubscription(trx, event, services) {
  const subscription = JSON.parse(event.data);
  let data;
  if (event.type === 'subscription.canceled' && subscription.ended_at) {
    data = { ends_at: subscription.ended_at, at_period_end: false };
  } else if (event.type === 'subscription.updated' && subscription.cancel_at_period_end && subscription.status !== 'canceled') {
    data = { ends_at: subscription.current_period_end, at_period_end: true };
  } else {
    return;
  }
  const plan = await trx.selectFrom('plans').select('name').where('id', '=', subscription.plan).executeTakeFirst();
  if (!plan) return;
  await enqueueMail(trx, services, {
    template: 'subscription.canceled', customerId: subscription.customer, data: { plan_name: plan.name, ...data },
    key: `subscription.canceled:${subscription.id}:${data.ends_at}`,
  });
}

module.exports = { mailCanceledSubscription };
