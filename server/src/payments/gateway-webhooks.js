'use strict';
// Webhooks from the gateways, signed as Standard Webhooks with each gateway's own secret:
// verified, taken in once (by webhook id), and turned into Ratecard's records and events.
// Disputes (charge.dispute.created -> a dispute on the payment, event charge.disputed;
// charge.dispute.closed -> won or lost, event charge.dispute.closed: disputes.js), the
// settlement of bank debits (charge.succeeded, charge.failed with an ACH return code) and
// authorizations that expired uncaptured (charge.expired -> payment.canceled: captures.js).
const crypto = require('node:crypto');
const { ApiError } = require('../http/errors');
const { toInstant } = require('../time');
const { sign } = require('../webhooks/signing');
const { paymentServices } = require('./settings');
const { recordPaymentEvent } = require('./orchestration');
const { openDispute, closeDispute } = require('./disputes');
const { recordAuthorizationExpired } = require('./captures');

/// How far a webhook's timestamp may be from now (replays of old messages are refused).
const TOLERANCE_SECONDS = 5 * 60;

/// Verifies and takes in one webhook of gateway `name` (`raw`: the body's bytes).
async function receiveGatewayWebhook(services, name, headers, raw) {
  const { db, clock, config } = services;
  const gateway = paymentServices(config).gateways.get(name);
  if (!gateway) throw new ApiError('NOT_FOUND', `no gateway "${name}"`);
  verify(gateway.webhook_secret, headers, raw, clock.now());
  let message;
  try {
    message = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ApiError('INVALID_JSON', 'the webhook\'s body is not JSON');
  }
  await db.transaction().execute(async (trx) => {
    const seen = await trx.insertInto('gateway_webhooks')
      .values({ id: `${name}:${headers['webhook-id']}`, gateway: name, type: String(message.type), received_at: toInstant(clock.now()) })
      .onConflict((conflict) => conflict.column('id').doNothing()).executeTakeFirst();
    if (Number(seen.numInsertedOrUpdatedRows) !== 1) return;
    const dispute = message.data && message.data.dispute;
    if (message.type === 'charge.dispute.created' && dispute && dispute.charge) await openDispute(trx, services, name, dispute);
    if (message.type === 'charge.dispute.closed' && dispute && dispute.id) await closeDispute(trx, services, name, dispute);
    const charge = message.data && message.data.charge;
    if (['charge.succeeded', 'charge.failed'].includes(message.type) && charge && charge.id) await recordSettlement(trx, services, name, message.type, charge);
    if (message.type === 'charge.expired' && charge && charge.id) await recordAuthorizationExpired(trx, services, name, String(charge.id));
  });
  return { received: true };
}

// A bank debit settled (succeeded) or came back (failed, its ACH return code as decline code).
async function recordSettlement(trx, services, gateway, type, charge) {
  const payment = await trx.selectFrom('payments').selectAll().where('gateway', '=', gateway)
    .where('gateway_charge_id', '=', String(charge.id)).executeTakeFirst();
  if (!payment) throw new ApiError('INVALID_STATE', `no payment knows charge ${charge.id} of ${gateway} yet; send the webhook again later`);
  if (payment.status !== 'pending') return; // settled already
  const now = toInstant(services.clock.now());
  const succeeded = type === 'charge.succeeded';
  const change = succeeded ? { status: 'succeeded' }
    : { status: 'failed', failure_code: String(charge.failure_code || 'ach_return'), decline_code: charge.decline_code ? String(charge.decline_code) : null };
  await trx.updateTable('payments').set({ ...change, updated_at: now }).where('id', '=', payment.id).execute();
  await trx.updateTable('payment_attempts').set({
    status: succeeded ? 'succeeded' : 'declined', failure_code: change.failure_code || null, decline_code: change.decline_code || null, updated_at: now,
  }).where('payment_id', '=', payment.id).where('status', '=', 'submitted').execute();
  await recordPaymentEvent(trx, services, payment.id, succeeded ? 'payment.succeeded' : 'payment.failed');
}

function verify(secret, headers, raw, now) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = String(headers['webhook-signature'] || '').split(' ');
  if (!id || !/^[0-9]{1,12}$/.test(String(timestamp || ''))) throw new ApiError('UNAUTHENTICATED', 'the webhook is not signed (webhook-id, webhook-timestamp, webhook-signature)');
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp)) > TOLERANCE_SECONDS) throw new ApiError('UNAUTHENTICATED', 'the webhook\'s timestamp is too far from now');
  const expected = Buffer.from(sign(secret, id, timestamp, raw));
  const valid = signatures.some((text) => {
    const given = Buffer.from(text);
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  });
  if (!valid) throw new ApiError('UNAUTHENTICATED', 'the webhook\'s signature does not match');
}

module.exports = { receiveGatewayWebhook };
