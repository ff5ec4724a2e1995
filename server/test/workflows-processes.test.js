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
const { startServerProcess } = require('./support/server-process');
const { openDatabase } = require('../src/db/database');
const { migrateToLatest } = require('../src/db/migrate');
const { createApiKey } = require('../src/auth/api-keys');

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// A workflow run survives a SIGKILL of the server that runs it, killed while its steps are
// being taken and again while it waits: the restarted server takes the rest (the wait on a
// test clock included), and each step acts once.
for (const backend of BACKENDS) {
  describe(`workflow runs across server restarts [${backend}]`, () => {
    it('resumes a run after SIGKILL without repeating a step', async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-wf-'));
      const database = openDatabase(target);
      await migrateToLatest(database.db);
      const db = database.db;
      const admin = (await createApiKey(db, { name: 'test admin', role: 'admin' }, new Date())).secret;
      const provisioningKey = (await createApiKey(db, { name: 'test app', role: 'provisioning' }, new Date())).secret;
      const port = await freePort();
      const processes = [];
      const start = () => {
        const server = startServerProcess({
          DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '', RATECARD_DATA_DIR: dataDir,
          PORT: String(port), RATECARD_SEED: 'false', RATECARD_WORKER_POLL_MS: '20', RATECARD_JOB_VISIBILITY_MS: '1000', LOG_LEVEL: 'warn',
        });
        processes.push(server);
        return server;
      };
      const url = `http://127.0.0.1:${port}`;
      const call = async (method, route, body) => {
        const response = await fetch(`${url}${route}`, {
          method, headers: { authorization: `Bearer ${admin}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        const parsed = await response.json();
        if (response.status >= 300) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(parsed)}`);
        return parsed;
      };
      let server = start();
      try {
        await server.ready;
        const app = await spawnProvisionedApp({ ratecardUrl: url, apiKey: provisioningKey, responseDelayMs: 40 });
        processes.push(app);
        await call('PUT', '/v1/provisioning_targets/app', { base_url: app.url });
        const product = await call('POST', '/v1/products', { name: 'Team' });
        const price = await call('POST', '/v1/prices', { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'per_unit', unit_amount: '10.00' } });
        const plan = await call('POST', '/v1/plans', { code: 'team', name: 'Team', product: product.id, currency: 'USD', interval: 'month', prices: [price.id] });
        await call('PUT', `/v1/plans/${plan.id}/entitlements`, { features: [{ key: 'seats', kind: 'limit', limit: 0 }] });
        const testClock = await call('POST', '/v1/test_clocks', { frozen_time: '2026-03-02T10:00:00.000Z' });
        const customer = await call('POST', '/v1/customers', { name: 'Acme', currency: 'USD', email: 'owner@example.com', test_clock: testClock.id });
        await call('POST', '/v1/subscriptions', { customer: customer.id, plan: plan.id, quantity: 2 });
        const change = (quantity) => ({ type: 'provision', order: 'change', params: { quantity, proration_behavior: 'none' } });
        const steps = [
          { type: 'provision', order: 'activate', params: { access_key: { name: 'k' } } },
          change(3), change(4), change(5),
          { type: 'wait', days: 1 },
          change(8),
          { type: 'send_email', template: 'account.welcome', data: { product_name: 'Team', user_name: 'Owner' } },
        ];
        const workflow = await call('POST', '/v1/workflows', {
          name: 'Onboard', trigger: { event: 'customer.updated', conditions: [{ field: 'metadata.onboard', value: 'yes' }] }, steps,
        });
        await call('PATCH', `/v1/customers/${customer.id}`, { metadata: { onboard: 'yes' } });

        // Killed while it takes its steps; the restarted server takes the rest, its wait included.
        const runOf = () => db.selectFrom('workflow_runs').selectAll().where('workflow_id', '=', workflow.id).executeTakeFirst();
        await waitFor(async () => { const run = await runOf(); return run && run.position >= 1; }, 20000, 'the run to take its first step');
        await server.kill();
        server = start();
        await server.ready;
        await waitFor(async () => (await runOf()).status === 'waiting', 30000, 'the run to reach its wait');
        // Killed again while it waits: the wait is in the database, not in the process.
        await server.kill();
        server = start();
        await server.ready;
        await call('POST', `/v1/test_clocks/${testClock.id}/advance`, { frozen_time: '2026-03-03T10:00:00.000Z' });
        const run = await waitFor(async () => {
          const current = await call('GET', `/v1/workflow_runs/${(await runOf()).id}`);
          return ['completed', 'failed'].includes(current.status) && current;
        }, 30000, 'the run to finish');

        assert.equal(run.status, 'completed', JSON.stringify(run));
        assert.deepEqual(run.steps.map((step) => step.status), steps.map(() => 'completed'));
        // The built-in apply_plan_changes places its own (no-op) change orders after each change.
        const orders = await db.selectFrom('orders').select(['id', 'type']).where('customer_id', '=', customer.id)
          .where('source', '=', `workflow:${workflow.id}`).orderBy('id').execute();
        const placed = run.steps.filter((step) => step.type === 'provision').map((step) => step.output.order);
        assert.deepEqual(orders.map((order) => order.id), placed, 'one order per provision step, none twice');
        assert.deepEqual(orders.map((order) => order.type), ['activate', 'change', 'change', 'change', 'change']);
        const finals = await waitFor(async () => {
          const rows = await db.selectFrom('orders').select(['type', 'status']).where('customer_id', '=', customer.id).execute();
          return rows.every((order) => ['completed', 'failed', 'blocked'].includes(order.status)) && rows;
        }, 30000, 'the orders to finish');
        assert.equal(finals.find((order) => order.type === 'activate').status, 'completed');
        const mails = await db.selectFrom('mail_messages').select('template').where('customer_id', '=', customer.id).where('template', '=', 'account.welcome').execute();
        assert.equal(mails.length, 2, 'the activation\'s welcome and the workflow\'s email, once each');
        const account = await db.selectFrom('provisioned_accounts').selectAll().where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
        assert.equal((await app.workspace(account.id)).body.status, 'active');
      } finally {
        await Promise.all(processes.map((p) => p.stop().catch(() => {})));
        await database.destroy();
        await target.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
