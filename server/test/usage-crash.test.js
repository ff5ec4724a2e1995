'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { startServerProcess: startServer } = require('./support/server-process');
const { openDatabase } = require('../src/db/database');

const BATCHES = 30;
const NEW_PER_BATCH = 90; // and 10 repeats of earlier events: 10 % duplicates
// Enough senders that on SQLite several batches (each repeating some of the one before it) share
// a group commit when the kill comes.
const SENDERS = 8;
const KILL_AFTER_ACKNOWLEDGED = 10;

// `npm start`'s entry point on the test database, any free port, no demo data; `ready`
// resolves with its URL.
function startServerProcess(target, dataDir) {
  const server = startServer({
    DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '',
    RATECARD_DATA_DIR: dataDir, RATECARD_SEED: 'false', RATECARD_WORKER_POLL_MS: '20', LOG_LEVEL: 'warn',
  });
  const exited = new Promise((resolve) => server.child.on('exit', resolve));
  return { child: server.child, ready: server.ready.then(({ url }) => url), exited, output: server.output };
}

// `npm run usage -- <args>` on the test database: { code, stdout, stderr }.
function runUsageCli(target, args) {
  const env = { ...process.env, DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '', LOG_LEVEL: 'silent' };
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(__dirname, '..', 'src', 'usage', 'cli.js'), ...args], { env },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

// The 2,700 distinct events of three customers, and 30 batches of 100 that repeat 10 of them.
function burst(customers) {
  const unique = Array.from({ length: BATCHES * NEW_PER_BATCH }, (_, i) => ({
    id: `burst-${i}`, customer: customers[i % customers.length], metric: i % 3 ? 'tokens' : 'calls',
    timestamp: new Date(Date.now() + (i % 600) * 100).toISOString(),
    ...(i % 3 ? { properties: { tokens: i % 50 } } : {}),
  }));
  const batches = [];
  for (let b = 0; b < BATCHES; b += 1) {
    const fresh = unique.slice(b * NEW_PER_BATCH, (b + 1) * NEW_PER_BATCH);
    const earlier = b ? unique.slice((b - 1) * NEW_PER_BATCH, b * NEW_PER_BATCH) : fresh;
    batches.push([...fresh, ...earlier.filter((_, i) => i % 9 === 0)]);
  }
  return { unique, batches };
}

for (const backend of BACKENDS) {
  describe(`usage ingestion through a SIGKILL [${backend}]`, () => {
    it('loses no acknowledged event and counts none twice once the client has retried', async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-data-'));
      let server = startServerProcess(target, dataDir);
      const database = openDatabase(target);
      try {
        let base = await server.ready;
        const key = fs.readFileSync(path.join(dataDir, 'admin-key.txt'), 'utf8').trim();
        const call = async (method, url, body) => {
          const response = await fetch(`${base}${url}`, {
            method, body: body === undefined ? undefined : JSON.stringify(body),
            headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          });
          return { status: response.status, body: await response.json() };
        };
        const create = async (url, body) => {
          const response = await call('POST', url, body);
          assert.equal(response.status, 201, JSON.stringify(response.body));
          return response.body;
        };
        await create('/v1/metrics', { code: 'calls', name: 'Calls', aggregation: 'count' });
        await create('/v1/metrics', { code: 'tokens', name: 'Tokens', aggregation: 'sum', property: 'tokens' });
        const product = await create('/v1/products', { name: 'Metered' });
        const prices = [];
        for (const metric of ['calls', 'tokens']) {
          prices.push((await create('/v1/prices', {
            product: product.id, currency: 'USD', type: 'usage', interval: 'month', metric, pricing: { model: 'per_unit', unit_amount: '0.01' },
          })).id);
        }
        const plan = await create('/v1/plans', { code: 'metered', name: 'Metered', product: product.id, currency: 'USD', interval: 'month', prices });
        const customers = [];
        for (let i = 0; i < 3; i += 1) {
          const customer = await create('/v1/customers', { name: `Burst ${i}`, currency: 'USD' });
          await create('/v1/subscriptions', { customer: customer.id, plan: plan.id });
          customers.push(customer.id);
        }
        // The subscriptions started a moment ago; the events are dated from now to a minute ahead.
        await new Promise((resolve) => setTimeout(resolve, 1100));
        const { unique, batches } = burst(customers);

        // Senders take batches in turn; the server is killed once some have been acknowledged,
        // while others are in flight and the aggregation job is merging.
        const acknowledged = new Map();
        let next = 0;
        let killed = false;
        const sender = async () => {
          while (next < batches.length && !killed) {
            const index = next;
            next += 1;
            try {
              const response = await call('POST', '/v1/usage_events', { events: batches[index] });
              if (response.status === 200) acknowledged.set(index, response.body);
            } catch {
              return; // the connection died with the server
            }
            if (acknowledged.size >= KILL_AFTER_ACKNOWLEDGED && !killed) {
              killed = true;
              server.child.kill('SIGKILL');
            }
          }
        };
        await Promise.all(Array.from({ length: SENDERS }, sender));
        await server.exited;
        assert.ok(acknowledged.size >= KILL_AFTER_ACKNOWLEDGED && acknowledged.size < BATCHES, `acknowledged ${acknowledged.size}`);
        const acceptedBeforeKill = [...acknowledged.values()].flatMap((body) => body.results.filter((r) => r.status === 'accepted'));

        // A new process on the same database; the client retries every batch.
        server = startServerProcess(target, dataDir);
        base = await server.ready;
        for (const batch of batches) {
          const response = await call('POST', '/v1/usage_events', { events: batch });
          assert.equal(response.status, 200);
          assert.ok(response.body.results.every((r) => ['accepted', 'duplicate'].includes(r.status)), JSON.stringify(response.body.results.find((r) => r.error)));
        }
        const deadline = Date.now() + 60000;
        let status;
        do {
          await new Promise((resolve) => setTimeout(resolve, 100));
          status = (await call('GET', '/v1/usage/status')).body;
        } while (status.pending > 0 && Date.now() < deadline);
        assert.deepEqual([status.accepted, status.processed, status.pending, status.failed], [unique.length, unique.length, 0, 0]);

        // Every acknowledged event is stored once, under the id it was acknowledged with.
        const stored = await database.db.selectFrom('usage_events').select(['id', 'event_id']).execute();
        assert.equal(stored.length, unique.length);
        assert.equal(new Set(stored.map((row) => row.event_id)).size, unique.length);
        const storedIds = new Set(stored.map((row) => row.id));
        assert.ok(acceptedBeforeKill.every((r) => storedIds.has(r.event)), 'an acknowledged event is missing');

        // Each aggregate counts each event once.
        for (const customer of customers) {
          const mine = unique.filter((e) => e.customer === customer);
          const usage = (await call('GET', `/v1/customers/${customer}/usage`)).body;
          const quantity = (metric) => usage.items.find((item) => item.metric === metric).quantity;
          assert.equal(quantity('calls'), String(mine.filter((e) => e.metric === 'calls').length));
          assert.equal(quantity('tokens'), String(mine.filter((e) => e.metric === 'tokens').reduce((sum, e) => sum + e.properties.tokens, 0)));
        }

        // Recomputed from the stored events (those the merge watermark passed), every aggregate
        // is the same, byte for byte.
        const rebuild = await runUsageCli(target, ['rebuild', '--check']);
        assert.equal(rebuild.code, 0, rebuild.stderr);
        assert.match(rebuild.stdout, /3 aggregates: 3 identical, 0 differ/);
      } finally {
        server.child.kill('SIGKILL');
        await server.exited;
        await database.destroy();
        await target.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
