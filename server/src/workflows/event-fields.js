'use strict';
const { EVENT_TYPES } = require('../outbox/outbox');

/// Event types the dunning domain emits (docs/server.md, "Dunning"); accepted as triggers even
/// where the outbox's list does not name them yet.
const DUNNING_EVENT_TYPES = ['subscription.past_due', 'subscription.unpaid', 'subscription.recovered'];

/// Every event type a workflow may start on.
const TRIGGER_EVENT_TYPES = [...new Set([...EVENT_TYPES, ...DUNNING_EVENT_TYPES])];

/// The fields (facts) an event of each kind carries, beyond `customer`, `event_type`,
/// `account_status` (the customer's provisioned account's status, `none` without one) and the
/// customer's `metadata.<key>` (every event about a customer carries those). workflows/facts.js
/// reads them from the event.
const FIELDS_BY_OBJECT = {
  invoice: ['invoice', 'subscription', 'plan', 'amount', 'currency', 'billing_reason'],
  subscription: ['subscription', 'plan', 'quantity', 'currency', 'status'],
  payment: ['payment', 'invoice', 'amount', 'currency', 'attempt_count'],
  order: ['order', 'order_type'],
};
const COMMON_FIELDS = ['customer', 'event_type', 'account_status'];

/// The fields an event of `type` carries (metadata.<key> aside).
function fieldsOf(type) {
  const kind = type.split('.')[0];
  const fields = [...COMMON_FIELDS, ...(FIELDS_BY_OBJECT[kind] || [])];
  if (DUNNING_EVENT_TYPES.includes(type)) fields.push('attempt_count', 'previous_status');
  if (type === 'invoice.payment_failed') fields.push('attempt_count');
  return fields;
}

/// Whether an event of `type` carries `field`.
function carries(type, field) {
  return /^metadata\.[A-Za-z0-9_.:-]{1,40}$/.test(field) || fieldsOf(type).includes(field);
}

/// Fields compared as exact decimals (gt, gte, lt, lte).
const NUMERIC_FIELDS = ['amount', 'quantity', 'attempt_count'];

module.exports = { TRIGGER_EVENT_TYPES, fieldsOf, carries, NUMERIC_FIELDS };
