'use strict';
const { invalidState } = require('../http/errors');
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { presentSubscription, lockSubscription } = require('./subscriptions');
const { catchUpStored } = require('./lifecycle');

/// Activates an incomplete subscription once its first invoice is paid, inside the caller's
/// transaction `trx` (invoicing calls it in the transaction that marks the invoice paid):
/// `incomplete` becomes `active`, records subscription.activated, then the subscription is
/// caught up to its customer's now (renewals that waited while it was incomplete). Safe to
/// repeat: an already active (or trialing, paused) subscription is returned unchanged.
/// Throws INVALID_STATE when it expired (by now on its customer's clock) or was canceled first: nothing may be granted then,
/// and the payment is the caller's to refund. Returns the subscription's API object.
async function activateIncompleteSubscription(trx, { core, clock, dialect }, subscriptionId) {
  // Caught up first: one past its expiry expires now, and is not activated.
  const row = await catchUpStored(trx, core, clock, await lockSubscription(trx, dialect, subscriptionId));
  if (row.status === 'incomplete_expired' || row.status === 'canceled') {
    throw invalidState(`subscription ${row.id} is ${row.status.replace('_', ' ')}: it can no longer be activated`);
  }
  if (row.status !== 'incomplete') return presentSubscription(row);
  const changes = { status: 'active', incomplete_expires_at: null, updated_at: toInstant(clock.now()) };
  await trx.updateTable('subscriptions').set(changes).where('id', '=', row.id).execute();
  const active = { ...row, ...changes };
  await recordEvent(trx, { type: 'subscription.activated', object: presentSubscription(active), customerId: row.customer_id }, clock.now());
  return presentSubscription(await catchUpStored(trx, core, clock, active));
}

module.exports = { activateIncompleteSubscription };
