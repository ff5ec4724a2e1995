'use strict';
const { notFound } = require('../http/errors');
const { parseJson, bool } = require('../db/rows');
const { expandable } = require('../http/expand');
const { customerSchema } = require('../customers/customers');
const { planSchema } = require('../catalog/plans');

const STATUSES = ['trialing', 'active', 'paused', 'canceled'];

const subscriptionSchema = {
  title: 'Subscription',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'subscription' },
    customer: expandable(customerSchema, "The customer's id, or the customer with expand[]=customer"),
    plan: expandable(planSchema, "The plan's id, or the plan with expand[]=plan"),
    quantity: { type: 'string' }, status: { enum: STATUSES },
    add_ons: { type: 'array', items: { type: 'object', properties: { add_on: { type: 'string' }, quantity: { type: 'string' } } } },
    coupon: { type: ['string', 'null'] }, time_zone: { type: 'string', description: 'The billing zone, fixed at creation from the customer' },
    billing_anchor: { type: 'string', description: 'Where billing periods start: the trial end, or the start' }, started_at: { type: 'string' },
    trial_start: { type: ['string', 'null'] }, trial_end: { type: ['string', 'null'] },
    current_period_start: { type: 'string' }, current_period_end: { type: 'string' },
    cancel_at_period_end: { type: 'boolean' }, canceled_at: { type: ['string', 'null'] },
    ended_at: { type: ['string', 'null'] }, paused_at: { type: ['string', 'null'] },
    pending_prorations: { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Proration lines from the core, waiting for the next invoice' },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

function presentSubscription(row) {
  return {
    id: row.id, object: 'subscription', customer: row.customer_id, plan: row.plan_id, quantity: row.quantity,
    status: row.status, add_ons: parseJson(row.add_ons), coupon: row.coupon_id, time_zone: row.time_zone, billing_anchor: row.billing_anchor,
    started_at: row.started_at, trial_start: row.trial_start, trial_end: row.trial_end,
    current_period_start: row.current_period_start, current_period_end: row.current_period_end,
    cancel_at_period_end: bool(row.cancel_at_period_end), canceled_at: row.canceled_at, ended_at: row.ended_at,
    paused_at: row.paused_at, pending_prorations: parseJson(row.pending_prorations), metadata: parseJson(row.metadata),
    created_at: row.created_at, updated_at: row.updated_at,
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

/// The billing schedule of a stored subscription for subscriptions/calendar.js.
function scheduleOf(row, plan) {
  return {
    startedAt: row.started_at, trialEnd: row.trial_end, interval: plan.interval,
    intervalCount: plan.interval_count, timeZone: row.time_zone,
  };
}

module.exports = { scheduleOf, STATUSES, subscriptionSchema, presentSubscription, findSubscription, lockSubscription };
