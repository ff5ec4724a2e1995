'use strict';
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { customerNow } = require('../customers/customers');
const { presentSubscription, lockSubscription, scheduleOf } = require('./subscriptions');
const calendar = require('./calendar');

const MAX_PERIODS_PER_CATCH_UP = 5000;
/// How many due subscription ids one query reads.
const CATCH_UP_BATCH_SIZE = 100;
/// How many failed subscriptions a job's record names.
const MAX_FAILURES_DESCRIBED = 10;

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

/// The subscription caught up to its customer's now, in memory: { row, events } (see catchUp).
async function catchUpToCustomerNow(executor, core, clock, row) {
  const customer = await executor.selectFrom('customers').selectAll().where('id', '=', row.customer_id).executeTakeFirstOrThrow();
  const plan = await executor.selectFrom('plans').selectAll().where('id', '=', row.plan_id).executeTakeFirstOrThrow();
  return catchUp(core, { row, plan }, await customerNow(executor, customer, clock));
}

/// The subscription as of its customer's now, without writing anything (for previews).
async function caughtUpView(executor, core, clock, row) {
  return (await catchUpToCustomerNow(executor, core, clock, row)).row;
}

/// Catches a stored subscription up to its customer's now, in `trx`, recording one event per
/// transition. Returns the up-to-date row.
async function catchUpStored(trx, core, clock, row) {
  const { row: next, events } = await catchUpToCustomerNow(trx, core, clock, row);
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
/// `testClockId`, or (when null) those of customers on the wall clock. Reads the due ids in
/// batches of `batchSize`, in id order, and catches each up in its own transaction. One that
/// fails is logged, left as it was (it is due again next time) and the rest go on.
/// Returns { caughtUp, failed: [{ id, error }] }.
async function catchUpDue(db, dialect, core, clock, { testClockId = null, now, logger = null, batchSize = CATCH_UP_BATCH_SIZE }) {
  const outcome = { caughtUp: 0, failed: [] };
  let afterId = '';
  for (;;) {
    let query = db.selectFrom('subscriptions').innerJoin('customers', 'customers.id', 'subscriptions.customer_id')
      .select('subscriptions.id').where('subscriptions.status', '!=', 'canceled')
      .where('subscriptions.current_period_end', '<=', toInstant(now))
      .where('subscriptions.id', '>', afterId);
    query = testClockId
      ? query.where('customers.test_clock_id', '=', testClockId)
      : query.where('customers.test_clock_id', 'is', null);
    const due = await query.orderBy('subscriptions.id').limit(batchSize).execute();
    for (const { id } of due) {
      try {
        await db.transaction().execute(async (trx) => {
          await catchUpStored(trx, core, clock, await lockSubscription(trx, dialect, id));
        });
        outcome.caughtUp += 1;
      } catch (error) {
        const message = String(error && error.message ? error.message : error);
        logger?.warn({ subscription: id, error: message }, 'subscription catch-up failed; the others go on');
        outcome.failed.push({ id, error: message });
      }
    }
    if (due.length < batchSize) return outcome;
    afterId = due[due.length - 1].id;
  }
}

/// A one-line account of the subscriptions a catch-up could not move, or null when none failed.
function describeFailures({ caughtUp, failed }) {
  if (!failed.length) return null;
  const shown = failed.slice(0, MAX_FAILURES_DESCRIBED).map(({ id, error }) => `${id}: ${error}`).join('; ');
  const more = failed.length > MAX_FAILURES_DESCRIBED ? `; and ${failed.length - MAX_FAILURES_DESCRIBED} more` : '';
  return `${failed.length} of ${caughtUp + failed.length} due subscriptions could not catch up (${shown}${more})`;
}

module.exports = { catchUp, catchUpStored, caughtUpView, catchUpDue, describeFailures };
