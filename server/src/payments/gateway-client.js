'use strict';
// The gateway interface the orchestration uses: charge or authorize (through the vault, which
// puts the card's or bank account's number in), look a charge up by its idempotency key,
// confirm after 3-D Secure, capture or void an authorization, refund, verify a bank account by
// micro-deposits, submit a dispute's evidence. Every call that can move money carries an
// idempotency key. Each resolves to
// { outcome: "response", status, body } or { outcome: "no_response", reason }: a timeout or a
// refused connection, after which nobody knows whether the gateway acted.
const { paymentServices } = require('./settings');
const { forwardThroughVault } = require('./vault-client');

/// A charge of a card, or a debit of a verified bank account (`verification`: its id).
function charge(config, { gateway, idempotencyKey, token, amount, currency, reference, verification }) {
  return forwardThroughVault(config, {
    gateway, path: '/v1/charges', idempotencyKey, token, body: { amount, currency, reference, ...(verification ? { verification } : {}) },
  });
}

/// An authorization of a card: the gateway holds the amount (`requires_capture`) until it is
/// captured or voided; found by its idempotency key like a charge.
function authorize(config, { gateway, idempotencyKey, token, amount, currency, reference }) {
  return forwardThroughVault(config, {
    gateway, path: '/v1/charges', idempotencyKey, token, body: { amount, currency, reference, capture: false },
  });
}

/// Captures authorization `chargeId`: `amount` (at most what was authorized; the rest is released).
function captureCharge(config, { gateway, chargeId, amount, idempotencyKey }) {
  return gatewayCall(config, gateway, 'POST', `/v1/charges/${encodeURIComponent(chargeId)}/capture`, { amount }, idempotencyKey);
}

/// Voids authorization `chargeId`: nothing is captured.
function voidCharge(config, { gateway, chargeId, idempotencyKey }) {
  return gatewayCall(config, gateway, 'POST', `/v1/charges/${encodeURIComponent(chargeId)}/void`, {}, idempotencyKey);
}

/// Answers dispute `disputeId` (the gateway's id) with `evidence`, once.
function submitDisputeEvidence(config, { gateway, disputeId, evidence, idempotencyKey }) {
  return gatewayCall(config, gateway, 'POST', `/v1/disputes/${encodeURIComponent(disputeId)}/evidence`, { evidence }, idempotencyKey);
}

/// Starts a bank account's micro-deposit verification (through the vault: it needs the number).
function startVerification(config, { gateway, idempotencyKey, token }) {
  return forwardThroughVault(config, { gateway, path: '/v1/bank_accounts/verifications', idempotencyKey, token, body: {} });
}

function confirmVerification(config, { gateway, verificationId, amounts }) {
  return gatewayCall(config, gateway, 'POST', `/v1/bank_accounts/verifications/${encodeURIComponent(verificationId)}/confirm`, { amounts });
}

function lookupCharge(config, { gateway, idempotencyKey }) {
  return gatewayCall(config, gateway, 'GET', `/v1/charges?idempotency_key=${encodeURIComponent(idempotencyKey)}`);
}

function confirmCharge(config, { gateway, chargeId, idempotencyKey }) {
  return gatewayCall(config, gateway, 'POST', `/v1/charges/${encodeURIComponent(chargeId)}/confirm`, {}, idempotencyKey);
}

function refundCharge(config, { gateway, chargeId, amount, idempotencyKey }) {
  return gatewayCall(config, gateway, 'POST', `/v1/charges/${encodeURIComponent(chargeId)}/refunds`, { amount }, idempotencyKey);
}

async function gatewayCall(config, name, method, path, body, idempotencyKey) {
  const gateway = paymentServices(config).gateways.get(name);
  if (!gateway) return { outcome: 'no_response', reason: `gateway "${name}" is not configured` };
  try {
    const response = await fetch(new URL(path, gateway.url), {
      method,
      headers: {
        authorization: `Bearer ${gateway.api_key}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(config.payments.timeoutMs),
    });
    const text = await response.text();
    let parsed = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { outcome: 'no_response', reason: `gateway answered ${response.status} without JSON` };
    }
    return { outcome: 'response', status: response.status, body: parsed };
  } catch (error) {
    return { outcome: 'no_response', reason: error.name === 'TimeoutError' ? 'timeout' : 'unreachable' };
  }
}

module.exports = {
  charge, authorize, lookupCharge, confirmCharge, captureCharge, voidCharge, refundCharge, submitDisputeEvidence, startVerification, confirmVerification,
};
