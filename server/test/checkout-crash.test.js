'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { startServerProcess } = require('./support/server-process');
const { openDatabase } = require('../src/db/database');
const { quoteRequest } = require('../src/checkout/quote-request');
const { createRatecard } = require('../..');
const { startPaymentServices } = require('../src/seed/payment-services');
const { tokenizeOk } = require('./support/payments');
const { waitFor } = require('./support/wait-for');

const SESSIONS = 12;
const CARD_SESSIONS = 8;
const KILL_AFTER_ACKNOWLEDGED = 4;
const BILLING = { name: 'Crash Test Ltd', email: 'crash@example.com', country: 'GB', postal_code: 'SW1A 2AA' };

// `payments` (with a card): the test's vault and gateways, which outlive the server; the gateway
// timeout is long, so a charge whose answer the gateway holds is in flight when the server dies.
function start(target, dataDir, payments = null) {
  return startServerProcess({
    DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '',
    RATECARD_DATA_DIR: dataDir, RATECARD_SEED: 'false', LOG_LEVEL: 'warn', RATECARD_RATE_LIMIT_CLIENT_IP: 'off',
    ...(payments ? {
      RATECARD_VAULT_URL: payments.vaultUrl, RATECARD_VAULT_API_KEY: payments.vaultApiKey, RATECARD_GATEWAYS: JSON.stringify(payments.gateways),
      RATECARD_GATEWAY_TIMEOUT_MS: '60000', RATECARD_PAYMENT_RECOVERY_DELAY_MS: '4000', RATECARD_WORKER_POLL_MS: '50',
      RATECARD_JOB_VISIBILITY_MS: '1500', // a job the killed server had claimed is claimed again 1.5 s later
    } : {}),
  });
}

// The checkout's first quote for `quantity` seats, computed as the page does.
function completionBody(core, session, plan, quantity) {
  const choice = { plan: plan.id, quantity, add_ons: [], tax: BILLING };
  const quote = core.run(quoteRequest({
    customer_id: session.customer, subscription_id: session.subscription, currency: session.currency,
    time_zone: session.time_zone, start_at: session.start_at,
    pinned: { plans: session.plans, add_ons: session.add_ons, seller: session.seller, coupon: session.coupon },
  }, choice));
  return { plan: plan.id, quantity, billing: BILLING, quote_hash: quote.invoice.content_hash };
}

async function createPlan(admin, code) {
  const product = (await admin('POST', '/v1/products', { name: 'Crash' })).body;
  const price = (await admin('POST', '/v1/prices', { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'per_unit', unit_amount: '9.00' } })).body;
  return (await admin('POST', '/v1/plans', { code, name: 'Crash', product: product.id, currency: 'USD', interval: 'month', prices: [price.id] })).body;
}

// Sends every completion at once and kills the server once `killAfter` were acknowledged.
async function burstThenKill(server, url, completions, complete, killAfter) {
  let acknowledged = 0;
  const killed = [];
  await Promise.all(completions.map((completion) => complete(url, completion).then((response) => {
    if (response.status === 200) acknowledged += 1;
    if (acknowledged === killAfter) killed.push(server.kill());
  }, () => {})));
  await Promise.all(killed);
  await server.kill();
  return acknowledged;
}

