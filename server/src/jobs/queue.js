'use strict';
const { sql } = require('kysely');
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { insertRow } = require('../db/held-inserts');

const DEFAULT_MAX_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 60 * 60 * 1000;
/// A failing recurring job is retried at least this often: it never dies.
const RECURRING_BACKOFF_CAP_MS = 5 * 60 * 1000;
/// How many finished jobs the purge deletes per statement.
const PURGE_BATCH_SIZE = 500;

/// Adds a job to the queue (in the caller's transaction when `executor` is one).
/// `id` makes the job a singleton: a second enqueue with the same id does nothing. A
/// transaction that holds its inserts (db/held-inserts.js) writes the job when it flushes them.
async function enqueueJob(executor, { type, payload = {}, runAt = null, maxAttempts = DEFAULT_MAX_ATTEMPTS, id = null }, now) {
  const job = newJobRow({ id: id || newId('job'), type, payload, runAt, maxAttempts, recurring: false }, now);
  await insertRow(executor, 'jobs', job, { ignoreConflict: true });
  return job;
}

/// Ensures the recurring job `id` exists and is queued: created when missing, queued again
/// when it is dead or finished (a database from before recurring jobs could not die), left
/// alone while it is queued or running. Each process calls this at start.
async function scheduleRecurringJob(db, { id, type }, now) {
  const job = newJobRow({ id, type, payload: {}, runAt: null, maxAttempts: DEFAULT_MAX_ATTEMPTS, recurring: true }, now);
  await db.insertInto('jobs').values(job)
    .onConflict((conflict) => conflict.column('id').doUpdateSet({
      status: 'queued', attempts: 0, recurring: 1, run_at: job.run_at, locked_by: null, locked_until: null,
      finished_at: null, updated_at: job.updated_at,
    }).where('jobs.status', 'in', ['dead', 'succeeded']))
    .execute();
}

function newJobRow({ id, type, payload, runAt, maxAttempts, recurring }, now) {
  const nowText = toInstant(now);
  return {
    id, type, payload: JSON.stringify(payload), status: 'queued', attempts: 0, max_attempts: maxAttempts,
    recurring: recurring ? 1 : 0, run_at: runAt || nowText, locked_until: null, locked_by: null, last_error: null,
    created_at: nowText, updated_at: nowText, finished_at: null,
  };
}

/// Delay before retry number `attempts` (1, 2, ...): 1 s, 2 s, 4 s, ... capped at one hour, or
/// at RECURRING_BACKOFF_CAP_MS for a recurring job.
function backoffMs(attempts, { recurring = false } = {}) {
  return Math.min(recurring ? RECURRING_BACKOFF_CAP_MS : BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempts - 1, 30));
}

/// Claims up to `limit` jobs for `worker`: running jobs whose visibility timeout has passed
/// (their worker died or hung) first, then queued jobs that are due, oldest first. Each claimed
/// job is locked for `visibilityMs`. On PostgreSQL, FOR UPDATE SKIP LOCKED lets several
/// processes claim at once without waiting on, or taking, each other's jobs; SQLite runs each
/// statement alone. The two kinds are claimed by two statements, each walking its own index in
/// order (jobs_expired_claims, jobs_due), so a claim reads a few index entries however long the
/// queue is, where one statement over both would sort every claimable job.
async function claimJobs(db, dialect, { worker, limit, visibilityMs }, now) {
  const expired = await claimWhere(db, dialect, { worker, limit, visibilityMs, now, status: 'running', dueColumn: 'locked_until' });
  if (expired.length >= limit) return expired;
  const due = await claimWhere(db, dialect, { worker, limit: limit - expired.length, visibilityMs, now, status: 'queued', dueColumn: 'run_at' });
  return [...expired, ...due];
}

// Claims up to `limit` jobs in `status` whose `dueColumn` (run_at or locked_until) has passed.
async function claimWhere(db, dialect, { worker, limit, visibilityMs, now, status, dueColumn }) {
  const nowText = toInstant(now);
  const lockedUntil = addMilliseconds(nowText, visibilityMs);
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
  const due = sql.ref(dueColumn);
  const result = await sql`
    update jobs
       set status = 'running', attempts = attempts + 1, locked_by = ${worker},
           locked_until = ${lockedUntil}, updated_at = ${nowText}
     where id in (
       select id from jobs
        where status = ${status} and ${due} <= ${nowText}
        order by ${due}, id
        limit ${limit}
        ${lock})
    returning *`.execute(db);
  return result.rows;
}

