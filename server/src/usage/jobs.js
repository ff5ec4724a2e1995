'use strict';
const { sql } = require('kysely');
const { toInstant, addMilliseconds } = require('../time');
const { inTransaction } = require('../db/rows');
const { scheduleRecurringJob } = require('../jobs/queue');
const { mergePending, MERGE_BATCH_SIZE } = require('./processor');
const { ensurePartitions, nextMonth, monthOf } = require('./partitions');
const { usageSettings } = require('./settings');

const AGGREGATE_JOB_ID = 'job_recurring_usage_aggregate';
/// How often the aggregation job looks for waiting events when none were waiting.
const AGGREGATE_INTERVAL_MS = 1000;
/// How long one run of the aggregation job merges before it lets other jobs run.
const AGGREGATE_RUN_MS = 5000;
const MAINTENANCE_INTERVAL_MS = 60 * 60 * 1000;
/// Expired deduplication keys deleted per statement.
const PURGE_BATCH_SIZE = 5000;

/// Recurring: merges waiting events into their aggregates, a batch per transaction, for up to
/// AGGREGATE_RUN_MS; runs again at once while events wait, else a second later.
async function aggregateUsage(payload, context) {
  const started = Date.now();
  let failed = 0;
  for (;;) {
    const outcome = await inTransaction(context.db, (trx) => mergePending(trx, context, { limit: MERGE_BATCH_SIZE }));
    failed += outcome.failed;
    const drained = outcome.events < MERGE_BATCH_SIZE;
    if (drained || Date.now() - started > AGGREGATE_RUN_MS) {
      const rescheduleAt = addMilliseconds(toInstant(context.clock.now()), drained ? AGGREGATE_INTERVAL_MS : 0);
      const warning = failed ? `${failed} events could not be merged (GET /v1/usage/status lists them)` : null;
      return { rescheduleAt, warning };
    }
  }
}

/// Recurring, hourly: deletes deduplication keys past their window and, on PostgreSQL, makes
/// sure this month's and next month's event partitions exist.
async function maintainUsage(payload, { db, dialect, config, now }) {
  const settings = usageSettings(config);
  const expiredBefore = addMilliseconds(toInstant(now), -settings.dedupMs);
  for (;;) {
    const result = await sql`delete from usage_event_keys where (customer_id, event_id) in (
      select customer_id, event_id from usage_event_keys where received_at < ${expiredBefore} limit ${PURGE_BATCH_SIZE})`.execute(db);
    if (Number(result.numAffectedRows) < PURGE_BATCH_SIZE) break;
  }
  const month = monthOf(toInstant(now));
  await ensurePartitions(db, dialect, [`${month}-01T00:00:00.000Z`, `${nextMonth(month)}-01T00:00:00.000Z`]);
  return { rescheduleAt: addMilliseconds(toInstant(now), MAINTENANCE_INTERVAL_MS) };
}

/// The usage jobs' one queued row each. A starting process also takes the aggregation job over
/// from a worker that may have died running it (instead of waiting out its visibility timeout):
/// merging is safe to run twice at once (each batch holds the merge watermark's lock), so
/// should that worker still be alive, it merely finds its claim lost.
async function scheduleUsageJobs(db, now) {
  await scheduleRecurringJob(db, { id: AGGREGATE_JOB_ID, type: 'usage.aggregate' }, now);
  await scheduleRecurringJob(db, { id: 'job_recurring_usage_maintenance', type: 'usage.maintenance' }, now);
  await db.updateTable('jobs')
    .set({ status: 'queued', run_at: toInstant(now), locked_by: null, locked_until: null, updated_at: toInstant(now) })
    .where('id', '=', AGGREGATE_JOB_ID).where('status', '=', 'running').execute();
}

const USAGE_HANDLERS = {
  'usage.aggregate': aggregateUsage,
  'usage.maintenance': maintainUsage,
};

module.exports = { USAGE_HANDLERS, scheduleUsageJobs };
