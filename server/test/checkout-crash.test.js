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

const SESSIONS = 12;
const KILL_AFTER_ACKNOWLEDGED = 4;
const BILLING = { name: 'Crash Test Ltd', email: 'crash@example.com', country: 'GB', postal_code: 'SW1A 2AA' };

function start(target, dataDir) {
  return startServerProcess({
    DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '',
    RATECARD_DATA_DIR: dataDir, RATECARD_SEED: 'false', LOG_LEVEL: 'warn', RATECARD_RATE_LIMIT_CLIENT_IP: 'off',
  });
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
        const product = (await admin('POST', '/v1/products', { name: 'Crash' })).body;
        const price = (await admin('POST', '/v1/prices', { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'per_unit', unit_amount: '9.00' } })).body;
        const plan = (await admin('POST', '/v1/plans', { code: 'crash', name: 'Crash', product: product.id, currency: 'USD', interval: 'month', prices: [price.id] })).body;
        const publishable = (await admin('POST', '/v1/api_keys', { name: 'pages', role: 'publishable' })).body.secret;

        const completions = [];
        for (let i = 0; i < SESSIONS; i += 1) {
          const session = (await call(url, publishable, 'POST', '/v1/checkout_sessions', { plan: plan.id })).body;
          const choice = { plan: plan.id, quantity: String(i + 1), add_ons: [], tax: BILLING };
          const quote = core.run(quoteRequest({
            customer_id: session.customer, subscription_id: session.subscription, currency: session.currency,
            time_zone: session.time_zone, start_at: session.start_at,
            pinned: { plans: session.plans, add_ons: session.add_ons, seller: session.seller, coupon: session.coupon },
          }, choice));
          completions.push({
            session, key: `complete-${i}`,
            body: { plan: plan.id, quantity: choice.quantity, billing: BILLING, quote_hash: quote.invoice.content_hash },
          });
        }
        const complete = (serverUrl, { session, key, body }) => call(serverUrl, publishable, 'POST', `/v1/checkout_sessions/${session.id}/complete`, body, { 'idempotency-key': key });

        // Every completion at once; the process is killed once a few have been acknowledged.
        let acknowledged = 0;
        const killed = [];
        await Promise.all(completions.map((completion) => complete(url, completion).then((response) => {
          if (response.status === 200) acknowledged += 1;
          if (acknowledged === KILL_AFTER_ACKNOWLEDGED) killed.push(server.kill());
        }, () => {})));
        await Promise.all(killed);
        await server.kill();
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
  });
}
