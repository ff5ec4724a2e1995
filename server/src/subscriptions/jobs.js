'use strict';
const { toInstant, addMilliseconds } = require('../time');
const { inTransaction } = require('../db/rows');
const { recordEvent } = require('../outbox/outbox');
const { scheduleRecurringJob } = require('../jobs/queue');
const { presentTestClock } = require('../test-clocks/test-clocks');
const { catchUpDue, describeFailures } = require('./lifecycle');
const { runMigration } = require('./price-migrations');

const CATCH_UP_INTERVAL_MS = 60 * 1000;

/// Recurring: moves every wall-clock subscription whose period has ended into its next period.
/// Subscriptions that cannot catch up are named in the job's last_error; the rest go on.
async function catchUpWallClock(payload, { db, dialect, core, clock, logger, now }) {
  const outcome = await catchUpDue(db, dialect, core, clock, { now, logger });
  return { rescheduleAt: addMilliseconds(toInstant(now), CATCH_UP_INTERVAL_MS), warning: describeFailures(outcome) };
}

/// After a test clock moved: catches up its customers' subscriptions, then marks it ready.
/// A subscription that fails is skipped (named in the job's last_error) and the clock is ready
/// all the same; should the job itself fail on its last attempt, the clock is made ready too,
/// so it can always be advanced again (the next advance catches up whatever is still due).
async function advanceTestClock({ test_clock_id: testClockId }, { db, dialect, core, clock, logger, job }) {
  const testClock = await db.selectFrom('test_clocks').selectAll().where('id', '=', testClockId).executeTakeFirstOrThrow();
  try {
    const outcome = await catchUpDue(db, dialect, core, clock, { testClockId, now: new Date(testClock.frozen_time), logger });
    await markReady(db, clock, testClock);
    return { warning: describeFailures(outcome) };
  } catch (error) {
    if (job && job.attempts >= job.max_attempts) await markReady(db, clock, testClock);
    throw error;
  }
}

async function markReady(db, clock, testClock) {
  await inTransaction(db, async (trx) => {
    const changes = { status: 'ready', updated_at: toInstant(clock.now()) };
    const updated = await trx.updateTable('test_clocks').set(changes)
      .where('id', '=', testClock.id).where('status', '=', 'advancing').executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1) {
      await recordEvent(trx, { type: 'test_clock.ready', object: presentTestClock({ ...testClock, ...changes }) }, clock.now());
    }
  });
}

async function scheduleSubscriptionJobs(db, now) {
  await scheduleRecurringJob(db, { id: 'job_recurring_subscriptions_catch_up', type: 'subscriptions.catch_up' }, now);
}

const SUBSCRIPTION_HANDLERS = {
  'subscriptions.catch_up': catchUpWallClock,
  'test_clock.advance': advanceTestClock,
  'plan_migration.run': runMigration,
};

module.exports = { SUBSCRIPTION_HANDLERS, scheduleSubscriptionJobs };
