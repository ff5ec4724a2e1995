'use strict';
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { customerNow } = require('../customers/customers');
const { presentSubscription, lockSubscription, scheduleOf } = require('./subscriptions');
const calendar = require('./calendar');

const MAX_PERIODS_PER_CATCH_UP = 5000;

/// Moves a subscription to `now`: ends a trial, starts each new period (the core computes
/// every boundary), and ends the subscription at the end of a period it was canceled for.
/// Returns { row, events } with the new row and the event types, oldest first; writes nothing.
function catchUp(core, { row, plan }, now) {
  const nowText = toInstant(now);
  const next = { ...row };
  const events = [];
  for (let i = 0; next.status !== 'canceled' && next.current_period_end <= nowText; i += 1) {
    if (i === MAX_PERIODS_PER_CATCH_UP) throw new Error(`subscription ${row.id} is more than ${MAX_PERIODS_PER_CATCH_UP} periods behind`);
    if (Number(next.cancel_at_period_end) === 1) {
      next.status = 'canceled';
      next.ended_at = next.current_period_end;
      events.push('subscription.canceled');
      break;
    }
    const trialEnding = next.trial_end !== null && next.current_period_end === next.trial_end;
    const period = calendar.periodAt(core, scheduleOf(next, plan), next.current_period_end);
    next.current_period_start = period.start;
    next.current_period_end = period.end;
    if (trialEnding) {
      if (next.status === 'trialing') next.status = 'active';
      events.push('subscription.trial_ended');
    } else {
      events.push('subscription.renewed');
    }
  }
  return { row: next, events };
}

/// Catches a stored subscription up to its customer's now, in `trx`, recording one event per
/// transition. Returns the up-to-date row.
async function catchUpStored(trx, core, clock, row) {
  const customer = await trx.selectFrom('customers').selectAll().where('id', '=', row.customer_id).executeTakeFirstOrThrow();
  const plan = await trx.selectFrom('plans').selectAll().where('id', '=', row.plan_id).executeTakeFirstOrThrow();
  const now = await customerNow(trx, customer, clock);
  const { row: next, events } = catchUp(core, { row, plan }, now);
  if (!events.length) return row;
  next.updated_at = toInstant(clock.now());
  await trx.updateTable('subscriptions').set({
    status: next.status, current_period_start: next.current_period_start, current_period_end: next.current_period_end,
    ended_at: next.ended_at, updated_at: next.updated_at,
  }).where('id', '=', row.id).execute();
  for (const type of events) {
    await recordEvent(trx, { type, object: presentSubscription(next), customerId: next.customer_id }, clock.now());
  }
  return next;
}

/// Catches up every subscription due by its customer's clock: those of customers on
/// `testClockId`, or (when null) those of customers on the wall clock. One transaction each.
async function catchUpDue(db, dialect, core, clock, { testClockId = null, now }) {
  let query = db.selectFrom('subscriptions').innerJoin('customers', 'customers.id', 'subscriptions.customer_id')
    .select('subscriptions.id').where('subscriptions.status', '!=', 'canceled')
    .where('subscriptions.current_period_end', '<=', toInstant(now));
  query = testClockId
    ? query.where('customers.test_clock_id', '=', testClockId)
    : query.where('customers.test_clock_id', 'is', null);
  const due = await query.orderBy('subscriptions.id').execute();
  for (const { id } of due) {
    await db.transaction().execute(async (trx) => {
      await catchUpStored(trx, core, clock, await lockSubscription(trx, dialect, id));
    });
  }
  return due.length;
}

module.exports = { catchUp, catchUpStored, catchUpDue };
