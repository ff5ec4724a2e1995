'use strict';
const { notFound } = require('../http/errors');
const { parseJson, bool } = require('../db/rows');
const { expandable } = require('../http/expand');
const { customerSchema } = require('../customers/customers');
const { planSchema } = require('../catalog/plans');

const STATUSES = ['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'unpaid', 'paused', 'canceled'];

const scheduledChangeSchema = {
  title: 'ScheduledChange',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'scheduled_change' },
    effective_at: { type: 'string', description: 'When the change takes effect' },
    timing: { enum: ['period_end', 'instant'], description: 'period_end: at the end of the period it was scheduled in (nothing prorated); instant: at a chosen instant, prorated' },
    cancel: { type: 'boolean', description: 'A cancellation: the subscription ends then (nothing else applies after it)' },
    prorate: { type: 'boolean', description: 'A cancellation that credits the unused rest of the period it ends' },
    plan: { type: ['string', 'null'] }, plan_version: { type: ['integer', 'null'], description: 'A price migration to this version of the plan' },
    quantity: { type: ['string', 'null'] },
    add_ons: { type: ['array', 'null'], items: { type: 'object', properties: { add_on: { type: 'string' }, quantity: { type: 'string' } } } },
    proration_behavior: { type: ['string', 'null'] }, created_at: { type: 'string' },
  },
};

const subscriptionSchema = {
  title: 'Subscription',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'subscription' },
    customer: expandable(customerSchema, "The customer's id, or the customer with expand[]=customer"),
    plan: expandable(planSchema, "The plan's id, or the plan with expand[]=plan"),
    plan_version: { type: 'integer', description: 'The version of the plan (its prices) the subscription is on' },
    quantity: { type: 'string' }, status: { enum: STATUSES },
    add_ons: { type: 'array', items: { type: 'object', properties: { add_on: { type: 'string' }, quantity: { type: 'string' } } } },
    coupon: { type: ['string', 'null'] }, time_zone: { type: 'string', description: 'The billing zone, fixed at creation from the customer' },
    billing_anchor: { type: 'string', description: 'Where billing periods start: the trial end, or the start' }, started_at: { type: 'string' },
    trial_start: { type: ['string', 'null'] }, trial_end: { type: ['string', 'null'] },
    current_period_start: { type: 'string' }, current_period_end: { type: 'string' },
    cancel_at_period_end: { type: 'boolean', description: 'A pending cancellation waits for the end of the current period' },
    cancel_at: { type: ['string', 'null'], description: 'When a pending cancellation (at the period end or an instant) ends the subscription' },
    canceled_at: { type: ['string', 'null'], description: 'When the subscription was canceled (or its pending cancellation requested)' },
    ended_at: { type: ['string', 'null'] }, paused_at: { type: ['string', 'null'] },
    incomplete_expires_at: { type: ['string', 'null'], description: 'An incomplete subscription expires (incomplete_expired) here unless its first invoice is paid' },
    pending_prorations: { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Proration lines from the core, waiting for the next invoice' },
    scheduled_changes: { type: 'array', items: scheduledChangeSchema, description: 'Pending phases: changes that take effect later, oldest first' },
    billing_thresholds: {
      type: ['object', 'null'], description: 'Progressive billing: an invoice is issued early once the usage not yet invoiced reaches amount_gte or a usage_gte',
      properties: {
        amount_gte: { type: ['string', 'null'] }, reset_billing_cycle: { type: 'boolean' },
        usage_gte: { type: 'array', items: { type: 'object', properties: { metric: { type: 'string' }, gte: { type: 'string' } } } },
      },
    },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

function presentSubscription(row) {
  return {
    id: row.id, object: 'subscription', customer: row.customer_id, plan: row.plan_id, plan_version: row.plan_version, quantity: row.quantity,
    status: row.status, add_ons: parseJson(row.add_ons), coupon: row.coupon_id, time_zone: row.time_zone, billing_anchor: row.billing_anchor,
    started_at: row.started_at, trial_start: row.trial_start, trial_end: row.trial_end,
    current_period_start: row.current_period_start, current_period_end: row.current_period_end,
    cancel_at_period_end: bool(row.cancel_at_period_end), cancel_at: cancelAt(row), canceled_at: row.canceled_at, ended_at: row.ended_at,
    paused_at: row.paused_at, incomplete_expires_at: row.incomplete_expires_at ?? null, pending_prorations: parseJson(row.pending_prorations),
    scheduled_changes: parseJson(row.scheduled_changes || '[]').map(presentScheduledChange),
    billing_thresholds: row.billing_thresholds ? parseJson(row.billing_thresholds) : null, metadata: parseJson(row.metadata),
    created_at: row.created_at, updated_at: row.updated_at,
  };
}

/// When the pending cancellation of a stored subscription ends it, or null.
function cancelAt(row) {
  const cancellation = parseJson(row.scheduled_changes || '[]').find((phase) => phase.change.cancel === true);
  return cancellation ? cancellation.effective_at : null;
}

/// A pending phase as stored in scheduled_changes ({ id, effective_at, timing, change, created_at }).
function presentScheduledChange(phase) {
  const { cancel = false, prorate = false, plan = null, plan_version: planVersion = null, quantity = null, add_ons: addOns = null, proration_behavior: behavior = null } = phase.change;
  return {
    id: phase.id, object: 'scheduled_change', effective_at: phase.effective_at, timing: phase.timing, cancel, prorate,
    plan, plan_version: planVersion, quantity, add_ons: addOns, proration_behavior: behavior, created_at: phase.created_at,
  };
}

async function findSubscription(executor, id, path = '') {
  const row = await executor.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('subscription', id, path);
  return row;
}

/// Reads a subscription inside a transaction that will change it, locking its row on
/// PostgreSQL (SQLite transactions already hold the database's write lock).
async function lockSubscription(trx, dialect, id, path = '') {
  let query = trx.selectFrom('subscriptions').selectAll().where('id', '=', id);
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('subscription', id, path);
  return row;
}

/// The billing schedule of a stored subscription for subscriptions/calendar.js. Cycles start
/// at the billing start (the trial end, or the start) unless an interval switch restarted them
/// at its instant: then `billing_anchor` differs and is the core's anchor.
function scheduleOf(row, plan) {
  const restarted = row.billing_anchor && row.billing_anchor !== (row.trial_end || row.started_at);
  return {
    startedAt: row.started_at, trialEnd: row.trial_end, interval: plan.interval,
    intervalCount: plan.interval_count, timeZone: row.time_zone, anchor: restarted ? row.billing_anchor : null,
  };
}

module.exports = { scheduleOf, cancelAt, STATUSES, subscriptionSchema, presentSubscription, findSubscription, lockSubscription };
