'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createTestDatabase } = require('./support/harness');
const { startServerProcess } = require('./support/server-process');
const { openDatabase } = require('../src/db/database');

const SUBSCRIPTIONS = 80;
const CREATED_AT_ONCE = 8;

// `npm start`'s entry point on the test database, no demo data, a quick worker.
function startServer(target, dataDir) {
  return startServerProcess({
    DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '',
    RATECARD_DATA_DIR: dataDir, RATECARD_SEED: 'false', RATECARD_WORKER_POLL_MS: '20', LOG_LEVEL: 'warn',
    RATECARD_JOB_VISIBILITY_MS: '1000', // the killed worker's job is taken over a second later
  });
}

// On SQLite, the embedded default, to keep the suite's time: the job's per-subscription
// transactions and cursor are the same code on PostgreSQL, where plan-migrations.test.js runs
// it again over the same migration.
for (const backend of ['sqlite']) {
  describe(`a price migration through a SIGKILL [${backend}]`, () => {
    it('moves every subscription exactly once when the server dies mid-run and restarts', async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-data-'));
      let server = startServer(target, dataDir);
      const database = openDatabase(target);
      try {
        let { url, adminKey } = await server.ready;
        const call = async (method, route, body) => {
          const response = await fetch(`${url}${route}`, {
            method, body: body === undefined ? undefined : JSON.stringify(body),
            headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          });
          return { status: response.status, body: await response.json() };
        };
        const create = async (route, body) => {
          const response = await call('POST', route, body);
          assert.equal(response.status, 201, JSON.stringify(response.body));
          return response.body;
        };
        const product = await create('/v1/products', { name: 'Seats' });
        const priced = (amount) => create('/v1/prices', { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'per_unit', unit_amount: amount } });
        const plan = await create('/v1/plans', { code: 'seats', name: 'Seats', product: product.id, currency: 'USD', interval: 'month', prices: [(await priced('10.00')).id] });
        const subscribe = async (i) => {
          const customer = await create('/v1/customers', { name: `Customer ${i}`, currency: 'USD' });
          await create('/v1/subscriptions', { customer: customer.id, plan: plan.id });
        };
        for (let i = 0; i < SUBSCRIPTIONS; i += CREATED_AT_ONCE) {
          await Promise.all(Array.from({ length: CREATED_AT_ONCE }, (_, j) => subscribe(i + j)));
        }
        assert.equal((await call('PATCH', `/v1/plans/${plan.id}`, { prices: [(await priced('12.00')).id] })).status, 200);
        const migration = await create('/v1/plan_migrations', { plan: plan.id, effective: 'now' });
        assert.equal(migration.total, SUBSCRIPTIONS);

        // Killed once the job has moved some subscriptions, before it has moved them all.
        let seen;
        do {
          seen = await database.db.selectFrom('plan_migrations').select('processed').where('id', '=', migration.id).executeTakeFirstOrThrow();
          if (seen.processed === 0) await new Promise((resolve) => setTimeout(resolve, 2));
        } while (seen.processed === 0);
        await server.kill();
        const atKill = await database.db.selectFrom('plan_migrations').selectAll().where('id', '=', migration.id).executeTakeFirstOrThrow();
        assert.ok(atKill.processed < SUBSCRIPTIONS, `the job finished (${atKill.processed}) before the kill`);

        server = startServer(target, dataDir);
        ({ url, adminKey } = await server.ready);
        let done;
        for (let i = 0; i < 600; i += 1) {
          done = (await call('GET', `/v1/plan_migrations/${migration.id}`)).body;
          if (done.status === 'succeeded') break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.deepEqual([done.status, done.processed, done.migrated, done.skipped, done.failed], ['succeeded', SUBSCRIPTIONS, SUBSCRIPTIONS, 0, 0]);
        const rows = await database.db.selectFrom('subscriptions').select(['id', 'plan_version', 'pending_prorations']).execute();
        assert.equal(rows.length, SUBSCRIPTIONS);
        for (const row of rows) {
          assert.equal(row.plan_version, 2);
          assert.equal(JSON.parse(row.pending_prorations).length, 2, `${row.id} was prorated once: ${row.pending_prorations}`);
        }
        const events = await database.db.selectFrom('events').select('object_id').where('type', '=', 'subscription.migrated').execute();
        assert.equal(events.length, SUBSCRIPTIONS);
        assert.equal(new Set(events.map((event) => event.object_id)).size, SUBSCRIPTIONS);
      } finally {
        await server.kill();
        await database.destroy();
        await target.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
