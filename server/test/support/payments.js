'use strict';
// Payments tests against the real thing: the card vault and the two simulated gateways as
// processes on 127.0.0.1 (src/seed/payment-services.js), a test server listening so the
// gateways' webhooks reach it, and the gateways' own records to check Ratecard against.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startTestServer } = require('./harness');
const { startPaymentServices } = require('../../src/seed/payment-services');

/// Card expiry used by the tests' cards (in the future for years).
const EXPIRY = { exp_month: 12, exp_year: 2040 };

/// A listening test server with a vault and gateways: the harness's object plus
/// { vault: { url, tokenize(card) }, gateway(name): { charges(), fault(kind, times) },
/// cardOnFile(customerId, number), stopPayments() }. `timeoutMs`: the gateway timeout.
async function startPaymentsServer(backend, { timeoutMs = 1500, logStream, logLevel, recoveryDelayMs = 600000 } = {}) {
  const t = await startTestServer(backend, {
    logStream, logLevel,
    config: { payments: { vaultUrl: null, vaultApiKey: null, gateways: [], timeoutMs, recoveryDelayMs } },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const vaultDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-vault-'));
  const vaultDbFile = path.join(vaultDir, 'vault.sqlite');
  let services;
  try {
    services = await startPaymentServices({
      webhookBaseUrl: `http://127.0.0.1:${t.app.server.address().port}/gateway_webhooks`, vaultDbFile,
    });
  } catch (error) {
    await t.close();
    throw error;
  }
  Object.assign(t.services.config.payments, services.payments);
  const close = t.close;
  return {
    ...t,
    vaultDbFile,
    vault: vaultClient(services.vaultUrl),
    gateway: (name) => gatewayClient(services.gateways[name]),
    cardOnFile: async (customerId, number, extra = {}) => {
      const card = await tokenizeOk(services.vaultUrl, number);
      const response = await t.call('POST', `/v1/customers/${customerId}/payment_methods`, { body: { vault_token: card.token, ...extra } });
      if (response.status !== 201) throw new Error(`attaching ${card.last4} failed: ${JSON.stringify(response.body)}`);
      return response.body;
    },
    close: async () => {
      await services.stop();
      await close();
      fs.rmSync(vaultDir, { recursive: true, force: true });
    },
  };
}

function vaultClient(url) {
  return {
    url,
    /// Posts a card to the vault as a checkout does: { status, body }.
    tokenize: async (card) => {
      const response = await fetch(`${url}/cards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(card) });
      return { status: response.status, body: await response.json() };
    },
    /// Posts a US bank account to the vault: { status, body }.
    tokenizeBankAccount: async (account) => {
      const response = await fetch(`${url}/bank_accounts`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ routing_number: '110000000', account_holder_name: 'Jenny Rosen', account_holder_type: 'individual', ...account }),
      });
      return { status: response.status, body: await response.json() };
    },
  };
}

async function tokenizeOk(url, number) {
  const { status, body } = await vaultClient(url).tokenize({ number, cvc: number.startsWith('3') ? '1234' : '123', ...EXPIRY });
  if (status !== 201) throw new Error(`the vault refused ${number.slice(-4)}: ${JSON.stringify(body)}`);
  return body;
}

function gatewayClient({ url, apiKey }) {
  const call = async (method, pathname, body) => {
    const response = await fetch(`${url}${pathname}`, {
      method, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response.status === 204 ? null : response.json();
  };
  return {
    url,
    /// The gateway's own records: every charge it made (failed ones too), with its refunds.
    charges: async () => (await call('GET', '/admin/charges')).data,
    /// The charges the gateway holds for Ratecard payment `paymentId`.
    chargesFor: async (paymentId) => (await call('GET', '/admin/charges')).data.filter((charge) => charge.reference === paymentId),
    /// Moves the gateway's clock by `days`: bank debits due settle or return (by webhook).
    advance: (days) => call('POST', '/admin/advance', { days }),
    /// The next `times` charge requests: timeout_before_charge or timeout_after_charge.
    fault: (kind, times = 1) => call('POST', '/admin/faults', { kind, times }),
  };
}

module.exports = { startPaymentsServer, EXPIRY, tokenizeOk };
