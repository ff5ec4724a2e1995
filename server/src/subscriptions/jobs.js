'use strict';
const { toInstant, addMilliseconds } = require('../time');
const { inTransaction } = require('../db/rows');
const { recordEvent } = require('../outbox/outbox');
const { enqueueJob } = require('../jobs/queue');
const { presentTestClock } = require('../test-clocks/test-clocks');
const { catchUpDue } = require('./lifecycle');

const CATCH_UP_INTERVAL_MS = 60 * 1000;

/// Recurring: moves every wall-clock subscription whose period has ended into its next period.
async function catchUpWallClock(payload, { db, dialect, core, clock, now }) {
  await catchUpDue(db, dialect, core, clock, { now });
  return { rescheduleAt: addMilliseconds(toInstant(now), CATCH_UP_INTERVAL_MS) };
}

/// After a test clock moved: catches up its customers' subscriptions, then marks it ready.
async function advanceTestClock({ test_clock_id: testClockId }, { db, dialect, core, clock }) {
  const testClock = await db.selectFrom('test_clocks').selectAll().where('id', '=', testClockId).executeTakeFirstOrThrow();
  await catchUpDue(db, dialect, core, clock, { testClockId, now: new Date(testClock.frozen_time) });
  await inTransaction(db, async (trx) => {
    const changes = { status: 'ready', updated_at: toInstant(clock.now()) };
    const updated = await trx.updateTable('test_clocks').set(changes)
      .where('id', '=', testClockId).where('status', '=', 'advancing').executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1) {
      await recordEvent(trx, { type: 'test_clock.ready', object: presentTestClock({ ...testClock, ...changes }) }, clock.now());
    }
  });
}

async function scheduleSubscriptionJobs(db, now) {
  await enqueueJob(db, { id: 'job_recurring_subscriptions_catch_up', type: 'subscriptions.catch_up' }, now);
}

const SUBSCRIPTION_HANDLERS = {
  'subscriptions.catch_up': catchUpWallClock,
  'test_clock.advance': advanceTestClock,
};

module.exports = { SUBSCRIPTION_HANDLERS, scheduleSubscriptionJobs };
