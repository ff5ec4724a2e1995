'use strict';
// A dunning retry across a SIGKILL of the server: the retry's charge is made at the gateway,
// its answer held, and the server killed; the restarted server settles that same payment (the
// retry job's request key finds it) and the invoice is paid once, by the gateways' records.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { startServerProcess, adminApi: api } = require('./support/server-process');
const { tokenizeOk } = require('./support/payments');
const { waitFor } = require('./support/wait-for');
const { startPaymentServices } = require('../src/seed/payment-services');
const { openDatabase } = require('../src/db/database');
const { migrateToLatest } = require('../src/db/migrate');

const START = '2026-03-02T09:00:00.000Z';

// One key for every server process of the file, as a deployment keeps its key across restarts
// (invoice links and other secrets are sealed with it).
const ENCRYPTION_KEY = crypto.randomBytes(32).toString('base64');

// `npm start`'s entry point on the test's database, vault and gateways. The gateway timeout is
// long, so the held charge is still in flight when the server is killed; a job whose worker
// died is claimed again 1.5 s later.
const startServer = (target, dataDir, payments) => startServerProcess({
  DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '',
  RATECARD_DATA_DIR: dataDir, RATECARD_SEED: 'false', LOG_LEVEL: 'warn',
  RATECARD_WORKER_POLL_MS: '50', RATECARD_JOB_VISIBILITY_MS: '1500',
  RATECARD_ENCRYPTION_KEY: ENCRYPTION_KEY,
  RATECARD_VAULT_URL: payments.vaultUrl, RATECARD_VAULT_API_KEY: payments.vaultApiKey,
  RATECARD_GATEWAYS: JSON.stringify(payments.gateways),
  RATECARD_GATEWAY_TIMEOUT_MS: '60000', RATECARD_PAYMENT_RECOVERY_DELAY_MS: '4000',
});

async function gatewayCharges(gateway) {
  const response = await fetch(`${gateway.url}/admin/charges`, { headers: { authorization: `Bearer ${gateway.apiKey}` } });
  return (await response.json()).data;
}

for (const backend of BACKENDS) {
  describe(`a dunning retry across a SIGKILL of the server [${backend}]`, () => {
    it('charges the retry once and recovers the subscription after the restart', async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-data-'));
      const database = openDatabase(target);
      const paymentServices = await startPaymentServices({ webhookBaseUrl: 'http://127.0.0.1:9/unused', vaultDbFile: path.join(dataDir, 'vault.sqlite') });
      const { atlas, beacon } = paymentServices.gateways;
      const servers = [];
      try {
        await migrateToLatest(database.db);
        servers.push(startServer(target, dataDir, paymentServices.payments));
        let { url: base, adminKey } = await servers[0].ready;
        let call = api(base, adminKey);
        const ok = async (pending, status) => {
          const response = await pending;
          assert.equal(response.status, status, JSON.stringify(response.body));
          return response.body;
        };

        const product = await ok(call('POST', '/v1/products', { name: 'Dunned' }), 201);
        const price = await ok(call('POST', '/v1/prices', { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'per_unit', unit_amount: '10.00' } }), 201);
        const plan = await ok(call('POST', '/v1/plans', { code: 'dunned', name: 'Dunned', product: product.id, currency: 'USD', interval: 'month', prices: [price.id] }), 201);
        const testClock = await ok(call('POST', '/v1/test_clocks', { frozen_time: START }), 201);
        const customer = await ok(call('POST', '/v1/customers', { name: 'Dunned', currency: 'USD', email: 'dunned@example.test', test_clock: testClock.id }), 201);
        const putOnFile = async (number, extra = {}) => ok(call('POST', `/v1/customers/${customer.id}/payment_methods`, { vault_token: (await tokenizeOk(paymentServices.vaultUrl, number)).token, ...extra }), 201);
        await putOnFile('4000000000009995');
        await ok(call('POST', '/v1/subscriptions', { customer: customer.id, plan: plan.id, quantity: '1' }), 201);
        const [invoice] = (await ok(call('GET', `/v1/invoices?customer=${customer.id}`), 200)).data;
        await waitFor(async () => (await call('GET', `/v1/invoices/${invoice.id}/dunning`)).status === 200, 20000, 'the first charge to fail');

        // A working card; Atlas charges the retry and holds its answer; the server is killed.
        await putOnFile('4242424242424242', { default: true });
        const chargedBefore = (await gatewayCharges(atlas)).length;
        await fetch(`${atlas.url}/admin/faults`, {
          method: 'POST', headers: { authorization: `Bearer ${atlas.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'timeout_after_charge', times: 1 }),
        });
        await ok(call('POST', `/v1/test_clocks/${testClock.id}/advance`, { frozen_time: '2026-03-03T10:00:00.000Z' }), 200);
        await waitFor(async () => (await gatewayCharges(atlas)).length > chargedBefore, 20000, 'the gateway to charge the retry');
        await servers[0].kill();

        servers.push(startServer(target, dataDir, paymentServices.payments));
        ({ url: base, adminKey } = await servers[1].ready);
        call = api(base, adminKey);
        const dunned = await waitFor(async () => {
          const found = (await call('GET', `/v1/invoices/${invoice.id}/dunning`)).body;
          return found.status === 'recovered' ? found : null;
        }, 30000, 'the retry to pay the invoice and recover the case');
        assert.equal(dunned.attempt_count, 1, 'the retry succeeded: no failed attempt counted');
        const paid = (await call('GET', `/v1/invoices/${invoice.id}`)).body;
        assert.equal(paid.status, 'paid', JSON.stringify(paid));
        const payments = (await call('GET', `/v1/payments?invoice=${invoice.id}`)).body.data;
        assert.deepEqual(payments.map((payment) => payment.status).sort(), ['failed', 'succeeded'], 'the first charge and one retry');
        const ids = new Set(payments.map((payment) => payment.id));
        const charges = [...await gatewayCharges(atlas), ...await gatewayCharges(beacon)].filter((charge) => ids.has(charge.reference));
        assert.equal(charges.filter((charge) => charge.status === 'succeeded').length, 1, 'charged once by the gateways\' records');
        const subscription = (await call('GET', `/v1/subscriptions?customer=${customer.id}`)).body.data[0];
        assert.equal(subscription.status, 'active');
      } finally {
        for (const server of servers) await server.kill();
        await paymentServices.stop();
        await database.destroy();
        await target.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
