'use strict';
const { sql } = require('kysely');
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');

const DEFAULT_MAX_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 60 * 60 * 1000;

/// Adds a job to the queue (in the caller's transaction when `executor` is one).
/// `id` makes the job a singleton: a second enqueue with the same id does nothing.
async function enqueueJob(executor, { type, payload = {}, runAt = null, maxAttempts = DEFAULT_MAX_ATTEMPTS, id = null }, now) {
  const nowText = toInstant(now);
  const job = {
    id: id || newId('job'),
    type,
    payload: JSON.stringify(payload),
    status: 'queued',
    attempts: 0,
    max_attempts: maxAttempts,
    run_at: runAt || nowText,
    locked_until: null,
    locked_by: null,
    last_error: null,
    created_at: nowText,
    updated_at: nowText,
    finished_at: null,
  };
  await executor.insertInto('jobs').values(job)
    .onConflict((conflict) => conflict.column('id').doNothing()).execute();
  return job;
}

/// Delay before retry number `attempts` (1, 2, ...): 1 s, 2 s, 4 s, ... capped at one hour.
function backoffMs(attempts) {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempts - 1, 30));
}

/// Claims up to `limit` jobs for `worker`: queued jobs that are due, and running jobs whose
/// visibility timeout has passed (their worker died or hung). Each claimed job is locked for
/// `visibilityMs`. On PostgreSQL, FOR UPDATE SKIP LOCKED lets several processes claim at once
/// without waiting on, or taking, each other's jobs; SQLite runs the statement alone.
async function claimJobs(db, dialect, { worker, limit, visibilityMs }, now) {
  const nowText = toInstant(now);
  const lockedUntil = addMilliseconds(nowText, visibilityMs);
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
  const result = await sql`
    update jobs
       set status = 'running', attempts = attempts + 1, locked_by = ${worker},
           locked_until = ${lockedUntil}, updated_at = ${nowText}
     where id in (
       select id from jobs
        where (status = 'queued' and run_at <= ${nowText})
           or (status = 'running' and locked_until <= ${nowText})
        order by run_at, id
        limit ${limit}
        ${lock})
    returning *`.execute(db);
  return result.rows;
}

/// Marks a claimed job done, or (for a recurring job) queues it again at `rescheduleAt`.
/// Only the worker that holds the claim can finish it: returns false if the claim was lost.
async function completeJob(db, job, { rescheduleAt = null } = {}, now) {
  const nowText = toInstant(now);
  const values = rescheduleAt
    ? { status: 'queued', attempts: 0, run_at: rescheduleAt, locked_by: null, locked_until: null, last_error: null, updated_at: nowText }
    : { status: 'succeeded', locked_until: null, updated_at: nowText, finished_at: nowText };
  return stillHeld(await db.updateTable('jobs').set(values)
    .where('id', '=', job.id).where('locked_by', '=', job.locked_by).where('attempts', '=', job.attempts)
    .where('status', '=', 'running').executeTakeFirst());
}

/// Records a failed attempt: retried after a backoff, or `dead` once attempts are used up.
async function failJob(db, job, error, now) {
  const nowText = toInstant(now);
  const dead = job.attempts >= job.max_attempts;
  const values = dead
    ? { status: 'dead', locked_until: null, last_error: error, updated_at: nowText, finished_at: nowText }
    : { status: 'queued', locked_until: null, locked_by: null, last_error: error, updated_at: nowText,
      run_at: addMilliseconds(nowText, backoffMs(job.attempts)) };
  return stillHeld(await db.updateTable('jobs').set(values)
    .where('id', '=', job.id).where('locked_by', '=', job.locked_by).where('attempts', '=', job.attempts)
    .where('status', '=', 'running').executeTakeFirst());
}

function stillHeld(result) {
  return Number(result.numUpdatedRows ?? 0) === 1;
}

function presentJob(row) {
  return {
    id: row.id,
    object: 'job',
    type: row.type,
    payload: JSON.parse(row.payload),
    status: row.status,
    attempts: row.attempts,
    max_attempts: row.max_attempts,
    run_at: row.run_at,
    locked_until: row.locked_until,
    locked_by: row.locked_by,
    last_error: row.last_error,
    created_at: row.created_at,
    updated_at: row.updated_at,
    finished_at: row.finished_at,
  };
}

module.exports = { enqueueJob, claimJobs, completeJob, failJob, backoffMs, presentJob, DEFAULT_MAX_ATTEMPTS };
