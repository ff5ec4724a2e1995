'use strict';
// Drives a payment through its route (docs/server.md, "Payments"): one attempt at a time,
// each committed with its idempotency key before the gateway hears of it. A hard decline ends
// the payment; an error or a timeout is settled by asking the gateway for the attempt by its
// key; only a confirmed "no charge" moves on to the next gateway. Every change is a
// compare-and-set on the attempt's status, so the request that started the payment and the
// recovery job (after a crash) can both drive it and only one outcome is recorded.
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { runAttempt, noChargeCode } = require('./outcomes');
const { presentPayment } = require('./presenters');
const { settleInvoice } = require('./invoice-payments');
const { mailReceipt } = require('./receipt-mail');

const OPEN_ATTEMPT = ['pending', 'unknown'];
/// An attempt's status for the status of the charge the gateway holds.
const CHARGE_TO_ATTEMPT = { succeeded: 'succeeded', requires_action: 'requires_action', requires_capture: 'authorized', pending: 'submitted' };
/// At most this many gateway rounds in one drive (a route has at most 10 gateways).
const MAX_ROUNDS = 12;

/// Drives payment `paymentId` until it succeeds (or is authorized, captured manually), fails,
/// needs the customer (3-D Secure) or waits on an unknown outcome. `recovering`: the process that sent the last attempt may have
/// died, so ask for it by its key before sending it again. Returns the payment's row.
async function drivePayment(services, paymentId, { recovering = false } = {}) {
  const { db, config } = services;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const payment = await db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirstOrThrow();
    if (payment.status !== 'processing') return payment;
    const attempt = await latestAttempt(db, paymentId);
    if (!OPEN_ATTEMPT.includes(attempt.status)) return payment;
    const method = await db.selectFrom('payment_methods').select(['vault_token', 'verification_id'])
      .where('id', '=', payment.payment_method_id).executeTakeFirstOrThrow();
    const lookupFirst = recovering || attempt.status === 'unknown';
    const result = await runAttempt(config, payment, attempt, method, { lookupFirst });
    await recordResult(services, payment, attempt, result);
    if (result.kind === 'unknown') return db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirstOrThrow();
    recovering = false;
  }
  return db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirstOrThrow();
}

function latestAttempt(executor, paymentId) {
  return executor.selectFrom('payment_attempts').selectAll().where('payment_id', '=', paymentId)
    .orderBy('number', 'desc').limit(1).executeTakeFirstOrThrow();
}

function attemptsOf(executor, paymentId) {
  return executor.selectFrom('payment_attempts').selectAll().where('payment_id', '=', paymentId).orderBy('number').execute();
}

/// Records an attempt's result in one transaction: the attempt (only if still open), the
/// payment, the next attempt after a confirmed "no charge", and the payment's event.
async function recordResult(services, payment, attempt, result) {
  const { db, clock } = services;
  await db.transaction().execute(async (trx) => {
    const now = toInstant(clock.now());
    const attemptChange = {
      charged: { status: result.charge && CHARGE_TO_ATTEMPT[result.charge.status], gateway_charge_id: result.charge && result.charge.id },
      declined: { status: 'declined', gateway_charge_id: result.chargeId, failure_code: result.failureCode, decline_code: result.declineCode },
      no_charge: { status: 'failed', error: result.reason },
      unknown: { status: 'unknown', error: result.reason },
    }[result.kind];
    const updated = await trx.updateTable('payment_attempts').set({ ...attemptChange, updated_at: now })
      .where('id', '=', attempt.id).where('status', 'in', OPEN_ATTEMPT).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1 || result.kind === 'unknown') return;

    let change = null;
    let eventType = null;
    if (result.kind === 'charged' && attemptChange.status === 'succeeded') {
      change = { status: 'succeeded', gateway: attempt.gateway, gateway_charge_id: result.charge.id, next_action: null };
      eventType = 'payment.succeeded';
    } else if (result.kind === 'charged' && attemptChange.status === 'authorized') {
      // Held by the gateway until captured or voided (captures.js).
      change = { status: 'requires_capture', gateway: attempt.gateway, gateway_charge_id: result.charge.id, next_action: null };
      eventType = 'payment.requires_capture';
    } else if (result.kind === 'charged' && attemptChange.status === 'submitted') {
      // A bank debit: it settles (or comes back) days later, by the gateway's webhook.
      change = { status: 'pending', gateway: attempt.gateway, gateway_charge_id: result.charge.id };
    } else if (result.kind === 'charged') {
      const action = result.charge.next_action || {};
      change = { status: 'requires_action', gateway: attempt.gateway, gateway_charge_id: result.charge.id, next_action: JSON.stringify({ type: action.type, url: action.url }) };
      eventType = 'payment.requires_action';
    } else if (result.kind === 'declined') {
      change = { status: 'failed', gateway: attempt.gateway, failure_code: result.failureCode, decline_code: result.declineCode };
      eventType = 'payment.failed';
    } else {
      const route = JSON.parse(payment.route);
      const next = route[attempt.number];
      if (next) {
        await trx.insertInto('payment_attempts').values(newAttempt(payment.id, attempt.number + 1, next, now)).execute();
        return;
      }
      change = { status: 'failed', gateway: attempt.gateway, failure_code: noChargeCode(result.reason), decline_code: null };
      eventType = 'payment.failed';
    }
    await trx.updateTable('payments').set({ ...change, updated_at: now }).where('id', '=', payment.id).execute();
    if (eventType) await recordPaymentEvent(trx, services, payment.id, eventType);
  });
}

/// Records `type` with the payment as it now is (attempts included) in transaction `trx`.
async function recordPaymentEvent(trx, services, paymentId, type) {
  const { clock } = services;
  const row = await trx.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirstOrThrow();
  if (type === 'payment.succeeded') {
    await settleInvoice(trx, services, row);
    await mailReceipt(trx, services, row);
  }
  const object = presentPayment(row, await attemptsOf(trx, paymentId));
  await recordEvent(trx, { type, object, customerId: row.customer_id }, clock.now());
  return object;
}

/// A new attempt row: its idempotency key is derived from the attempt, so every send of this
/// attempt, by any process, is the same request to the gateway.
function newAttempt(paymentId, number, gateway, now) {
  const id = newId('patt');
  return {
    id, payment_id: paymentId, number, gateway, idempotency_key: `rc_${id}`, status: 'pending',
    gateway_charge_id: null, failure_code: null, decline_code: null, error: null, created_at: now, updated_at: now,
  };
}

module.exports = { drivePayment, newAttempt, attemptsOf, latestAttempt, recordPaymentEvent };
