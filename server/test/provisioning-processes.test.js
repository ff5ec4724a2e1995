'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { waitFor } = require('./support/wait-for');
const { spawnProvisionedApp } = require('./support/provisioned-app');
const { startServerProcess: startServer } = require('./support/server-process');
const { openDatabase } = require('../src/db/database');
const { migrateToLatest } = require('../src/db/migrate');
const { createApiKey } = require('../src/auth/api-keys');


// `npm start`'s entry point without demo data on `port`; `ready` resolves once it listens.
function startServerProcess(target, dataDir, port, env = {}) {
  const server = startServer({
    DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '',
    RATECARD_DATA_DIR: dataDir, PORT: String(port), RATECARD_SEED: 'false',
    RATECARD_WORKER_POLL_MS: '20', LOG_LEVEL: 'warn', ...env,
  });
  return { ready: server.ready, url: `http://127.0.0.1:${port}`, kill: server.kill, stop: server.stop };
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// A database, a data directory and API keys for server processes; `finish` cleans up.
async function setUp(backend) {
  const target = await createTestDatabase(backend);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-prov-'));
  const database = openDatabase(target);
  await migrateToLatest(database.db);
  const admin = (await createApiKey(database.db, { name: 'test admin', role: 'admin' }, new Date())).secret;
  const provisioning = (await createApiKey(database.db, { name: 'test app', role: 'provisioning' }, new Date())).secret;
  const call = async (server, method, route, body) => {
    const response = await fetch(`${server.url}${route}`, {
      method, headers: { authorization: `Bearer ${admin}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const parsed = await response.json();
    if (response.status >= 300) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(parsed)}`);
    return parsed;
  };
  const finish = async (processes) => {
    await Promise.all(processes.map((p) => p.stop().catch(() => {})));
    await database.destroy();
    await target.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { target, dataDir, database, admin, provisioning, call, finish };
}

// A plan with seats and a feature, and a customer subscribed to it for `quantity` seats.
async function subscribedCustomer(call, server, code, quantity) {
  const product = await call(server, 'POST', '/v1/products', { name: 'Team' });
  const price = await call(server, 'POST', '/v1/prices', { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'per_unit', unit_amount: '10.00' } });
  const plan = await call(server, 'POST', '/v1/plans', { code, name: 'Team', product: product.id, currency: 'USD', interval: 'month', prices: [price.id] });
  await call(server, 'PUT', `/v1/plans/${plan.id}/entitlements`, { features: [{ key: 'seats', kind: 'limit', limit: 0 }, { key: 'projects', kind: 'limit', limit: 3 }] });
  const customer = await call(server, 'POST', '/v1/customers', { name: 'Acme', currency: 'USD' });
  const subscription = await call(server, 'POST', '/v1/subscriptions', { customer: customer.id, plan: plan.id, quantity });
  return { plan, customer, subscription };
}

for (const backend of BACKENDS) {
  describe(`provisioning across server processes [${backend}]`, () => {
    it('invalidates the entitlement cache of one process through the outbox events another writes', async () => {
      const env = await setUp(backend);
      const [one, two] = [await freePort(), await freePort()].map((port) => startServerProcess(env.target, env.dataDir, port, { RATECARD_ENTITLEMENT_POLL_MS: '50' }));
      try {
        await Promise.all([one.ready, two.ready]);
        const { plan, customer, subscription } = await subscribedCustomer(env.call, one, 'team', 2);
        const limit = async (server, feature) => (await env.call(server, 'GET', `/v1/entitlements/check?customer=${customer.id}&feature=${feature}`)).limit;
        // Let both watchers read the events of the set-up before anything is cached.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        assert.deepEqual([await limit(one, 'seats'), await limit(two, 'seats')], ['2', '2']);
        // Behind both servers' backs (no event): each keeps its cached answer.
        await env.database.db.updateTable('subscriptions').set({ quantity: '7' }).where('id', '=', subscription.id).execute();
        assert.deepEqual([await limit(one, 'seats'), await limit(two, 'seats')], ['2', '2'], 'both answer from their cache');
        // A change through process two: its event reaches process one's cache.
        await env.call(two, 'PUT', `/v1/customers/${customer.id}/entitlement_overrides`, { overrides: [{ key: 'projects', limit: 9 }] });
        await waitFor(async () => (await limit(one, 'projects')) === '9', 5000, 'process one to see the override');
        assert.equal(await limit(one, 'seats'), '7', 'the whole context was reloaded');
        // Terms of a plan change everyone's entitlements: the whole cache goes.
        await env.call(two, 'PUT', `/v1/plans/${plan.id}/entitlements`, { features: [{ key: 'seats', kind: 'limit', limit: 0 }, { key: 'projects', kind: 'limit', limit: 3 }, { key: 'sso', kind: 'boolean' }] });
        await waitFor(async () => (await env.call(one, 'GET', `/v1/entitlements/check?customer=${customer.id}&feature=sso`)).allowed, 5000, 'process one to see the new terms');
      } finally {
        await env.finish([one, two]);
      }
    });

    it('resumes orders after the server is killed at any point, duplicating nothing', async () => {
      const env = await setUp(backend);
      const port = await freePort();
      const processes = [];
      const start = () => {
        const server = startServerProcess(env.target, env.dataDir, port, { RATECARD_JOB_VISIBILITY_MS: '1000' });
        processes.push(server);
        return server;
      };
      let server = start();
      const app = await server.ready.then(() => spawnProvisionedApp({ ratecardUrl: server.url, apiKey: env.provisioning, responseDelayMs: 60 }));
      processes.push(app);
      try {
        await env.call(server, 'PUT', '/v1/provisioning_targets/app', { base_url: app.url });
        // Each round kills the server at another moment of an activation, then restarts it.
        for (const [round, killAfterMs] of [100, 400].entries()) {
          const { customer } = await subscribedCustomer(env.call, server, `team-${round}`, 2);
          const order = await env.call(server, 'POST', '/v1/orders', {
            type: 'activate', customer: customer.id, users: [{ email: 'ann@example.com' }, { email: 'bob@example.com' }], access_key: { name: 'k' },
          });
          await new Promise((resolve) => setTimeout(resolve, killAfterMs));
          await server.kill();
          server = start();
          await server.ready;
          const done = await waitFor(async () => {
            const current = await env.call(server, 'GET', `/v1/orders/${order.id}`);
            return ['completed', 'failed'].includes(current.status) && current;
          }, 30000, `order ${order.id} to finish after the kill at ${killAfterMs} ms`);
          assert.equal(done.status, 'completed', JSON.stringify(done.steps));
          assert.ok(done.steps.every((step) => step.status === 'completed'));

          const db = env.database.db;
          const accounts = await db.selectFrom('provisioned_accounts').selectAll().where('customer_id', '=', customer.id).execute();
          assert.equal(accounts.length, 1);
          const users = await db.selectFrom('account_users').select('email').where('account_id', '=', accounts[0].id).execute();
          assert.deepEqual(users.map((u) => u.email).sort(), ['ann@example.com', 'bob@example.com']);
          const seats = await db.selectFrom('seat_assignments').select('id').where('account_id', '=', accounts[0].id).where('unassigned_at', 'is', null).execute();
          assert.equal(seats.length, 2);
          const keys = await db.selectFrom('access_keys').select('id').where('customer_id', '=', customer.id).execute();
          assert.equal(keys.length, 1);
          const completed = await db.selectFrom('events').select('id').where('type', '=', 'order.completed').where('object_id', '=', order.id).execute();
          assert.equal(completed.length, 1);
          const workspace = await (await fetch(`${app.url}/workspaces/${accounts[0].id}`, { headers: { 'x-admin-token': 'none' } })).status;
          assert.equal(workspace, 404, 'the operator view needs the admin token');
          const state = (await app.workspace(accounts[0].id)).body;
          assert.equal(state.status, 'active');
          assert.equal(Object.keys(state.users).length, 2);
          assert.deepEqual(Object.keys(state.keys), keys.map((k) => k.id));
          assert.equal(state.welcomes.length, 1);
        }
      } finally {
        await env.finish(processes);
      }
    });
  });
}
