'use strict';
// Payments (a charge and a capture) across a SIGKILL of the server, checked against the
// gateways' own records, and the
// card-number scan: after a run of checkouts, no table of Ratecard's database or of the
// vault's, and no log line of any process, holds a card number.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const Database = require('better-sqlite3');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { startServerProcess, adminApi: api } = require('./support/server-process');
const { tokenizeOk } = require('./support/payments');
const { waitFor } = require('./support/wait-for');
const { everyTable } = require('./support/table-scan');
const { startPaymentServices } = require('../src/seed/payment-services');
const { openDatabase } = require('../src/db/database');
const { migrateToLatest } = require('../src/db/migrate');
const { looksLikeCardNumber } = require('../src/http/card-data');

const BANK_ACCOUNT = '000123456789';
const CHECKOUT_CARDS = ['4242424242424242', '5555555555554444', '4000000000000002', '4000002760003184', '4000000000009995'];

// One key for every server process of the file, as a deployment keeps its key across restarts
// (invoice links and other secrets are sealed with it).
const ENCRYPTION_KEY = crypto.randomBytes(32).toString('base64');

// `npm start`'s entry point pointed at the test's vault and gateways. The gateway timeout is
// long, so a payment whose answer is held is still in flight when the server is killed; the
// recovery job runs a few seconds after a payment starts.
const startServer = (target, dataDir, payments) => startServerProcess({
  DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '',
  RATECARD_DATA_DIR: dataDir, RATECARD_SEED: 'false', LOG_LEVEL: 'debug',
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
  describe(`payments across a SIGKILL of the server [${backend}]`, () => {
    it('charges exactly once by the gateway\'s records, and no card number is in any table or log', async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-data-'));
      const vaultDbFile = path.join(dataDir, 'vault.sqlite');
      const database = openDatabase(target);
      const paymentServices = await startPaymentServices({ webhookBaseUrl: 'http://127.0.0.1:9/unused', vaultDbFile });
      const servers = [];
      try {
        await migrateToLatest(database.db);
        servers.push(startServer(target, dataDir, paymentServices.payments));
        let { url: base, adminKey } = await servers[0].ready;
        let call = api(base, adminKey);

        // A run of checkouts: each card posted to the vault, put on file, charged.
        for (const number of CHECKOUT_CARDS) {
          const customer = (await call('POST', '/v1/customers', { name: `Checkout ${number.slice(-4)}`, currency: 'USD' })).body;
          const card = await tokenizeOk(paymentServices.vaultUrl, number);
          assert.equal((await call('POST', `/v1/customers/${customer.id}/payment_methods`, { vault_token: card.token })).status, 201);
          assert.equal((await call('POST', '/v1/payments', { customer: customer.id, amount: '12.00', currency: 'USD' })).status, 201);
        }

        // A bank account put on file (its verification started through the vault).
        const achCustomer = (await call('POST', '/v1/customers', { name: 'Checkout ACH', currency: 'USD' })).body;
        const bankAccount = await (await fetch(`${paymentServices.vaultUrl}/bank_accounts`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ routing_number: '110000000', account_number: BANK_ACCOUNT, account_holder_name: 'Jenny Rosen', account_holder_type: 'individual' }),
        })).json();
        const attached = await call('POST', `/v1/customers/${achCustomer.id}/payment_methods`, { vault_token: bankAccount.token, mandate: { ip_address: '203.0.113.7' } });
        assert.equal(attached.status, 201, JSON.stringify(attached.body));

        // The payment and the capture in flight: Atlas charges (and captures an authorization)
        // and holds its answers; the server is killed.
        const customer = (await call('POST', '/v1/customers', { name: 'Killed mid-payment', currency: 'USD' })).body;
        const card = await tokenizeOk(paymentServices.vaultUrl, '4242424242424242');
        await call('POST', `/v1/customers/${customer.id}/payment_methods`, { vault_token: card.token });
        const atlas = paymentServices.gateways.atlas;
        const beacon = paymentServices.gateways.beacon;
        const fault = (kind) => fetch(`${atlas.url}/admin/faults`, {
          method: 'POST', headers: { authorization: `Bearer ${atlas.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ kind, times: 1 }),
        });
        const authorized = (await call('POST', '/v1/payments', { customer: customer.id, amount: '30.00', currency: 'USD', capture_method: 'manual' })).body;
        assert.equal(authorized.status, 'requires_capture');
        await fault('timeout_after_capture');
        const captureInFlight = call('POST', `/v1/payments/${authorized.id}/capture`, { amount: '25.00' }).catch((error) => error);
        const capturedAtGateway = async () => (await gatewayCharges(atlas)).find((charge) => charge.reference === authorized.id && charge.captured);
        await waitFor(capturedAtGateway, 20000, 'the gateway to capture');
        const chargedBefore = (await gatewayCharges(atlas)).length;
        await fault('timeout_after_charge');
        const inFlight = call('POST', '/v1/payments', { customer: customer.id, amount: '42.00', currency: 'USD' }).catch((error) => error);
        await waitFor(async () => (await gatewayCharges(atlas)).length > chargedBefore, 20000, 'the gateway to charge');
        await servers[0].kill();
        assert.ok(await inFlight instanceof Error, 'the request in flight got no answer');
        assert.ok(await captureInFlight instanceof Error, 'the capture in flight got no answer');

        servers.push(startServer(target, dataDir, paymentServices.payments));
        ({ url: base, adminKey } = await servers[1].ready);
        call = api(base, adminKey);
        const payment = await waitFor(async () => {
          const list = (await call('GET', `/v1/payments?customer=${customer.id}`)).body.data.filter((one) => one.id !== authorized.id);
          return list.length && list[0].status !== 'processing' ? list[0] : null;
        }, 30000, 'the recovery job to settle the payment');
        assert.equal(payment.status, 'succeeded');
        assert.equal(payment.attempt_count, 1, 'no failover: the lookup found the charge');
        const atlasCharges = (await gatewayCharges(atlas)).filter((charge) => charge.reference === payment.id);
        const beaconCharges = (await gatewayCharges(beacon)).filter((charge) => charge.reference === payment.id);
        assert.deepEqual(atlasCharges.map((charge) => [charge.id, charge.status, charge.amount]), [[payment.gateway_charge, 'succeeded', '42.00']]);
        assert.equal(beaconCharges.length, 0);
        const events = (await call('GET', '/v1/events?type=payment.succeeded&limit=100')).body.data.filter((event) => event.data.object.id === payment.id);
        assert.equal(events.length, 1);

        // The audit log: each request the kill cut off left the entry written before its handler
        // ran (outcome started), with no answer's entry of the same request id.
        for (const route of ['/v1/payments', '/v1/payments/:id/capture']) {
          const entries = (await call('GET', `/v1/audit_log?limit=100&route=${encodeURIComponent(route)}`)).body.data;
          const answered = new Set(entries.filter((entry) => entry.outcome !== 'started').map((entry) => entry.action.request_id));
          const cutOff = entries.filter((entry) => entry.outcome === 'started' && !answered.has(entry.action.request_id));
          assert.equal(cutOff.length, 1, `one request to ${route} cut off by the kill: ${JSON.stringify(entries)}`);
        }

        // The capture's job sends it again with its key: captured once, by Atlas's records.
        const captured = await waitFor(async () => {
          const found = (await call('GET', `/v1/payments/${authorized.id}`)).body;
          return found.status === 'succeeded' ? found : null;
        }, 30000, 'the capture\'s job to settle the capture');
        assert.equal(captured.amount, '25.00');
        const authorization = await capturedAtGateway();
        assert.deepEqual([authorization.amount_captured, authorization.captures.length], ['25.00', 1]);
        const captureEvents = (await call('GET', '/v1/events?type=payment.succeeded&limit=100')).body.data.filter((event) => event.data.object.id === authorized.id);
        assert.equal(captureEvents.length, 1);

        // The scan: Ratecard's tables, the vault's tables, every process's output.
        const numbers = [...new Set([...CHECKOUT_CARDS, '4242424242424242', BANK_ACCOUNT])];
        const holdsNumber = (text) => numbers.some((number) => text.includes(number) || text.includes(number.replace(/(.{4})/g, '$1 ').trim()));
        const ratecardTables = await everyTable(database.db, database.dialect);
        assert.ok(ratecardTables.payment_methods.some((row) => row.includes('"4242"')), 'the scan reads the cards on file');
        for (const [table, rows] of Object.entries(ratecardTables)) {
          for (const row of rows) assert.ok(!holdsNumber(row) && !looksLikeCardNumber(row), `Ratecard's table ${table} holds a card number: ${row}`);
        }
        const vault = new Database(vaultDbFile, { readonly: true });
        try {
          const cards = vault.prepare('select * from cards').all();
          assert.ok(cards.length >= CHECKOUT_CARDS.length);
          for (const table of vault.prepare("select name from sqlite_master where type = 'table'").all()) {
            for (const row of vault.prepare(`select * from "${table.name}"`).all()) {
              assert.ok(!holdsNumber(JSON.stringify(row)), `the vault's table ${table.name} holds a card number in clear`);
            }
          }
          assert.ok(cards.every((row) => row.number_ciphertext.startsWith('v2.')), 'the vault keeps ciphertext only');
          assert.equal(vault.prepare('select count(*) as n from bank_accounts').get().n, 1);
        } finally {
          vault.close();
        }
        const logs = servers.map((server) => server.output()).join('\n') + paymentServices.output();
        assert.ok(logs.includes('POST'), 'the scan reads the request logs');
        assert.ok(!holdsNumber(logs), 'a log holds a card number');
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
