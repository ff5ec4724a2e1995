'use strict';
const { toInstant, addMilliseconds } = require('../time');
const { scheduleRecurringJob, purgeFinishedJobs } = require('./queue');
const { purgeExpiredKeys } = require('../idempotency/idempotency');

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/// How long succeeded jobs and finished attempts are kept unless configured otherwise.
const DEFAULT_JOB_RETENTION_DAYS = 7;

/// Deletes idempotency keys older than 24 hours, then runs again an hour later.
async function purgeIdempotencyKeys(payload, { db, now }) {
  await purgeExpiredKeys(db, now);
  return { rescheduleAt: addMilliseconds(toInstant(now), HOUR_MS) };
}

/// Deletes succeeded jobs and finished attempts older than the retention (config
/// jobRetentionDays, RATECARD_JOB_RETENTION_DAYS), then runs again an hour later.
async function purgeJobs(payload, { db, now, config }) {
  const days = (config && config.jobRetentionDays) || DEFAULT_JOB_RETENTION_DAYS;
  await purgeFinishedJobs(db, addMilliseconds(toInstant(now), -days * DAY_MS));
  return { rescheduleAt: addMilliseconds(toInstant(now), HOUR_MS) };
}

/// Recurring maintenance jobs: one row each (a fixed id), however many processes start.
async function scheduleRecurringJobs(db, now) {
  await scheduleRecurringJob(db, { id: 'job_recurring_idempotency_purge', type: 'idempotency.purge' }, now);
  await scheduleRecurringJob(db, { id: 'job_recurring_jobs_purge', type: 'jobs.purge' }, now);
}

const PLATFORM_HANDLERS = {
  'idempotency.purge': purgeIdempotencyKeys,
  'jobs.purge': purgeJobs,
};

module.exports = { PLATFORM_HANDLERS, scheduleRecurringJobs };
