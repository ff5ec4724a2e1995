'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { Worker } = require('../src/jobs/worker');
const { enqueueJob, claimJobs, completeJob } = require('../src/jobs/queue');

for (const backend of BACKENDS) {
  describe(`job queue [${backend}]`, () => {
    let t;
    let clock;
    let calls;
    let failuresLeft;
    const worker = (id, extra = {}) => new Worker({
      db: t.services.db, dialect: t.services.dialect, clock, id, visibilityMs: 30000,
      handlers: {
        'test.record': async (payload) => { calls.push(payload.n); },
        'test.flaky': async (payload) => {
          calls.push(payload.n);
          if (failuresLeft > 0) { failuresLeft -= 1; throw new Error('temporary failure'); }
        },
        'test.broken': async () => { throw new Error('always fails'); },
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
