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

const CUSTOMERS = 4;
const EVENTS_PER_CUSTOMER = 5;
// Requests answered before the one that is held open while the server is killed.
const ANSWERED_BEFORE_KILL = 5;

// `npm start`'s entry point on a free port, without demo data, its jobs reclaimed 1.5 s after
// their worker dies.
const startServer = (target, dataDir, encryptionKey) => startServerProcess({
  DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '',
  RATECARD_DATA_DIR: dataDir, RATECARD_SEED: 'false', LOG_LEVEL: 'warn',
  RATECARD_WORKER_POLL_MS: '20', RATECARD_JOB_VISIBILITY_MS: '1500', RATECARD_ENCRYPTION_KEY: encryptionKey,
  RATECARD_WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
});

for (const backend of BACKENDS) {
  describe(`webhook delivery across a SIGKILL of the server [${backend}]`, () => {
    it('loses no event: the request in flight is sent again after the restart, and each customer\'s events arrive once, in order', async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-data-'));
      const encryptionKey = crypto.randomBytes(32).toString('base64');
      const database = openDatabase(target);
      const receiver = await startWebhookReceiver();
      const servers = [];
      try {
        await migrateToLatest(database.db);
        servers.push(startServer(target, dataDir, encryptionKey));
        const { url: base, adminKey } = await servers[0].ready;
        const response = await fetch(`${base}/v1/webhook_endpoints`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ url: receiver.url, event_types: ['customer.*'] }),
        });
        assert.equal(response.status, 201);
        const endpoint = await response.json();
        await receiver.setSecrets([endpoint.secret]);
        await receiver.setScript([...Array(ANSWERED_BEFORE_KILL).fill({ status: 200 }), { status: 200, holdMs: 120000 }]);

        // The events, all at once: four customers, five events each, in creation order.
        const events = await database.db.transaction().execute(async (trx) => {
          const recorded = [];
          for (let n = 0; n < EVENTS_PER_CUSTOMER; n += 1) {
            for (let c = 0; c < CUSTOMERS; c += 1) {
              const object = { id: `cus_process${c}`, object: 'customer', name: `Customer ${c}`, revision: n };
              recorded.push(await recordEvent(trx, { type: n ? 'customer.updated' : 'customer.created', object, customerId: object.id }, new Date()));
            }
          }
          return recorded;
        });

        // Kill the server while the receiver holds a request open.
        await receiver.waitFor(() => receiver.started.length > ANSWERED_BEFORE_KILL, 'the held request', 30000);
        const inFlight = receiver.started[ANSWERED_BEFORE_KILL];
        await servers[0].kill();
        await receiver.waitFor(() => receiver.requests.some((r) => r.aborted), 'the receiver to see the connection drop', 10000);

        servers.push(startServer(target, dataDir, encryptionKey));
        await servers[1].ready;
        await waitFor(async () => {
          const open = await database.db.selectFrom('webhook_deliveries').select('id').where('status', '!=', 'succeeded').execute();
          const all = await database.db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', endpoint.id).execute();
          return all.length === events.length && open.length === 0;
        }, 60000, 'every delivery to succeed after the restart');
        await receiver.sync();

        const log = receiver.log();
        assert.equal(log.length, events.length, 'every event processed once');
        assert.deepEqual(new Set(log.map((e) => e.id)), new Set(events.map((e) => e.id)));
        for (let c = 0; c < CUSTOMERS; c += 1) {
          const customer = `cus_process${c}`;
          assert.deepEqual(log.filter((e) => e.customer === customer).map((e) => e.id),
            events.filter((e) => e.customer_id === customer).map((e) => e.id), `${customer}'s events in order`);
        }
        const sentAgain = receiver.requests.filter((r) => r.id === inFlight);
        assert.deepEqual(sentAgain.map((r) => Boolean(r.aborted)), [true, false], 'the request cut by the kill was sent again, same webhook-id');
        for (const request of receiver.requests.filter((r) => !r.aborted)) {
          assert.ok(request.valid, 'signature verified by the receiver\'s own implementation');
          assert.equal(request.library, 'accepted', 'and by the package\'s verifyWebhook');
        }
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
