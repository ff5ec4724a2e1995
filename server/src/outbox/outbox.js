'use strict';
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { enqueueJob } = require('../jobs/queue');
const { noticeChange } = require('../db/change-notices');
const { insertRow } = require('../db/held-inserts');

/// Records a state change in the outbox, inside the caller's transaction `trx`, together with
/// the job that delivers it: either the change, its event and its delivery all commit, or none.
/// `object` is the API object after the change (the event's data). A transaction that holds
/// its inserts (db/held-inserts.js) writes both rows when it flushes them.
async function recordEvent(trx, { type, object, customerId = null }, now) {
  const event = {
    id: newId('evt'),
    type,
    object_type: object.object,
    object_id: object.id,
    customer_id: customerId,
    data: JSON.stringify(object),
    created_at: toInstant(now),
    delivered_at: null,
    deliveries: 0,
  };
  await insertRow(trx, 'events', event);
  await enqueueJob(trx, { type: 'event.deliver', payload: { event_id: event.id } }, now);
  noticeChange(trx, { object, customerId, eventId: event.id });
  return event;
}

function presentEvent(row) {
  return {
    id: row.id,
    object: 'event',
    type: row.type,
    created_at: row.created_at,
    customer: row.customer_id,
    delivered_at: row.delivered_at,
    data: { object: JSON.parse(row.data) },
  };
}

/// Event types the server emits (docs/server.md describes each).
const EVENT_TYPES = [
  'api_key.created', 'api_key.revoked',
  'product.created', 'product.updated',
  'price.created', 'price.updated',
  'plan.created', 'plan.updated',
  'add_on.created', 'add_on.updated',
  'coupon.created', 'coupon.updated',
  'customer.created', 'customer.updated', 'customer.erased',
  'portal_session.created',
  'test_clock.created', 'test_clock.advancing', 'test_clock.ready',
  'subscription.created', 'subscription.updated', 'subscription.trial_ended',
  'subscription.renewed', 'subscription.paused', 'subscription.resumed', 'subscription.canceled',
  'subscription.schedule_applied', 'subscription.incomplete_expired', 'subscription.activated', 'subscription.migrated',
  'webhook_endpoint.created', 'webhook_endpoint.updated', 'webhook_endpoint.disabled', 'webhook_endpoint.enabled',
  'webhook_endpoint.deleted',
  'portal_session.revoked',
  'metric.created', 'metric.updated',
  'usage_event.voided',
  'entitlement_terms.updated', 'entitlement_overrides.updated', 'entitlement_grant.created', 'entitlement_grant.voided',
  'account.created', 'account.activated', 'account.data_purged',
  'account_user.added', 'account_user.updated', 'account_user.removed', 'seat.assigned', 'seat.unassigned',
  'access_key.issued', 'access_key.rotated', 'access_key.revoked',
  'access.suspended', 'access.restored', 'access.deprovisioned',
  'order.created', 'order.started', 'order.blocked', 'order.completed', 'order.compensating', 'order.failed', 'order.canceled',
  'payment_method.attached', 'payment_method.updated', 'payment_method.detached',
  'payment.succeeded', 'payment.failed', 'payment.requires_action', 'payment.requires_capture', 'payment.canceled', 'payment.refunded',
  'charge.disputed', 'charge.dispute.closed',
  'received_payment.created', 'received_payment.matched', 'received_payment.unmatched', 'reconciliation.import.completed',
  'invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.voided', 'invoice.marked_uncollectible', 'invoice.overdue',
  'invoice.payment_failed', 'subscription.past_due', 'subscription.unpaid', 'subscription.recovered',
  'credit_note.created', 'customer_balance_transaction.created', 'credit_grant.created', 'credit_grant.applied', 'credit_grant.voided', 'credit_grant.expired',
];

module.exports = { recordEvent, presentEvent, EVENT_TYPES };