async function call(url, key, method, urlPath, body, headers = {}) {
  const response = await fetch(url + urlPath, {
    method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json(), replayed: response.headers.get('idempotent-replayed') === 'true' };
}

for (const backend of BACKENDS) {
  describe(`checkout completion survives SIGKILL [${backend}]`, () => {
    it('completes every session once: after a kill mid-burst, retries with the same Idempotency-Key create nothing twice', async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-checkout-crash-'));
      const core = await createRatecard({ backend: 'native' });
      let server = start(target, dataDir);
      try {
        const { url, adminKey } = await server.ready;
        const admin = (method, urlPath, body) => call(url, adminKey, method, urlPath, body);
        const plan = await createPlan(admin, 'crash');
        const publishable = (await admin('POST', '/v1/api_keys', { name: 'pages', role: 'publishable' })).body.secret;

        const completions = [];
        for (let i = 0; i < SESSIONS; i += 1) {
          const session = (await call(url, publishable, 'POST', '/v1/checkout_sessions', { plan: plan.id })).body;
          completions.push({ session, key: `complete-${i}`, body: completionBody(core, session, plan, String(i + 1)) });
        }
        const complete = (serverUrl, { session, key, body }) => call(serverUrl, publishable, 'POST', `/v1/checkout_sessions/${session.id}/complete`, body, { 'idempotency-key': key });

        // Every completion at once; the process is killed once a few have been acknowledged.
        const acknowledged = await burstThenKill(server, url, completions, complete, KILL_AFTER_ACKNOWLEDGED);
        assert.ok(acknowledged >= KILL_AFTER_ACKNOWLEDGED);

        server = start(target, dataDir);
        const { url: again } = await server.ready;
        let replayed = 0;
        for (const completion of completions) {
          let response = await complete(again, completion);
          if (response.status === 409 && response.body.error.code === 'IDEMPOTENCY_KEY_IN_USE') {
            // Killed while running: its key stays claimed for a minute. The session itself says
            // whether it committed: a new attempt completes it, or finds it complete already.
            response = await complete(again, { ...completion, key: `${completion.key}-again` });
            if (response.status === 409) {
              assert.equal(response.body.error.code, 'INVALID_STATE', JSON.stringify(response.body));
              response = await call(again, publishable, 'GET', `/v1/checkout_sessions/${completion.session.id}`);
            }
          }
          assert.equal(response.status, 200, JSON.stringify(response.body));
          if (response.replayed) replayed += 1;
          assert.equal(response.body.status, 'complete');
          assert.equal(response.body.quote_hash, completion.body.quote_hash);
        }
        assert.ok(replayed >= KILL_AFTER_ACKNOWLEDGED, `the acknowledged completions replay (${replayed})`);

        const database = openDatabase({ databaseUrl: target.databaseUrl, sqliteFile: target.sqliteFile });
        try {
          const subscriptions = await database.db.selectFrom('subscriptions').select(['id', 'customer_id', 'quantity']).execute();
          assert.deepEqual(subscriptions.map((row) => row.id).sort(), completions.map(({ session }) => session.subscription).sort());
          const customers = await database.db.selectFrom('customers').select('id').execute();
          assert.deepEqual(customers.map((row) => row.id).sort(), completions.map(({ session }) => session.customer).sort());
          const open = await database.db.selectFrom('checkout_sessions').select('id').where('status', '!=', 'complete').execute();
          assert.deepEqual(open, []);
        } finally {
          await database.destroy();
        }
      } finally {
        await server.kill();
        await target.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('with a card: after a kill mid-burst (a charge held by the gateway), retries charge every first invoice exactly once by the gateways\' records', async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-checkout-crash-'));
      const core = await createRatecard({ backend: 'native' });
      const paymentServices = await startPaymentServices({ webhookBaseUrl: 'http://127.0.0.1:9/unused', vaultDbFile: path.join(dataDir, 'vault.sqlite') });
      const { payments, gateways } = paymentServices;
      const gatewayCharges = async () => (await Promise.all(Object.values(gateways).map(async (gateway) => {
        const response = await fetch(`${gateway.url}/admin/charges`, { headers: { authorization: `Bearer ${gateway.apiKey}` } });
        return (await response.json()).data;
      }))).flat();
      let server = start(target, dataDir, payments);
      try {
        const { url, adminKey } = await server.ready;
        const admin = (method, urlPath, body) => call(url, adminKey, method, urlPath, body);
        const plan = await createPlan(admin, 'crash-card');
        const publishable = (await admin('POST', '/v1/api_keys', { name: 'pages', role: 'publishable' })).body.secret;
        const completions = [];
        for (let i = 0; i < CARD_SESSIONS; i += 1) {
          const session = (await call(url, publishable, 'POST', '/v1/checkout_sessions', { plan: plan.id })).body;
          const card = await tokenizeOk(payments.vaultUrl, '4242424242424242');
          completions.push({ session, key: `pay-${i}`, body: { ...completionBody(core, session, plan, String(i + 1)), vault_token: card.token } });
        }
        const complete = (serverUrl, { session, key, body }) => call(serverUrl, publishable, 'POST', `/v1/checkout_sessions/${session.id}/complete`, body, { 'idempotency-key': key });

        // The first charge reaching Atlas is made there and its answer held: it is in flight at the kill.
        await fetch(`${gateways.atlas.url}/admin/faults`, {
          method: 'POST', headers: { authorization: `Bearer ${gateways.atlas.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'timeout_after_charge', times: 1 }),
        });
        const acknowledged = await burstThenKill(server, url, completions, complete, KILL_AFTER_ACKNOWLEDGED);
        assert.ok(acknowledged >= KILL_AFTER_ACKNOWLEDGED);
        assert.ok(acknowledged < CARD_SESSIONS, 'the held charge was not acknowledged');

        server = start(target, dataDir, payments);
        const { url: again } = await server.ready;
        for (const completion of completions) {
          let response = await complete(again, completion);
          if (response.status === 409 && response.body.error.code === 'IDEMPOTENCY_KEY_IN_USE') {
            // Killed while running: the same completion under a new key finds the order and its payment.
            response = await complete(again, { ...completion, key: `${completion.key}-again` });
          }
          assert.equal(response.status, 200, JSON.stringify(response.body));
          if (response.body.payment_status === 'processing') {
            // The held charge: its recovery job asks the gateway by the attempt's key.
            response = await waitFor(async () => {
              const read = await call(again, publishable, 'GET', `/v1/checkout_sessions/${completion.session.id}`);
              return read.body.payment_status === 'processing' ? null : read;
            }, 60000, 'the recovery job to settle the held charge');
          }
          assert.deepEqual([response.body.status, response.body.payment_status], ['complete', 'paid'], JSON.stringify(response.body));
        }

        const database = openDatabase({ databaseUrl: target.databaseUrl, sqliteFile: target.sqliteFile });
        try {
          // The invoice.charge job of every first invoice has run too: it found the checkout's payment.
          const pendingJobs = () => database.db.selectFrom('jobs').selectAll()
            .where('type', 'in', ['invoice.charge', 'payment.recover']).where('status', 'in', ['queued', 'running']).execute();
          await waitFor(async () => !(await pendingJobs()).length, 60000, 'the payment jobs')
            .catch(async (error) => { throw new Error(`${error.message}: ${JSON.stringify(await pendingJobs())}`); });
          const sessions = await database.db.selectFrom('checkout_sessions').select(['id', 'status', 'invoice_id', 'customer_id']).where('payment_status', 'is not', null).execute();
          assert.equal(sessions.length, CARD_SESSIONS);
          assert.deepEqual([...new Set(sessions.map((row) => row.status))], ['complete']);
          const customers = await database.db.selectFrom('customers').select('id').execute();
          assert.deepEqual(customers.map((row) => row.id).sort(), completions.map(({ session }) => session.customer).sort());
          const payments = await database.db.selectFrom('payments').select(['id', 'invoice_id', 'status']).execute();
          const succeeded = (await gatewayCharges()).filter((charge) => charge.status === 'succeeded');
          for (const row of sessions) {
            const ofInvoice = new Set(payments.filter((payment) => payment.invoice_id === row.invoice_id).map((payment) => payment.id));
            assert.equal(succeeded.filter((charge) => ofInvoice.has(charge.reference)).length, 1, `invoice ${row.invoice_id} charged once`);
          }
          assert.equal(succeeded.length, CARD_SESSIONS);
          const invoices = await database.db.selectFrom('invoices').select('status').where('id', 'in', sessions.map((row) => row.invoice_id)).execute();
          assert.deepEqual(invoices.map((row) => row.status), sessions.map(() => 'paid'));
        } finally {
          await database.destroy();
        }
      } finally {
        await server.kill();
        await paymentServices.stop();
        await target.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
