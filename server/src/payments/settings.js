'use strict';
// Where the vault and the gateways are (config.payments, docs/server.md "Payments").
const { ApiError } = require('../http/errors');

/// { vault: { url, apiKey }, gateways: Map(name -> { name, url, api_key, webhook_secret }) },
/// or PAYMENTS_UNAVAILABLE when no vault is configured.
function paymentServices(config) {
  const { payments } = config;
  if (!payments || !payments.vaultUrl || !payments.gateways.length) {
    throw new ApiError('PAYMENTS_UNAVAILABLE', 'payments are not configured on this server (RATECARD_VAULT_URL, RATECARD_GATEWAYS)');
  }
  return {
    vault: { url: payments.vaultUrl, apiKey: payments.vaultApiKey },
    gateways: new Map(payments.gateways.map((gateway) => [gateway.name, gateway])),
  };
}

/// Whether gateway `name` takes payment method type `type` ("card", "us_bank_account"): its
/// `methods` in RATECARD_GATEWAYS, cards only when unset.
function gatewayTakes(gateway, type) {
  return (gateway.methods || ['card']).includes(type);
}

/// The names of the configured gateways, in configuration order.
function gatewayNames(config) {
  return ((config.payments && config.payments.gateways) || []).map((gateway) => gateway.name);
}

/// The vault's address as browsers reach it (pages post cards there): RATECARD_VAULT_PUBLIC_URL,
/// else RATECARD_VAULT_URL; null without a vault.
function vaultPublicUrl(config) {
  const payments = config.payments || {};
  return payments.vaultPublicUrl || payments.vaultUrl || null;
}

module.exports = { paymentServices, gatewayNames, gatewayTakes, vaultPublicUrl };
