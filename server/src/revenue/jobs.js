'use strict';
const { toInstant, addMilliseconds } = require('../time');
const { scheduleRecurringJob } = require('../jobs/queue');
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

async function scheduleRevenueJobs(db, now) {
  await scheduleRecurringJob(db, { id: 'job_recurring_revenue_mrr_snapshot', type: 'revenue.mrr_snapshot' }, now);
}

const REVENUE_HANDLERS = { 'revenue.mrr_snapshot': snapshotMrr };

module.exports = { REVENUE_HANDLERS, scheduleRevenueJobs };
