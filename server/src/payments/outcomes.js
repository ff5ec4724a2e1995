'use strict';
// What a gateway's answer means for an attempt. Kinds:
// - charged: the gateway holds a charge ({ charge }: succeeded, requires_action,
//   requires_capture: an authorization, or pending: a bank debit not settled yet);
// - declined: a hard decline ({ failureCode, declineCode, chargeId }): never failed over;
// - no_charge: the gateway confirmed it made no charge ({ reason }): may fail over;
// - unknown: nobody knows yet ({ reason }): never failed over, resolved later.
const { charge, authorize, lookupCharge } = require('./gateway-client');

/// Sends the attempt's charge (or authorization, for a payment captured manually) of `method`
/// ({ vault_token, verification_id }) (or, when
/// `lookupFirst`, first asks for it by its idempotency key: after a crash or an unknown
/// outcome) and says what happened.
async function runAttempt(config, payment, attempt, method, { lookupFirst }) {
  const key = { gateway: attempt.gateway, idempotencyKey: attempt.idempotency_key };
  if (lookupFirst) {
    const found = await lookup(config, key);
    if (found.kind !== 'no_charge') return found;
  }
  const send = payment.capture_method === 'manual' ? authorize : charge;
  const answer = await send(config, {
    ...key, token: method.vault_token, verification: method.verification_id, amount: payment.amount, currency: payment.currency, reference: payment.id,
  });
  const definite = chargeAnswer(answer);
  if (definite) return definite;
  // An error or no answer at all: a charge may exist. Only the gateway's own record says.
  const found = await lookup(config, key);
  if (found.kind === 'no_charge') return { kind: 'no_charge', reason: describe(answer) };
  return found;
}

/// A charge's answer that settles the attempt, or null (an error, a timeout: ask again).
function chargeAnswer(answer) {
  if (answer.outcome !== 'response') return null;
  const { status, body } = answer;
  if (status === 200 && body && ['succeeded', 'requires_action', 'requires_capture', 'pending'].includes(body.status)) return { kind: 'charged', charge: body };
  if (status === 402 && body && body.error && body.error.type === 'card_error') {
    return { kind: 'declined', failureCode: body.error.code, declineCode: body.error.decline_code || null, chargeId: body.error.charge || null };
  }
  return null;
}

/// The gateway's record of the charge with this idempotency key.
async function lookup(config, key) {
  const answer = await lookupCharge(config, key);
  if (answer.outcome !== 'response' || answer.status !== 200 || !Array.isArray(answer.body && answer.body.data)) {
    return { kind: 'unknown', reason: `the lookup by idempotency key failed (${describe(answer)})` };
  }
  const [record] = answer.body.data;
  if (!record) return { kind: 'no_charge', reason: 'the gateway has no charge with this idempotency key' };
  if (record.status === 'failed') return { kind: 'declined', failureCode: record.failure_code, declineCode: record.decline_code, chargeId: record.id };
  return { kind: 'charged', charge: record };
}

function describe(answer) {
  if (answer.outcome !== 'response') return `no response: ${answer.reason}`;
  const error = answer.body && answer.body.error;
  return `HTTP ${answer.status}${error && error.code ? ` ${error.code}` : ''}`;
}

/// The failure code a payment gets when its last gateway made no charge: the gateway's
/// error code when it gave one ("processing_error"), else "gateway_unavailable".
function noChargeCode(reason) {
  const match = /^HTTP \d+ ([a-z_]+)$/.exec(reason || '');
  return match ? match[1] : 'gateway_unavailable';
}

module.exports = { runAttempt, lookup, noChargeCode };
