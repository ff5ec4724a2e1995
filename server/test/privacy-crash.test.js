'use strict';
// A privacy erasure across a SIGKILL of the server: the server is killed while the erasure's
// transaction scrubs the customer's usage events. After the restart the customer is erased
// wholly or not at all (never half), the erasure asked again completes, and the restarted
// server's job worker has the vault forget the customer's card.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { startServerProcess, adminApi: api } = require('./support/server-process');
const { tokenizeOk } = require('./support/payments');
const { writeInProgress } = require('./support/crash-checks');
const { waitFor } = require('./support/wait-for');
const { startPaymentServices } = require('../src/seed/payment-services');
const { openDatabase } = require('../src/db/database');
const { migrateToLatest } = require('../src/db/migrate');

const EVENTS = 4000;
const PERSONAL = { name: 'Quorra Vexley', email: 'quorra.vexley@example.test', device: 'quorras-laptop-7731' };

// One key for every server process of the file, as a deployment keeps its key across restarts
// (invoice links and other secrets are sealed with it).
const ENCRYPTION_KEY = crypto.randomBytes(32).toString('base64');

const start = (target, dataDir, payments) => startServerProcess({
  DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '',
  RATECARD_DATA_DIR: dataDir, RATECARD_SEED: 'false', LOG_LEVEL: 'warn', RATECARD_RATE_LIMIT_CLIENT_IP: 'off',
  RATECARD_WORKER_POLL_MS: '50', RATECARD_JOB_VISIBILITY_MS: '1500',
  RATECARD_ENCRYPTION_KEY: ENCRYPTION_KEY,
  RATECARD_VAULT_URL: payments.vaultUrl, RATECARD_VAULT_API_KEY: payments.vaultApiKey,
  RATECARD_GATEWAYS: JSON.stringify(payments.gateways),
});

for (const backend of BACKENDS) {
  describe(`a privacy erasure across a SIGKILL of the server [${backend}]`, () => {
    it('erases the customer wholly or not at all; asked again, it completes and the vault forgets the card', async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-privacy-crash-'));
      const database = openDatabase(target);
      const payments = await startPaymentServices({ webhookBaseUrl: 'http://127.0.0.1:9/unused', vaultDbFile: path.join(dataDir, 'vault.sqlite') });
      let server;
      try {
        await migrateToLatest(database.db);
        server = start(target, dataDir, payments.payments);
        let { url, adminKey } = await server.ready;
        let call = api(url, adminKey);
        const ok = async (pending, status) => {
          const response = await pending;
          assert.equal(response.status, status, JSON.stringify(response.body));
          return response.body;
        };
        const customer = await ok(call('POST', '/v1/customers', { name: PERSONAL.name, email: PERSONAL.email, currency: 'USD' }), 201);
        const { token } = await tokenizeOk(payments.vaultUrl, '4242424242424242');
        await ok(call('POST', `/v1/customers/${customer.id}/payment_methods`, { vault_token: token }), 201);
        const metric = await ok(call('POST', '/v1/metrics', { code: 'tokens', name: 'Tokens', aggregation: 'sum', property: 'tokens' }), 201);
        const product = await ok(call('POST', '/v1/products', { name: 'Tokens' }), 201);
        const price = await ok(call('POST', '/v1/prices', {
          product: product.id, currency: 'USD', type: 'usage', interval: 'month', metric: metric.code, pricing: { model: 'per_unit', unit_amount: '0.01' },
        }), 201);
        const plan = await ok(call('POST', '/v1/plans', { code: 'tokens', name: 'Tokens', product: product.id, currency: 'USD', interval: 'month', prices: [price.id] }), 201);
        const subscription = await ok(call('POST', '/v1/subscriptions', { customer: customer.id, plan: plan.id }), 201);
        for (let batch = 0; batch < EVENTS / 1000; batch += 1) {
          const timestamp = new Date(Math.max(Date.now(), Date.parse(subscription.started_at))).toISOString();
          const result = await ok(call('POST', '/v1/usage_events', {
            events: Array.from({ length: 1000 }, (_, i) => ({
              id: `e${batch}-${i}`, customer: customer.id, metric: metric.code, timestamp, properties: { tokens: 1, device: PERSONAL.device },
            })),
          }), 200);
          assert.equal(result.accepted, 1000, JSON.stringify(result).slice(0, 500));
        }
        // Erasable once the subscription ended and its last invoice is no draft.
        await ok(call('POST', `/v1/subscriptions/${subscription.id}/cancel`, { effective_at: 'now' }), 200);
        await waitFor(async () => (await ok(call('GET', `/v1/invoices?customer=${customer.id}&status=draft`), 200)).data.length === 0, 30000, 'no draft invoice');
        const vaultHas = async () => (await fetch(`${payments.vaultUrl}/cards/${token}`, {
          headers: { authorization: `Bearer ${payments.payments.vaultApiKey}` },
        })).status === 200;
        assert.ok(await vaultHas());

        const pending = call('POST', `/v1/customers/${customer.id}/erase`).then(() => 'answered', () => 'no answer');
        let seen = 0;
        await waitFor(async () => {
          seen = await writeInProgress(target, database.db, 'usage_events') ? seen + 1 : 0;
          return seen >= 3;
        }, 60000, 'the erasure to be writing');
        await server.kill();
        assert.equal(await pending, 'no answer', 'the erasure was killed before it was acknowledged');

        // Wholly or not at all: the customer's record, its usage events and its card agree.
        const state = async () => {
          const row = await database.db.selectFrom('customers').select(['email', 'name', 'erased_at']).where('id', '=', customer.id).executeTakeFirst();
          const events = await database.db.selectFrom('usage_events').select('properties').where('customer_id', '=', customer.id).execute();
          const methods = await database.db.selectFrom('payment_methods').selectAll().where('customer_id', '=', customer.id).execute();
          return {
            erased: Boolean(row.erased_at), personal: row.email === PERSONAL.email && row.name === PERSONAL.name,
            withDevice: events.filter((event) => JSON.parse(event.properties).device === PERSONAL.device).length,
            events: events.length, cards: methods.filter((method) => !method.detached_at).length,
          };
        };
        const afterKill = await state();
        assert.equal(afterKill.events, EVENTS);
        assert.ok(
          JSON.stringify(afterKill) === JSON.stringify({ erased: false, personal: true, withDevice: EVENTS, events: EVENTS, cards: 1 })
          || JSON.stringify(afterKill) === JSON.stringify({ erased: true, personal: false, withDevice: 0, events: EVENTS, cards: 0 }),
          `half erased: ${JSON.stringify(afterKill)}`,
        );

        server = start(target, dataDir, payments.payments);
        ({ url, adminKey } = await server.ready);
        call = api(url, adminKey);
        // The restarted server's jobs run meanwhile: a request crossing one of them is answered
        // 409 CONFLICT, "send it again", which a client does.
        let retried;
        for (let attempt = 0; attempt < 3; attempt += 1) {
          retried = await call('POST', `/v1/customers/${customer.id}/erase`);
          if (retried.status !== 409 || retried.body.error.code !== 'CONFLICT') break;
        }
        assert.equal(retried.status, afterKill.erased ? 409 : 200, JSON.stringify(retried.body));
        assert.deepEqual(await state(), { erased: true, personal: false, withDevice: 0, events: EVENTS, cards: 0 });
        // The job committed with the erasure runs on the restarted server.
        await waitFor(async () => !await vaultHas(), 30000, 'the vault to forget the card');
      } finally {
        if (server) await server.kill();
        await payments.stop();
        await database.destroy();
        await target.drop();
      }
    });
  });
}
