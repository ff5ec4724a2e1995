'use strict';
const { toInstant, addMilliseconds } = require('../time');
const { scheduleRecurringJob, enqueueJob } = require('../jobs/queue');
const { snapshotAllScopes } = require('./snapshot-scopes');

const SNAPSHOT_INTERVAL_MS = 60 * 60 * 1000;

/// Recurring, every hour: today's MRR snapshot in every scope (the wall clock and each test
/// clock at its frozen time), so each day's snapshot ends as that day's latest state.
async function snapshotMrr(payload, services) {
  const now = toInstant(services.now || services.clock.now());
  const { failures } = await snapshotAllScopes(services);
  return {
    rescheduleAt: addMilliseconds(now, SNAPSHOT_INTERVAL_MS),
    warning: failures.length ? `MRR snapshots failed in ${failures.length} scopes: ${failures.slice(0, 5).map((f) => `${f.scope}: ${f.error.message}`).join('; ')}` : null,
  };
}

/// After a test clock moved and its customers caught up: the snapshot of its new day.
async function snapshotTestClock({ test_clock_id: testClockId }, services) {
  const { failures } = await snapshotAllScopes(services, testClockId);
  if (failures.length) throw failures[0].error;
}

/// Outbox consumer: a test clock that is ready after an advance gets its MRR snapshot job (one
/// per event, so a redelivered event queues nothing more), so its reports follow the clock.
async function queueTestClockSnapshot(trx, event, { clock }) {
  if (event.type !== 'test_clock.ready') return;
  const testClock = JSON.parse(event.data);
  await enqueueJob(trx, { type: 'revenue.test_clock_snapshot', payload: { test_clock_id: testClock.id }, id: `job_revenue_snapshot_${event.id}` }, clock.now());
}

async function scheduleRevenueJobs(db, now) {
  await scheduleRecurringJob(db, { id: 'job_recurring_revenue_mrr_snapshot', type: 'revenue.mrr_snapshot' }, now);
}

const REVENUE_HANDLERS = { 'revenue.mrr_snapshot': snapshotMrr, 'revenue.test_clock_snapshot': snapshotTestClock };

module.exports = { REVENUE_HANDLERS, scheduleRevenueJobs, queueTestClockSnapshot };
