'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { waitFor } = require('./support/wait-for');
const { startServerProcess } = require('./support/server-process');
const { startWebhookReceiver } = require('./support/webhooks');
const { openDatabase } = require('../src/db/database');
const { migrateToLatest } = require('../src/db/migrate');
const { recordEvent } = require('../src/outbox/outbox');

const EVENTS = 200;
// How long the receiver takes to answer each webhook. A job that only writes holds SQLite's
// lock from claim to finish, and SQLite's lock is unfair (a waiting process's busy handler
// sleeps between tries), so one process could run every such job while the other sleeps (seen
// in CI with 500). Each event's webhook job waits on the receiver with no lock held, as real
// jobs wait on the network, so the other process gets its turn.
const RECEIVER_HOLD_MS = 10;

// Starts `npm start`'s entry point without seeding, on any free port; both processes share the
// key that encrypts the endpoint's signing secret.
const startServer = (target, dataDir, encryptionKey) => startServerProcess({
  DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '',
  RATECARD_DATA_DIR: dataDir, RATECARD_SEED: 'false', RATECARD_WORKER_POLL_MS: '20', LOG_LEVEL: 'warn',
  RATECARD_ENCRYPTION_KEY: encryptionKey, RATECARD_WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
});

for (const backend of BACKENDS) {
  describe(`job queue shared by two server processes [${backend}]`, () => {
    it('delivers every outbox event and its webhook exactly once, the work shared between both processes', async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-data-'));
      const encryptionKey = crypto.randomBytes(32).toString('base64');
      const database = openDatabase(target);
      const receiver = await startWebhookReceiver();
      const servers = [];
      try {
        await migrateToLatest(database.db);
        servers.push(startServer(target, dataDir, encryptionKey), startServer(target, dataDir, encryptionKey));
        const [{ url: base, adminKey }] = await Promise.all(servers.map((s) => s.ready));
        const response = await fetch(`${base}/v1/webhook_endpoints`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ url: receiver.url, event_types: ['customer.*'] }),
        });
        assert.equal(response.status, 201);
        await receiver.setSecrets([(await response.json()).secret]);
        await receiver.setFallback({ status: 200, holdMs: RECEIVER_HOLD_MS });

        // One transaction: all events and their delivery jobs appear at once to both workers.
        // One customer per event, so no webhook waits for another's.
        const now = new Date();
        const events = await database.db.transaction().execute(async (trx) => {
          const recorded = [];
          for (let i = 0; i < EVENTS; i += 1) {
            const object = { id: `cus_test${i}`, object: 'customer' };
            recorded.push(await recordEvent(trx, { type: 'customer.updated', object, customerId: object.id }, now));
          }
          return recorded;
        });
        const ids = events.map((e) => e.id);

        await receiver.waitFor(() => receiver.log().length >= EVENTS, 'every webhook to arrive', 60000);
        await waitFor(async () => {
          const unfinished = await database.db.selectFrom('jobs').select('id')
            .where('type', 'in', ['event.deliver', 'webhook.deliver']).where('status', '!=', 'succeeded').execute();
          return unfinished.length === 0;
        }, 60000, 'every job to finish');
        await Promise.all(servers.map((s) => s.stop()));
        await receiver.sync();
        assert.deepEqual(receiver.log().map((event) => event.id).sort(), [...ids].sort(), 'each event\'s webhook arrived');
        assert.equal(receiver.requests.length, EVENTS, 'no webhook sent twice');

        const delivered = await database.db.selectFrom('events').select(['id', 'deliveries']).where('id', 'in', ids).execute();
        assert.equal(delivered.length, EVENTS);
        assert.deepEqual(delivered.filter((e) => e.deliveries !== 1), [], 'no event delivered twice');

        // Our events' delivery jobs and the webhook jobs (creating the endpoint recorded an
        // event too, delivered to no webhook).
        const jobs = (await database.db.selectFrom('jobs').selectAll().where('type', 'in', ['event.deliver', 'webhook.deliver']).execute())
          .filter((job) => job.type === 'webhook.deliver' || ids.includes(JSON.parse(job.payload).event_id));
        assert.equal(jobs.filter((job) => job.type === 'event.deliver').length, EVENTS, 'one delivery job per event');
        assert.equal(jobs.length, 2 * EVENTS, 'one webhook job per event');
        assert.ok(jobs.every((job) => job.status === 'succeeded' && job.attempts === 1));

        const attempts = await database.db.selectFrom('job_attempts').select(['job_id', 'worker'])
          .where('job_id', 'in', jobs.map((job) => job.id)).execute();
        assert.equal(attempts.length, 2 * EVENTS, 'one attempt per job');
        const perWorker = {};
        for (const attempt of attempts) perWorker[attempt.worker] = (perWorker[attempt.worker] || 0) + 1;
        assert.equal(Object.keys(perWorker).length, 2, `both processes did work: ${JSON.stringify(perWorker)}`);
      } finally {
        await Promise.all(servers.map((s) => s.stop().catch(() => {})));
        await receiver.stop();
        await database.destroy();
        await target.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
