'use strict';
const os = require('node:os');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { claimJobs, completeJob, failJob } = require('./queue');

const DEFAULT_VISIBILITY_MS = 5 * 60 * 1000;

/// Runs jobs from the queue with the given handlers ({ type: async (payload, context) => ... }).
/// A handler returns nothing, or { rescheduleAt } for a recurring job. A job may run again if
/// its worker dies mid-way (after the visibility timeout), so handlers must be safe to repeat.
class Worker {
  constructor({ db, dialect, clock, handlers, context = {}, logger, id, pollMs = 500, batchSize = 10,
    visibilityMs = DEFAULT_VISIBILITY_MS }) {
    Object.assign(this, { db, dialect, clock, handlers, context, logger, pollMs, batchSize, visibilityMs });
    this.id = id || `${os.hostname()}:${process.pid}:${newId('wkr').slice(-6)}`;
    this.timer = null;
    this.running = null;
    this.stopped = true;
  }

  /// Claims one batch of due jobs and runs them; returns how many were claimed.
  async runOnce() {
    const jobs = await claimJobs(this.db, this.dialect,
      { worker: this.id, limit: this.batchSize, visibilityMs: this.visibilityMs }, this.clock.now());
    for (const job of jobs) await this.runJob(job);
    return jobs.length;
  }

  /// Runs batches until no job is due (tests and the CLI use this).
  async drain(maxBatches = 1000) {
    for (let i = 0; i < maxBatches; i += 1) {
      if ((await this.runOnce()) === 0) return;
    }
    throw new Error(`jobs still due after ${maxBatches} batches`);
  }

  async runJob(job) {
    const attemptId = newId('att');
    const startedAt = toInstant(this.clock.now());
    await this.db.insertInto('job_attempts').values({
      id: attemptId, job_id: job.id, attempt: job.attempts, worker: this.id, started_at: startedAt,
      finished_at: null, outcome: null, error: null,
    }).execute();

    let outcome = 'succeeded';
    let errorText = null;
    if (job.attempts > job.max_attempts) {
      // Reclaimed after a timeout with no attempt left: give up without running it again.
      outcome = 'dead';
      errorText = job.last_error || 'visibility timeout passed on the last attempt';
      await failJob(this.db, { ...job, attempts: job.attempts }, errorText, this.clock.now());
    } else {
      try {
        const handler = this.handlers[job.type];
        if (!handler) throw new Error(`no handler for job type "${job.type}"`);
        const result = await handler(JSON.parse(job.payload), { ...this.context, job, now: this.clock.now() });
        await completeJob(this.db, job, result || {}, this.clock.now());
      } catch (error) {
        outcome = job.attempts >= job.max_attempts ? 'dead' : 'failed';
        errorText = String(error && error.message ? error.message : error).slice(0, 2000);
        this.logger?.warn({ job: job.id, type: job.type, attempt: job.attempts, error: errorText }, 'job failed');
        await failJob(this.db, job, errorText, this.clock.now());
      }
    }
    await this.db.updateTable('job_attempts')
      .set({ finished_at: toInstant(this.clock.now()), outcome, error: errorText })
      .where('id', '=', attemptId).execute();
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

  /// Stops polling and waits for the batch in progress.
  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.running) await this.running;
  }
}

module.exports = { Worker };
