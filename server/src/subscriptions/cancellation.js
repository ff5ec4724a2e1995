'use strict';
// How a cancellation ends a subscription, now or when its scheduled phase applies
// (lifecycle.js), and how a cancel request says when: the same ending either way.
const { ApiError } = require('../http/errors');
const { findCustomer } = require('../customers/customers');
const { findPlan } = require('../catalog/plans');
const { scheduleOf } = require('./subscriptions');
const { periodItems, storedAddOns } = require('./items');
const calendar = require('./calendar');

/// When a cancel request ({ effective_at, at_period_end }) takes effect: "now",
/// "period_end", an instant as sent, or undefined when it says nothing. `at_period_end: true` is
/// the older spelling of "period_end"; a request sends one or the other.
function requestedCancelTiming(body) {
  if (body.at_period_end !== undefined && body.effective_at !== undefined) {
    throw new ApiError('INVALID_ARGUMENT', 'send effective_at or at_period_end, not both', '/at_period_end');
  }
  if (body.at_period_end !== undefined) return body.at_period_end ? 'period_end' : 'now';
  return body.effective_at;
}

/// The columns of `row` ended at `at` (stored form): canceled, every pending phase dropped and,
/// with `prorate`, the rest of the period from `at` credited by the core (kept for the next
/// invoice). Reads only.
async function endedColumns(executor, core, row, { at, prorate }) {
  const columns = {
    status: 'canceled', ended_at: at, cancel_at_period_end: 0, scheduled_changes: '[]', next_change_at: null, incomplete_expires_at: null,
  };
  if (!prorate) return columns;
  const customer = await findCustomer(executor, row.customer_id);
  const plan = await findPlan(executor, row.plan_id);
  const proration = calendar.prorate(core, {
    currency: customer.currency, scheduleFields: scheduleOf(row, plan), changeAt: at, behavior: 'create_prorations',
    oldItems: await periodItems(executor, { planId: row.plan_id, planVersion: row.plan_version, quantity: row.quantity, addOns: storedAddOns(row) }),
    newItems: [],
  });
  return { ...columns, pending_prorations: JSON.stringify([...JSON.parse(row.pending_prorations), ...proration.lines]) };
}

module.exports = { requestedCancelTiming, endedColumns };
