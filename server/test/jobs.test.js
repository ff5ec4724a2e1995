'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock, logCollector } = require('./support/harness');
const { createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { Worker } = require('../src/jobs/worker');
const { enqueueJob, scheduleRecurringJob, claimJobs, completeJob, RECURRING_BACKOFF_CAP_MS } = require('../src/jobs/queue');
const { scheduleRecurringJobs } = require('../src/jobs/registry');
const { createLogger } = require('../src/logger');

const DAY_MS = 24 * 60 * 60 * 1000;

for (const backend of BACKENDS) {
  describe(`job queue [${backend}]`, () => {
    let t;
    let clock;
    let calls;
    let failuresLeft;
    let slowJob = async () => {};
    const worker = (id, extra = {}) => new Worker({
      db: t.services.db, dialect: t.services.dialect, clock, id, visibilityMs: 30000,
      handlers: {
        'test.record': async (payload) => { calls.push(payload.n); },
        'test.flaky': async (payload) => {
          calls.push(payload.n);
          if (failuresLeft > 0) { failuresLeft -= 1; throw new Error('temporary failure'); }
        },
        'test.broken': async () => { throw new Error('always fails'); },
        'test.recurring': async (payload, { now }) => {
          calls.push('recurring');
          if (failuresLeft > 0) { failuresLeft -= 1; throw new Error('outage'); }
          return { rescheduleAt: new Date(now.getTime() + 60000).toISOString() };
        },
        'test.slow': async (payload) => { calls.push(payload.n); await slowJob(payload); },
      },
      ...extra,
    });
    const job = (id) => t.services.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const attempts = (id) => t.services.db.selectFrom('job_attempts').selectAll().where('job_id', '=', id).orderBy('attempt').execute();

    before(async () => {
      clock = manualClock('2026-02-01T00:00:00.000Z');
      t = await startTestServer(backend, { clock });
    });
    after(() => t.close());

    it('runs a due job once and records the attempt', async () => {
      calls = [];
      const queued = await enqueueJob(t.services.db, { type: 'test.record', payload: { n: 1 } }, clock.now());
      await worker('w1').drain();
      assert.deepEqual(calls, [1]);
      assert.equal((await job(queued.id)).status, 'succeeded');
      const [attempt] = await attempts(queued.id);
      assert.equal(attempt.outcome, 'succeeded');
      assert.equal(attempt.worker, 'w1');
    });

    it('commits a claim together with its attempt: a failure between them leaves the job queued', async () => {
      calls = [];
      const queued = await enqueueJob(t.services.db, { type: 'test.record', payload: { n: 7 }, runAt: '2000-01-01T00:00:00.000Z' }, clock.now());
      let reads = 0;
      const failingOnSecondRead = { now: () => { reads += 1; if (reads === 2) throw new Error('failed after the claim'); return clock.now(); } };
      const failing = new Worker({ db: t.services.db, dialect: t.services.dialect, clock: failingOnSecondRead, id: 'w-fails', handlers: { 'test.record': async () => {} } });
      await assert.rejects(failing.runOnce(), /failed after the claim/);
      assert.deepEqual([(await job(queued.id)).status, (await job(queued.id)).attempts, (await attempts(queued.id)).length], ['queued', 0, 0],
        'the claim rolled back with the attempt it could not record');

      await worker('w1').drain();
      assert.deepEqual(calls, [7]);
      const [attempt, ...more] = await attempts(queued.id);
      assert.equal(more.length, 0);
      assert.deepEqual([attempt.outcome, (await job(queued.id)).status], ['succeeded', 'succeeded']);
    });

    it('does not run a job before its run_at', async () => {
      calls = [];
      const later = new Date(clock.now().getTime() + 60000).toISOString();
      const queued = await enqueueJob(t.services.db, { type: 'test.record', payload: { n: 2 }, runAt: later }, clock.now());
      await worker('w1').drain();
      assert.deepEqual(calls, []);
      clock.advance(60000);
      await worker('w1').drain();
      assert.deepEqual(calls, [2]);
      assert.equal((await job(queued.id)).status, 'succeeded');
    });

    it('retries a failing job with exponential backoff until it succeeds', async () => {
      calls = [];
      failuresLeft = 2;
      const queued = await enqueueJob(t.services.db, { type: 'test.flaky', payload: { n: 3 } }, clock.now());
      const w = worker('w1');
      await w.drain();
      let row = await job(queued.id);
      assert.equal(row.status, 'queued');
      assert.equal(row.last_error, 'temporary failure');
      assert.equal(row.run_at, new Date(clock.now().getTime() + 1000).toISOString(), 'first retry after 1 s');
      clock.advance(999);
      await w.drain();
      assert.equal(calls.length, 1, 'not before the backoff has passed');
      clock.advance(1);
      await w.drain();
      row = await job(queued.id);
      assert.equal(row.run_at, new Date(clock.now().getTime() + 2000).toISOString(), 'second retry after 2 s');
      clock.advance(2000);
      await w.drain();
      row = await job(queued.id);
      assert.equal(row.status, 'succeeded');
      assert.equal(row.attempts, 3);
      assert.deepEqual((await attempts(queued.id)).map((a) => a.outcome), ['failed', 'failed', 'succeeded']);
    });

    it('gives up after max_attempts (dead), and an admin can retry a dead job', async () => {
      const queued = await enqueueJob(t.services.db, { type: 'test.broken', maxAttempts: 2 }, clock.now());
      const w = worker('w1');
      await w.drain();
      clock.advance(1000);
      await w.drain();
      let row = await job(queued.id);
      assert.equal(row.status, 'dead');
      assert.equal(row.last_error, 'always fails');
      const listed = await expectStatus(t.call('GET', '/v1/jobs?status=dead'), 200);
      assert.ok(listed.data.some((j) => j.id === queued.id));
      const retried = await expectStatus(t.call('POST', `/v1/jobs/${queued.id}/retry`), 200);
      assert.equal(retried.status, 'queued');
      assert.equal(retried.attempts, 0);
      await w.drain();
      row = await job(queued.id);
      assert.equal(row.attempts, 1);
      await expectError(t.call('POST', `/v1/jobs/${queued.id}/retry`), 409, 'INVALID_STATE');
    });

    it('hands a job to another worker after the visibility timeout, and the first loses its claim', async () => {
      calls = [];
      const queued = await enqueueJob(t.services.db, { type: 'test.record', payload: { n: 4 } }, clock.now());
      const [claimed] = await claimJobs(t.services.db, t.services.dialect, { worker: 'crashed', limit: 1, visibilityMs: 30000 }, clock.now());
      assert.equal(claimed.id, queued.id);
      await worker('w2').drain();
      assert.deepEqual(calls, [], 'locked while the visibility timeout runs');
      clock.advance(30000);
      await worker('w2').drain();
      assert.deepEqual(calls, [4]);
      const row = await job(queued.id);
      assert.equal(row.status, 'succeeded');
      assert.equal(row.locked_by, 'w2');
      assert.equal(await completeJob(t.services.db, claimed, {}, clock.now()), false, 'the crashed worker cannot complete it');
    });

    it('shares a burst of jobs between concurrent workers, each job once', async () => {
      calls = [];
      await t.services.db.transaction().execute(async (trx) => {
        for (let n = 0; n < 60; n += 1) await enqueueJob(trx, { type: 'test.record', payload: { n } }, clock.now());
      });
      const workers = [worker('a', { batchSize: 5 }), worker('b', { batchSize: 5 }), worker('c', { batchSize: 5 })];
      await Promise.all(workers.map((w) => w.drain()));
      assert.deepEqual([...calls].sort((x, y) => x - y), Array.from({ length: 60 }, (_, n) => n));
    });

    it('keeps retrying a failing recurring job, its backoff capped, and never marks it dead', async () => {
      calls = [];
      failuresLeft = 12;
      await scheduleRecurringJob(t.services.db, { id: 'job_recurring_test', type: 'test.recurring' }, clock.now());
      const w = worker('w1');
      for (let attempt = 1; attempt <= 12; attempt += 1) {
        await w.drain();
        const row = await job('job_recurring_test');
        assert.equal(row.status, 'queued', `still queued after failure ${attempt}`);
        assert.equal(row.attempts, attempt);
        const delay = new Date(row.run_at).getTime() - clock.now().getTime();
        assert.equal(delay, Math.min(1000 * 2 ** (attempt - 1), RECURRING_BACKOFF_CAP_MS), `backoff after failure ${attempt}`);
        clock.set(row.run_at);
      }
      await w.drain();
      const row = await job('job_recurring_test');
      assert.equal(calls.length, 13);
      assert.equal(row.status, 'queued');
      assert.equal(row.attempts, 0);
      assert.equal(row.last_error, null);
      assert.equal(row.run_at, new Date(clock.now().getTime() + 60000).toISOString(), 'rescheduled by its handler');
    });

    it('revives a dead recurring job at start', async () => {
      const id = 'job_recurring_subscriptions_catch_up';
      await t.services.db.updateTable('jobs').set({ status: 'dead', finished_at: clock.now().toISOString() }).where('id', '=', id).execute();
      await scheduleRecurringJobs(t.services.db, clock.now());
      const row = await job(id);
      assert.equal(row.status, 'queued');
      assert.equal(row.attempts, 0);
      assert.equal(row.recurring, 1);
      assert.equal(row.run_at, clock.now().toISOString());
      const running = await t.services.db.updateTable('jobs').set({ status: 'running' }).where('id', '=', id).executeTakeFirst();
      assert.equal(Number(running.numUpdatedRows), 1);
      await scheduleRecurringJobs(t.services.db, clock.now());
      assert.equal((await job(id)).status, 'running', 'a running recurring job is left to its worker');
      await t.services.db.updateTable('jobs').set({ status: 'queued' }).where('id', '=', id).execute();
    });

    const waitFor = async (check) => {
      for (let i = 0; i < 500 && !(await check()); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.ok(await check(), 'timed out');
    };
    const inSeconds = (seconds) => new Date(clock.now().getTime() + seconds * 1000).toISOString();

    it('locks each job when it starts, not while it waits behind another', async () => {
      calls = [];
      const a = worker('a', { batchSize: 100, heartbeatMs: 10 });
      const b = worker('b', { batchSize: 100 });
      const first = await enqueueJob(t.services.db, { type: 'test.slow', payload: { n: 'first' } }, clock.now());
      const second = await enqueueJob(t.services.db, { type: 'test.record', payload: { n: 'second' } }, clock.now());
      // The first job runs 40 s, longer than the visibility timeout (30 s), its heartbeat keeping
      // it; meanwhile b looks for work. The second job must not have been locked all along.
      slowJob = async ({ n }) => {
        if (n !== 'first') return;
        clock.advance(20000);
        await waitFor(async () => (await job(first.id)).locked_until === inSeconds(30));
        clock.advance(20000);
        await b.runOnce();
      };
      try {
        await a.drain();
        await b.drain();
      } finally {
        slowJob = async () => {};
      }
      assert.deepEqual(calls.filter((n) => n === 'second'), ['second'], 'the second job ran once');
      assert.equal((await job(second.id)).attempts, 1);
      assert.equal((await job(second.id)).locked_by, 'b', 'b took the job a had not started');
      assert.deepEqual(calls.filter((n) => n === 'first'), ['first'], 'the first job ran once');
      assert.equal((await job(first.id)).status, 'succeeded');
    });

    it('extends the visibility timeout of a running job, and logs a lost claim', async () => {
      calls = [];
      const logs = logCollector();
      const logger = createLogger({ level: 'info', stream: logs.stream });
      const w = worker('heart', { heartbeatMs: 10, logger, batchSize: 100 });
      const queued = await enqueueJob(t.services.db, { type: 'test.slow', payload: { n: 'beat' } }, clock.now());
      slowJob = async ({ n }) => {
        if (n !== 'beat') return;
        clock.advance(20000);
        await waitFor(async () => (await job(queued.id)).locked_until === inSeconds(30));
        clock.advance(20000); // 40 s after the claim: past its first timeout, within the extended one
        await waitFor(async () => (await job(queued.id)).locked_until === inSeconds(30));
        // Now another worker takes the job, as if the heartbeat had stopped reaching the database.
        await t.services.db.updateTable('jobs').set({ locked_by: 'thief' }).where('id', '=', queued.id).execute();
        await waitFor(async () => logs.text().includes('job claim lost while it was running'));
      };
      try {
        await w.runOnce();
      } finally {
        slowJob = async () => {};
      }
      assert.match(logs.text(), /job claim lost before it finished/);
      const row = await job(queued.id);
      assert.deepEqual([row.status, row.locked_by], ['running', 'thief'], 'the late worker did not complete the job');
      await t.services.db.updateTable('jobs').set({ status: 'succeeded', finished_at: clock.now().toISOString() }).where('id', '=', queued.id).execute();
    });

    it('purges succeeded jobs and finished attempts after the retention, keeping dead jobs', async () => {
      calls = [];
      const old = await enqueueJob(t.services.db, { type: 'test.record', payload: { n: 'old' } }, clock.now());
      const dead = await enqueueJob(t.services.db, { type: 'test.broken', maxAttempts: 1 }, clock.now());
      await worker('w1').drain();
      assert.equal((await job(old.id)).status, 'succeeded');
      assert.equal((await job(dead.id)).status, 'dead');
      clock.advance(7 * DAY_MS + 1000);
      const recent = await enqueueJob(t.services.db, { type: 'test.record', payload: { n: 'recent' } }, clock.now());
      await worker('w1').drain();
      await t.services.db.updateTable('jobs').set({ run_at: clock.now().toISOString() }).where('id', '=', 'job_recurring_jobs_purge').execute();
      await t.worker.drain();

      assert.equal(await t.services.db.selectFrom('jobs').select('id').where('id', '=', old.id).executeTakeFirst(), undefined);
      assert.deepEqual(await attempts(old.id), []);
      assert.equal((await job(dead.id)).status, 'dead');
      assert.equal((await attempts(dead.id)).length, 1, 'a dead job keeps its attempts');
      assert.equal((await job(recent.id)).status, 'succeeded');
      assert.equal((await attempts(recent.id)).length, 1);
      const recurringAttempts = await t.services.db.selectFrom('job_attempts').select('started_at')
        .where('job_id', '=', 'job_recurring_test').execute();
      assert.ok(recurringAttempts.length >= 1, 'a recurring job keeps its recent attempts');
      assert.ok(recurringAttempts.every((a) => a.started_at > new Date(clock.now().getTime() - 7 * DAY_MS).toISOString()));
    });

    it('delivers every outbox event through the queue', async () => {
      const customer = await createCustomer(t);
      await t.worker.drain();
      const event = await t.services.db.selectFrom('events').selectAll().where('object_id', '=', customer.id).executeTakeFirstOrThrow();
      assert.equal(event.type, 'customer.created');
      assert.equal(event.deliveries, 1);
      assert.equal(event.delivered_at, clock.now().toISOString());
    });
  });
}
