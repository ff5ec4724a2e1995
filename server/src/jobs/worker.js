'use strict';
const os = require('node:os');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { claimJobs, extendClaim, completeJob, failJob } = require('./queue');

const DEFAULT_VISIBILITY_MS = 5 * 60 * 1000;

/// Runs jobs from the queue with the given handlers ({ type: async (payload, context) => ... }).
/// A handler returns nothing, or { rescheduleAt } for a recurring job, and may add `warning`
/// (work it skipped, kept in the job's last_error). A job may run again if its worker dies
/// mid-way (after the visibility timeout), so handlers must be safe to repeat.
///
/// Each job is claimed when its turn comes (never queued behind another job while its
/// visibility timeout runs), and while it runs a heartbeat pushes its timeout forward every
/// `heartbeatMs` (a third of the timeout by default), so a long job is not taken over.
class Worker {
  constructor({ db, dialect, clock, handlers, context = {}, logger, id, pollMs = 500, batchSize = 10,
    visibilityMs = DEFAULT_VISIBILITY_MS, heartbeatMs = Math.floor(visibilityMs / 3) }) {
    Object.assign(this, { db, dialect, clock, handlers, context, logger, pollMs, batchSize, visibilityMs, heartbeatMs });
    this.id = id || `${os.hostname()}:${process.pid}:${newId('wkr').slice(-6)}`;
    this.timer = null;
    this.running = null;
    this.stopped = true;
  }

  /// Claims and runs due jobs one at a time, up to `batchSize`; returns how many it ran.
  async runOnce() {
    let ran = 0;
    while (ran < this.batchSize) {
      const claimed = await this.claimOne();
      if (!claimed) break;
      await this.runJob(claimed.job, claimed.attempt);
      ran += 1;
    }
    return ran;
  }

  // Claims one due job and records its attempt, in one transaction (one commit: on SQLite each
  // commit waits for a disk sync with the event loop stopped). Returns { job, attempt } or null.
  claimOne() {
    return this.db.transaction().execute(async (trx) => {
      const [job] = await claimJobs(trx, this.dialect, { worker: this.id, limit: 1, visibilityMs: this.visibilityMs }, this.clock.now());
      if (!job) return null;
      const attempt = { id: newId('att'), job_id: job.id, attempt: job.attempts, worker: this.id, started_at: toInstant(this.clock.now()), finished_at: null, outcome: null, error: null };
      await trx.insertInto('job_attempts').values(attempt).execute();
      return { job, attempt };
    });
  }

  /// Runs batches until no job is due (tests and the CLI use this).
  async drain(maxBatches = 1000) {
    for (let i = 0; i < maxBatches; i += 1) {
      if ((await this.runOnce()) === 0) return;
    }
    throw new Error(`jobs still due after ${maxBatches} batches`);
  }

  // Runs a claimed job and records its outcome on the job and on its attempt, in one
  // transaction.
  async runJob(job, attempt) {
    let outcome = 'succeeded';
    let errorText = null;
    let finish;
    if (Number(job.recurring) !== 1 && job.attempts > job.max_attempts) {
      // Reclaimed after a timeout with no attempt left: give up without running it again.
      outcome = 'dead';
      errorText = job.last_error || 'visibility timeout passed on the last attempt';
      finish = (trx) => failJob(trx, job, errorText, this.clock.now());
    } else {
      const stopHeartbeat = this.startHeartbeat(job);
      try {
        const handler = this.handlers[job.type];
        if (!handler) throw new Error(`no handler for job type "${job.type}"`);
        const result = await handler(JSON.parse(job.payload), { ...this.context, job, now: this.clock.now() }) || {};
        stopHeartbeat();
        errorText = result.warning || null;
        finish = (trx) => completeJob(trx, job, result, this.clock.now());
      } catch (error) {
        stopHeartbeat();
        outcome = Number(job.recurring) !== 1 && job.attempts >= job.max_attempts ? 'dead' : 'failed';
        errorText = String(error && error.message ? error.message : error).slice(0, 2000);
        this.logger?.warn({ job: job.id, type: job.type, attempt: job.attempts, error: errorText }, 'job failed');
        finish = (trx) => failJob(trx, job, errorText, this.clock.now());
      }
    }
    const held = await this.db.transaction().execute(async (trx) => {
      const stillHeld = await finish(trx);
      await trx.updateTable('job_attempts')
        .set({ finished_at: toInstant(this.clock.now()), outcome, error: errorText })
        .where('id', '=', attempt.id).execute();
      return stillHeld;
    });
    if (!held) this.logClaimLost(job, 'before it finished; its outcome was not recorded on the job');
  }

  // Extends the job's visibility timeout every heartbeatMs while it runs; returns the stop
  // function. A lost claim is logged once.
  startHeartbeat(job) {
    let stopped = false;
    const timer = setInterval(() => {
      extendClaim(this.db, job, this.visibilityMs, this.clock.now()).then((held) => {
        if (held || stopped) return;
        stopped = true;
        clearInterval(timer);
        this.logClaimLost(job, 'while it was running');
      }, (error) => this.logger?.error({ err: error, job: job.id }, 'job heartbeat failed'));
    }, this.heartbeatMs);
    timer.unref();
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }

  logClaimLost(job, when) {
    this.logger?.warn({ job: job.id, type: job.type, attempt: job.attempts },
      `job claim lost ${when}: its visibility timeout passed and another worker may have taken it`);
  }

  /// Polls the queue every `pollMs` until stop() is called.
  start() {
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.runOnce()
        .catch((error) => this.logger?.error({ err: error }, 'job worker poll failed'))
        .then((claimed) => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, claimed ? 0 : this.pollMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /// Stops polling and waits for the job in progress.
  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.running) await this.running;
  }
}

module.exports = { Worker };
