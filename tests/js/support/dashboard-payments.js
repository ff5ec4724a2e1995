'use strict';
// The real card vault and simulated gateways for the dashboard's server process (which runs
// without the example app, so does not start them itself): started first, on a port chosen for
// the server so the gateways' webhooks reach it, and handed to the server by its environment.
const net = require('node:net');
const path = require('node:path');
const { startPaymentServices } = require('../../../server/src/seed/payment-services.js');

/// A free loopback port (asked of the kernel, then released for the server to take).
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/// Starts them for a server about to run with its data in `dataDir`: { env (PORT and the
/// RATECARD_VAULT_* / RATECARD_GATEWAYS variables), vaultUrl, origins (the vault's and the
/// gateways', which the pages' policy lets scripts connect to), stop() }.
async function startDashboardPayments(dataDir) {
  const port = await freePort();
  const services = await startPaymentServices({
    webhookBaseUrl: `http://127.0.0.1:${port}/gateway_webhooks`, vaultDbFile: path.join(dataDir, 'vault.sqlite'),
  });
  return {
    env: {
      PORT: String(port), RATECARD_VAULT_URL: services.payments.vaultUrl, RATECARD_VAULT_API_KEY: services.payments.vaultApiKey,
      RATECARD_GATEWAYS: JSON.stringify(services.payments.gateways),
    },
    vaultUrl: services.vaultUrl,
    origins: [services.vaultUrl, ...services.payments.gateways.map((gateway) => gateway.url)].map((url) => new URL(url).origin),
    stop: services.stop,
  };
}

/// Puts a card on a customer's file (tokenized by the vault as a checkout does) as its default.
async function cardOnFile(api, vaultUrl, customerId, number) {
  const tokenized = await fetch(`${vaultUrl}/cards`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ number, cvc: '123', exp_month: 12, exp_year: 2040 }),
  });
  if (tokenized.status !== 201) throw new Error(`the vault refused the card: ${tokenized.status}`);
  const { token } = await tokenized.json();
  const attached = await api('POST', `/v1/customers/${customerId}/payment_methods`, { vault_token: token, default: true });
  if (attached.status !== 201) throw new Error(`attaching the card failed: ${JSON.stringify(attached.body)}`);
  return attached.body;
}

module.exports = { startDashboardPayments, cardOnFile };
