'use strict';
// The hosted invoice page's pay path survives SIGKILL: the server dies while the gateway holds
// the answer to the invoice's charge; after a restart the page's retry finds that payment, the
// recovery job settles it by the attempt's key, and the invoice is paid exactly once by the
// gateways' own records.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { startServerProcess } = require('./support/server-process');
const { startPaymentServices } = require('../src/seed/payment-services');
const { tokenizeOk } = require('./support/payments');
const { waitFor } = require('./support/wait-for');

// The gateway timeout is long, so the held charge is in flight when the server dies.
function start(target, dataDir, payments) {
  return startServerProcess({
    DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '',
    RATECARD_DATA_DIR: dataDir, RATECARD_SEED: 'false', LOG_LEVEL: 'warn', RATECARD_RATE_LIMIT_CLIENT_IP: 'off',
    RATECARD_VAULT_URL: payments.vaultUrl, RATECARD_VAULT_API_KEY: payments.vaultApiKey, RATECARD_GATEWAYS: JSON.stringify(payments.gateways),
    RATECARD_GATEWAY_TIMEOUT_MS: '60000', RATECARD_PAYMENT_RECOVERY_DELAY_MS: '4000', RATECARD_WORKER_POLL_MS: '50',
  });
}

async function call(url, key, method, urlPath, body) {
  const response = await fetch(url + urlPath, {
    method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

for (const backend of BACKENDS) {
  describe(`hosted invoice payment survives SIGKILL [${backend}]`, () => {
    it('killed while the gateway holds the charge\'s answer: after a restart the retry pays the invoice exactly once', async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-hosted-crash-'));
      const paymentServices = await startPaymentServices({ webhookBaseUrl: 'http://127.0.0.1:9/unused', vaultDbFile: path.join(dataDir, 'vault.sqlite') });
      const { payments, gateways } = paymentServices;
      const gatewayCharges = async () => (await Promise.all(Object.values(gateways).map(async (gateway) => {
        const response = await fetch(`${gateway.url}/admin/charges`, { headers: { authorization: `Bearer ${gateway.apiKey}` } });
        return (await response.json()).data;
      }))).flat();
      let server = start(target, dataDir, payments);
      try {
        const { url, adminKey } = await server.ready;
        let current = url; // the restarted server listens elsewhere
        const admin = (method, urlPath, body) => call(current, adminKey, method, urlPath, body);
        const customer = (await admin('POST', '/v1/customers', { name: 'Crash Payer', email: 'payer@example.com', currency: 'USD' })).body;
        const invoice = (await admin('POST', '/v1/invoices', {
          customer: customer.id, collection_method: 'send_invoice', auto_finalize: true, lines: [{ description: 'Work', unit_amount: '75.00' }],
        })).body;
        assert.equal(invoice.status, 'open');
        const link = new URL((await admin('GET', `/v1/invoices/${invoice.id}`)).body.hosted_invoice_url).pathname.split('/').pop();
        const card = await tokenizeOk(payments.vaultUrl, '4242424242424242');
        const pay = (serverUrl) => call(serverUrl, link, 'POST', '/v1/hosted_invoice/pay', { vault_token: card.token });

        // The charge reaching Atlas is made there and its answer held; the server dies waiting.
        await fetch(`${gateways.atlas.url}/admin/faults`, {
          method: 'POST', headers: { authorization: `Bearer ${gateways.atlas.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'timeout_after_charge', times: 1 }),
        });
        const inFlight = pay(url).catch(() => null);
        await waitFor(async () => (await gatewayCharges()).length === 1, 30000, 'the gateway to make the held charge');
        await server.kill();
        assert.equal(await inFlight, null, 'the held request was answered before the kill');

        server = start(target, dataDir, payments);
        const { url: again } = await server.ready;
        current = again;
        const retried = await pay(again);
        assert.equal(retried.status, 200, JSON.stringify(retried.body));
        const paid = await waitFor(async () => {
          const view = (await call(again, link, 'GET', '/v1/hosted_invoice')).body;
          return view.status === 'paid' ? view : null;
        }, 60000, 'the recovery job to settle the held charge');
        assert.equal(paid.amount_remaining, '0.00');
        // Another retry answers the same payment and charges nothing more.
        const last = await pay(again);
        assert.deepEqual([last.status, last.body.payment.id, last.body.payment.status], [200, retried.body.payment.id, 'succeeded']);

        const ofInvoice = (await admin('GET', `/v1/payments?invoice=${invoice.id}`)).body.data;
        assert.deepEqual(ofInvoice.map((payment) => [payment.id, payment.status]), [[retried.body.payment.id, 'succeeded']]);
        const succeeded = (await gatewayCharges()).filter((charge) => charge.status === 'succeeded');
        assert.deepEqual(succeeded.map((charge) => charge.reference), [retried.body.payment.id], 'charged exactly once');
        assert.equal((await admin('GET', `/v1/invoices/${invoice.id}`)).body.status, 'paid');
      } finally {
        await server.kill();
        await paymentServices.stop();
        await target.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
