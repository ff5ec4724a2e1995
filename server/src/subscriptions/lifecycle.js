'use strict';
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { customerNow } = require('../customers/customers');
const { presentSubscription, lockSubscription, scheduleOf } = require('./subscriptions');
const { computeChange, changedColumns, ENDED_STATUSES } = require('./change');
const { isCancellation, scheduleColumns } = require('./phases');
const { endedColumns } = require('./cancellation');
const calendar = require('./calendar');

const MAX_PERIODS_PER_CATCH_UP = 5000;
/// How many due subscription ids one query reads.
const CATCH_UP_BATCH_SIZE = 100;
/// How many failed subscriptions a job's record names.
const MAX_FAILURES_DESCRIBED = 10;

/// Moves a subscription to `now`: ends a trial and starts each new period (the core computes
/// every boundary); with `before`, only the periods ending before `now` (a cancellation at a
/// period's end ends that period, it does not start the next). An incomplete subscription does
/// not renew: it expires at incomplete_expires_at.
/// Returns { row, events } with the new row and the event types, oldest first; writes nothing.
function catchUp(core, { row, plan }, now, { before = false } = {}) {
  const nowText = toInstant(now);
  const next = { ...row };
  const events = [];
  if (next.status === 'incomplete') {
    // Nothing renews before the first invoice is paid; past its time, it expires.
    if (next.incomplete_expires_at <= nowText) {
      Object.assign(next, { status: 'incomplete_expired', ended_at: next.incomplete_expires_at, scheduled_changes: '[]', next_change_at: null });
      events.push('subscription.incomplete_expired');
    }
    return { row: next, events };
  }
  const due = (end) => (before ? end < nowText : end <= nowText);
  for (let i = 0; !ENDED_STATUSES.includes(next.status) && due(next.current_period_end); i += 1) {
    if (i === MAX_PERIODS_PER_CATCH_UP) throw new Error(`subscription ${row.id} is more than ${MAX_PERIODS_PER_CATCH_UP} periods behind`);
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

/// Moves a subscription to `now` (see catchUp) and applies each scheduled change that is due,
/// in order, at its instant: the periods up to a change are rolled first, so a change at the
/// period end applies at the start of the next period (prorating nothing); a change at an
/// instant is prorated as a change made then. A due cancellation ends the subscription at its
/// instant (the period it ends is not renewed) and drops the phases after it. Reads only.
/// Returns { row, events: [{ type, row }] }, each event with the row as it was then.
async function advanceTo(executor, services, row, now, readPlan = (id) => executor.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) {
  const nowText = toInstant(now);
  let next = row;
  const events = [];
  for (;;) {
    const phases = JSON.parse(next.scheduled_changes || '[]');
    const due = phases.length && phases[0].effective_at <= nowText ? phases[0] : null;
    const plan = await readPlan(next.plan_id);
    const cancellation = due && isCancellation(due);
    const rolled = catchUp(services.core, { row: next, plan }, new Date(due ? due.effective_at : nowText), { before: cancellation });
    next = rolled.row;
    for (const type of rolled.events) events.push({ type, row: next });
    if (!due || ENDED_STATUSES.includes(next.status)) return { row: next, events };
    if (cancellation) {
      next = { ...next, ...await endedColumns(executor, services.core, next, { at: due.effective_at, prorate: due.change.prorate === true }) };
      events.push({ type: 'subscription.canceled', row: next });
      return { row: next, events };
    }
    const behavior = due.timing === 'period_end' ? 'none' : (due.change.proration_behavior || 'create_prorations');
    const { after } = await computeChange(executor, services, next, due.change, { changeAt: due.effective_at, behavior, applying: true });
    next = { ...after, ...scheduleColumns(phases.slice(1)) };
    events.push({ type: due.change.plan_version !== undefined ? 'subscription.migrated' : 'subscription.schedule_applied', row: next });
  }
}

/// The subscription caught up to its customer's now, in memory: { row, events } (see advanceTo).
async function catchUpToCustomerNow(executor, services, row, known = {}) {
  if (known.now) return advanceTo(executor, services, row, known.now, known.readPlan);
  const customer = known.customer || await executor.selectFrom('customers').selectAll().where('id', '=', row.customer_id).executeTakeFirstOrThrow();
  return advanceTo(executor, services, row, await customerNow(executor, customer, services.clock), known.readPlan);
}

/// The subscription as of its customer's now, without writing anything (for previews).
async function caughtUpView(executor, core, clock, row) {
  return (await catchUpToCustomerNow(executor, { core, clock }, row)).row;
}

/// Catches a stored subscription up to its customer's now, in `trx`, recording one event per
/// transition. Returns the up-to-date row. `known.customer`, `known.now`: the customer's row and
/// now as the caller read them in `trx` (each saves a read); `known.readPlan(id)`: where plans
/// come from (the database by default).
async function catchUpStored(trx, core, clock, row, known = {}) {
  const { row: next, events } = await catchUpToCustomerNow(trx, { core, clock }, row, known);
  if (!events.length) return row;
  const updatedAt = toInstant(clock.now());
  await trx.updateTable('subscriptions').set({
    ...changedColumns(next), status: next.status, ended_at: next.ended_at, scheduled_changes: next.scheduled_changes, incomplete_expires_at: next.incomplete_expires_at,
    next_change_at: next.next_change_at, cancel_at_period_end: next.cancel_at_period_end, updated_at: updatedAt,
  }).where('id', '=', row.id).execute();
  for (const { type, row: then } of events) {
    await recordEvent(trx, { type, object: presentSubscription({ ...then, updated_at: updatedAt }), customerId: row.customer_id }, clock.now());
  }
  return { ...next, updated_at: updatedAt };
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
      .select('subscriptions.id').where('subscriptions.status', 'not in', ENDED_STATUSES)
      .where((eb) => eb.or([
        eb.and([eb('subscriptions.status', '!=', 'incomplete'), eb('subscriptions.current_period_end', '<=', toInstant(now))]),
        eb('subscriptions.next_change_at', '<=', toInstant(now)), eb('subscriptions.incomplete_expires_at', '<=', toInstant(now)),
      ]))
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

module.exports = { advanceTo, catchUpStored, caughtUpView, catchUpDue, describeFailures };
