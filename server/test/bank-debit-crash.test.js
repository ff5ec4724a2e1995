'use strict';
// A bank account's debit after its verification survives SIGKILL: the verification queues the
// job that debits the customer's open invoice; the server dies while the gateway holds the
// debit's answer; after a restart the job is claimed again, finds the debit by its request key,
// the recovery job settles it by the attempt's idempotency key, and the gateway's own records
// show one debit of the invoice.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { startServerProcess, adminApi } = require('./support/server-process');
const { startPaymentServices } = require('../src/seed/payment-services');
const { waitFor } = require('./support/wait-for');

// The gateway timeout is long, so the held debit is in flight when the server dies; a job the
// killed server had claimed is claimed again 1.5 s after.
function start(target, dataDir, payments) {
  return startServerProcess({
    DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '',
    RATECARD_DATA_DIR: dataDir, RATECARD_SEED: 'false', LOG_LEVEL: 'warn', RATECARD_RATE_LIMIT_CLIENT_IP: 'off',
    RATECARD_VAULT_URL: payments.vaultUrl, RATECARD_VAULT_API_KEY: payments.vaultApiKey, RATECARD_GATEWAYS: JSON.stringify(payments.gateways),
    RATECARD_GATEWAY_TIMEOUT_MS: '60000', RATECARD_PAYMENT_RECOVERY_DELAY_MS: '4000', RATECARD_WORKER_POLL_MS: '50',
    RATECARD_JOB_VISIBILITY_MS: '1500',
  });
}

for (const backend of BACKENDS) {
  describe(`bank account debit survives SIGKILL [${backend}]`, () => {
    it('killed while the gateway holds the debit\'s answer: after a restart the open invoice is debited exactly once', async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-bank-crash-'));
      const paymentServices = await startPaymentServices({ webhookBaseUrl: 'http://127.0.0.1:9/unused', vaultDbFile: path.join(dataDir, 'vault.sqlite') });
      const { payments, gateways } = paymentServices;
      const atlas = (method, urlPath, body) => fetch(`${gateways.atlas.url}${urlPath}`, {
        method, headers: { authorization: `Bearer ${gateways.atlas.apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      }).then((response) => (response.status === 204 ? null : response.json()));
      const debits = async () => (await atlas('GET', '/admin/charges')).data.filter((charge) => charge.bank_account);
      let server = start(target, dataDir, payments);
      try {
        const { url, adminKey } = await server.ready;
        let admin = adminApi(url, adminKey);
        const customer = (await admin('POST', '/v1/customers', { name: 'Bank Payer', email: 'bank@example.com', currency: 'USD' })).body;
        const account = await (await fetch(`${payments.vaultUrl}/bank_accounts`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ routing_number: '110000000', account_number: '000123456789', account_holder_name: 'Bank Payer', account_holder_type: 'company' }),
        })).json();
        const method = await admin('POST', `/v1/customers/${customer.id}/payment_methods`, { vault_token: account.token, mandate: { ip_address: '203.0.113.9', user_agent: 'test' } });
        assert.equal(method.status, 201, JSON.stringify(method.body));
        const invoice = (await admin('POST', '/v1/invoices', {
          customer: customer.id, collection_method: 'charge_automatically', auto_finalize: true, lines: [{ description: 'Work', unit_amount: '75.00' }],
        })).body;
        assert.equal(invoice.status, 'open');

        // Verified: the job debits the invoice at Atlas, which makes the debit and holds its answer.
        await atlas('POST', '/admin/faults', { kind: 'timeout_after_charge', times: 1 });
        const verified = await admin('POST', `/v1/customers/${customer.id}/payment_methods/${method.body.id}/verify`, { amounts: ['0.32', '0.45'] });
        assert.equal(verified.status, 200, JSON.stringify(verified.body));
        await waitFor(async () => (await debits()).length === 1, 30000, 'the gateway to make the held debit');
        await server.kill();

        server = start(target, dataDir, payments);
        const { url: again } = await server.ready;
        admin = adminApi(again, adminKey);
        const job = await waitFor(async () => {
          const read = (await admin('GET', `/v1/jobs/job_bank_debit_${method.body.id}`)).body;
          return read.status === 'succeeded' ? read : null;
        }, 60000, 'the debit job, claimed again, to finish');
        assert.equal(job.status, 'succeeded');
        const [debit] = await waitFor(async () => {
          const found = (await admin('GET', `/v1/payments?invoice=${invoice.id}`)).body.data;
          return found.length && found.every((payment) => payment.status !== 'processing') ? found : null;
        }, 60000, 'the recovery job to settle the held debit');
        const ofInvoice = (await admin('GET', `/v1/payments?invoice=${invoice.id}`)).body.data;
        assert.deepEqual(ofInvoice.map((payment) => [payment.id, payment.status, payment.amount]), [[debit.id, 'pending', '75.00']]);
        const made = await debits();
        assert.deepEqual(made.map((charge) => [charge.reference, charge.amount]), [[debit.id, '75.00']], 'debited exactly once');
        assert.equal((await admin('GET', `/v1/invoices/${invoice.id}`)).body.status, 'open', 'paid once the debit settles');
      } finally {
        await server.kill();
        await paymentServices.stop();
        await target.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