// The claim of `job` (as claimJobs returned it): same worker, same attempt, still running.
function heldClaim(query, job) {
  return query.where('id', '=', job.id).where('locked_by', '=', job.locked_by).where('attempts', '=', job.attempts)
    .where('status', '=', 'running');
}

/// Pushes the visibility timeout of a running job `visibilityMs` past now (the worker's
/// heartbeat). Returns false if the claim was lost (the timeout had passed and another worker
/// took the job).
async function extendClaim(db, job, visibilityMs, now) {
  const nowText = toInstant(now);
  return stillHeld(await heldClaim(db.updateTable('jobs')
    .set({ locked_until: addMilliseconds(nowText, visibilityMs), updated_at: nowText }), job).executeTakeFirst());
}

/// Marks a claimed job done, or (for a recurring job) queues it again at `rescheduleAt`.
/// `warning` (a run that succeeded but skipped some of its work) is kept in `last_error`.
/// Only the worker that holds the claim can finish it: returns false if the claim was lost.
async function completeJob(db, job, { rescheduleAt = null, warning = null } = {}, now) {
  const nowText = toInstant(now);
  const values = rescheduleAt
    ? { status: 'queued', attempts: 0, run_at: rescheduleAt, locked_by: null, locked_until: null, last_error: warning, updated_at: nowText }
    : { status: 'succeeded', locked_until: null, updated_at: nowText, finished_at: nowText, ...(warning ? { last_error: warning } : {}) };
  return stillHeld(await heldClaim(db.updateTable('jobs').set(values), job).executeTakeFirst());
}

/// Records a failed attempt: retried after a backoff, or `dead` once attempts are used up.
/// A recurring job is never dead: it is retried with a backoff capped at five minutes.
async function failJob(db, job, error, now) {
  const nowText = toInstant(now);
  const recurring = Number(job.recurring) === 1;
  const values = !recurring && job.attempts >= job.max_attempts
    ? { status: 'dead', locked_until: null, last_error: error, updated_at: nowText, finished_at: nowText }
    : { status: 'queued', locked_until: null, locked_by: null, last_error: error, updated_at: nowText,
      run_at: addMilliseconds(nowText, backoffMs(job.attempts, { recurring })) };
  return stillHeld(await heldClaim(db.updateTable('jobs').set(values), job).executeTakeFirst());
}

function stillHeld(result) {
  return Number(result.numUpdatedRows ?? 0) === 1;
}

/// Deletes jobs that succeeded before `before`, with their attempts, and the attempts older
/// than that of every other job except dead ones (kept for operators to look into).
/// Returns { jobs, attempts } deleted.
async function purgeFinishedJobs(db, before) {
  const deleted = { jobs: 0, attempts: 0 };
  for (;;) {
    const ids = (await db.selectFrom('jobs').select('id').where('status', '=', 'succeeded')
      .where('finished_at', '<=', before).orderBy('finished_at').limit(PURGE_BATCH_SIZE).execute()).map((row) => row.id);
    if (!ids.length) break;
    await db.transaction().execute(async (trx) => {
      deleted.attempts += Number((await trx.deleteFrom('job_attempts').where('job_id', 'in', ids).executeTakeFirst()).numDeletedRows);
      deleted.jobs += Number((await trx.deleteFrom('jobs').where('id', 'in', ids).executeTakeFirst()).numDeletedRows);
    });
    if (ids.length < PURGE_BATCH_SIZE) break;
  }
  const old = await db.deleteFrom('job_attempts').where('finished_at', '<=', before)
    .where('job_id', 'not in', db.selectFrom('jobs').select('id').where('status', '=', 'dead'))
    .executeTakeFirst();
  deleted.attempts += Number(old.numDeletedRows);
  return deleted;
}

function presentJob(row) {
  return {
    id: row.id,
    object: 'job',
    type: row.type,
    payload: JSON.parse(row.payload),
    status: row.status,
    recurring: Number(row.recurring) === 1,
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

module.exports = {
  enqueueJob, scheduleRecurringJob, claimJobs, extendClaim, completeJob, failJob, purgeFinishedJobs, backoffMs,
  presentJob, DEFAULT_MAX_ATTEMPTS, RECURRING_BACKOFF_CAP_MS,
};
