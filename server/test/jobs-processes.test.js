'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { waitFor } = require('./support/wait-for');
const { startServerProcess } = require('./support/server-process');
const { openDatabase } = require('../src/db/database');
const { migrateToLatest } = require('../src/db/migrate');
const { recordEvent } = require('../src/outbox/outbox');

// Enough that the work outlasts SQLite's unfair lock: its busy handler sleeps between tries,
// and a process that keeps taking the lock back can run 200 short jobs before the other's
// first try succeeds (seen once in CI).
const EVENTS = 500;

// Starts `npm start`'s entry point without seeding, on any free port.
const startServer = (target, dataDir) => startServerProcess({
  DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '',
  RATECARD_DATA_DIR: dataDir, RATECARD_SEED: 'false', RATECARD_WORKER_POLL_MS: '20', LOG_LEVEL: 'warn',
});

for (const backend of BACKENDS) {
  describe(`job queue shared by two server processes [${backend}]`, () => {
    it('delivers every outbox event exactly once, the work shared between both processes', async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-data-'));
      const database = openDatabase(target);
      const servers = [];
      try {
        await migrateToLatest(database.db);
        servers.push(startServer(target, dataDir), startServer(target, dataDir));
        await Promise.all(servers.map((s) => s.ready));

        // One transaction: all events and their delivery jobs appear at once to both workers.
        const now = new Date();
        const events = await database.db.transaction().execute(async (trx) => {
          const recorded = [];
          for (let i = 0; i < EVENTS; i += 1) {
            recorded.push(await recordEvent(trx, { type: 'customer.updated', object: { id: `cus_test${i}`, object: 'customer' } }, now));
          }
          return recorded;
        });
        const ids = events.map((e) => e.id);

        await waitFor(async () => {
          const pending = await database.db.selectFrom('events').select('id').where('id', 'in', ids).where('delivered_at', 'is', null).execute();
          return pending.length === 0;
        }, 60000, 'every event to be delivered');
        await Promise.all(servers.map((s) => s.stop()));

        const delivered = await database.db.selectFrom('events').select(['id', 'deliveries']).where('id', 'in', ids).execute();
        assert.equal(delivered.length, EVENTS);
        assert.deepEqual(delivered.filter((e) => e.deliveries !== 1), [], 'no event delivered twice');

        const jobs = await database.db.selectFrom('jobs').selectAll().where('type', '=', 'event.deliver').execute();
        const ours = jobs.filter((job) => ids.includes(JSON.parse(job.payload).event_id));
        assert.equal(ours.length, EVENTS);
        assert.ok(ours.every((job) => job.status === 'succeeded' && job.attempts === 1));

        const attempts = await database.db.selectFrom('job_attempts').select(['job_id', 'worker'])
          .where('job_id', 'in', ours.map((job) => job.id)).execute();
        assert.equal(attempts.length, EVENTS, 'one attempt per job');
        const perWorker = {};
        for (const attempt of attempts) perWorker[attempt.worker] = (perWorker[attempt.worker] || 0) + 1;
        assert.equal(Object.keys(perWorker).length, 2, `both processes did work: ${JSON.stringify(perWorker)}`);
      } finally {
        await Promise.all(servers.map((s) => s.stop().catch(() => {})));
        await database.destroy();
        await target.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
