'use strict';
// Ratecard's server's calls to the card vault (server/vault): the description of a card and
// forwarding a charge with the card's number put in. The number never passes through here.
const { ApiError } = require('../http/errors');
const { paymentServices } = require('./settings');

/// The vault's description of the card or bank account `token` (a card: brand, last4, expiry,
/// fingerprint; a bank account: routing number, last4, holder, fingerprint), or null.
async function describeVaultToken(config, token) {
  const { vault } = paymentServices(config);
  const response = await vaultFetch(vault, vaultPath(token), { method: 'GET' }, config.payments.timeoutMs);
  if (response.status === 404) return null;
  if (response.status !== 200) throw unavailable(`the vault answered ${response.status}`);
  return response.json();
}

/// Forgets the card or bank account `token` in the vault (detached); one already gone is fine.
async function removeVaultToken(config, token) {
  const { vault } = paymentServices(config);
  const response = await vaultFetch(vault, vaultPath(token), { method: 'DELETE' }, config.payments.timeoutMs);
  if (![204, 404].includes(response.status)) throw unavailable(`the vault answered ${response.status}`);
}

const vaultPath = (token) => `/${token.startsWith('btok_') ? 'bank_accounts' : 'cards'}/${encodeURIComponent(token)}`;

/// Has the vault post `body` with the card or bank account `token` to gateway `gateway` at `path`.
/// Resolves to { outcome: "response", status, body } or { outcome: "no_response", reason }.
async function forwardThroughVault(config, { gateway, path, idempotencyKey, token, body }) {
  const { vault } = paymentServices(config);
  const timeoutMs = config.payments.timeoutMs;
  try {
    // The vault gives up on the gateway after timeoutMs; this waits a little longer for it.
    const response = await vaultFetch(vault, '/forward', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ gateway, path, idempotency_key: idempotencyKey, token, body, timeout_ms: timeoutMs }),
    }, timeoutMs + 5000);
    if (response.status !== 200) return { outcome: 'no_response', reason: `vault answered ${response.status}` };
    return await response.json();
  } catch (error) {
    return { outcome: 'no_response', reason: `vault: ${error.name === 'TimeoutError' ? 'timeout' : error.message}` };
  }
}

async function vaultFetch(vault, path, init, timeoutMs) {
  try {
    return await fetch(new URL(path, vault.url), {
      ...init, headers: { ...(init.headers || {}), authorization: `Bearer ${vault.apiKey}` }, signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw unavailable(error.name === 'TimeoutError' ? 'the vault did not answer in time' : 'the vault is unreachable');
  }
}

const unavailable = (message) => new ApiError('PAYMENTS_UNAVAILABLE', `${message}; nothing was changed, retry later`);

module.exports = { describeVaultToken, removeVaultToken, forwardThroughVault };
