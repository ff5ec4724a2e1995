'use strict';
// Authorize now, capture later (docs/server.md, "Authorize and capture"). A payment made with
// `capture_method: "manual"` is only authorized (`requires_capture`); it is then captured, in
// whole or in part, or canceled (the authorization voided). Each capture or void is committed
// (a `payment_operations` row, pending, with its idempotency key) before the gateway hears of
// it, and sent again with the same key (a retried request, or the job) until the gateway's
// answer is known: the gateway captures once whatever is lost on the way.
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { ApiError, invalidState, invalidArgument, notFound } = require('../http/errors');
const { enqueueJob } = require('../jobs/queue');
const { readAmount, compareAmounts } = require('./money');
const { captureCharge, voidCharge } = require('./gateway-client');
const { recordPaymentEvent } = require('./orchestration');
const { lockPayment } = require('./refunds');

/// What each operation asks of the gateway, the charge status that says it was done, and how
/// the payment ends.
const OPERATIONS = {
  capture: { send: captureCharge, done: 'succeeded', verb: 'captured' },
  cancel: { send: voidCharge, done: 'canceled', verb: 'canceled' },
};

/// The gateway's error for an authorization that expired before it was captured.
const EXPIRED = 'charge_expired_for_capture';

/// Captures payment `paymentId`: `body.amount` (default: all that was authorized; less
/// releases the rest). Returns the payment's row once the gateway's answer is recorded.
async function capturePayment(services, paymentId, body) {
  return runOperation(services, paymentId, 'capture', (payment) => {
    if (body.amount === undefined) return { amount: payment.amount };
    const amount = readAmount(services.core, payment.currency, body.amount, '/amount');
    if (compareAmounts(amount, payment.amount) > 0) throw invalidArgument(`is more than the ${payment.amount} ${payment.currency} authorized`, '/amount');
    return { amount };
  });
}

/// Cancels payment `paymentId`: the gateway voids its authorization. `body.cancellation_reason`
/// is kept on the payment.
async function cancelPayment(services, paymentId, body) {
  return runOperation(services, paymentId, 'cancel', () => ({ reason: body.cancellation_reason || null }));
}

// Commits the operation (or finds the same one pending: a retry), sends it, and answers the
// payment, a coded refusal, or PAYMENTS_UNAVAILABLE while the gateway's answer is unknown.
async function runOperation(services, paymentId, kind, read) {
  const { db, clock, config } = services;
  const operationId = await db.transaction().execute(async (trx) => {
    const payment = await lockPayment(trx, services.dialect, paymentId);
    if (!payment) throw notFound('payment', paymentId);
    const pending = await trx.selectFrom('payment_operations').selectAll().where('payment_id', '=', paymentId)
      .where('status', '=', 'pending').executeTakeFirst();
    if (!pending) refuseTransition(payment, kind);
    const wanted = read(payment);
    if (pending) {
      if (pending.kind === kind && (kind !== 'capture' || pending.amount === wanted.amount)) return pending.id;
      throw invalidState(`a ${pending.kind}${pending.amount ? ` of ${pending.amount} ${payment.currency}` : ''} of this payment is in progress; retry it, or wait for it`);
    }
    const now = toInstant(clock.now());
    const id = newId('pop');
    await trx.insertInto('payment_operations').values({
      id, payment_id: paymentId, kind, amount: wanted.amount || null, reason: wanted.reason || null, status: 'pending',
      idempotency_key: `rc_${id}`, failure_code: null, created_at: now, updated_at: now,
    }).execute();
    // Should this process die before the answer is recorded, the job sends it again.
    await enqueueJob(trx, {
      type: 'payment_operation.send', payload: { operation_id: id }, id: `job_payment_operation_send_${id}`,
      runAt: addMilliseconds(now, config.payments.recoveryDelayMs),
    }, clock.now());
    return id;
  });
  const operation = await sendOperation(services, operationId);
  if (operation.status === 'pending') {
    throw new ApiError('PAYMENTS_UNAVAILABLE', `the gateway's answer to the ${kind} was lost; it is sent again with the same idempotency key: retry this request or read the payment later`);
  }
  const payment = await db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirstOrThrow();
  if (operation.status === 'failed') {
    if (operation.failure_code === EXPIRED) throw invalidState('the authorization expired before it was captured; the payment is canceled');
    throw invalidState(`the gateway refused the ${kind}: ${operation.failure_code}`);
  }
  return payment;
}

// The payment's state machine: only an authorization waiting for capture is captured or voided.
function refuseTransition(payment, kind) {
  if (payment.status === 'requires_capture') return;
  if (payment.capture_method !== 'manual') {
    throw invalidState(`the payment was made with capture_method automatic (it is ${payment.status}); only a payment made with capture_method manual can be ${OPERATIONS[kind].verb}`);
  }
  if (payment.status === 'succeeded') {
    throw invalidState(kind === 'capture' ? 'the payment was captured already' : 'the payment was captured; refund it instead (POST /v1/payments/:id/refunds)');
  }
  if (payment.status === 'canceled') {
    throw invalidState(`the payment was canceled${payment.cancellation_reason === 'expired' ? ' (its authorization expired)' : ''}; it can no longer be ${OPERATIONS[kind].verb}`);
  }
  throw invalidState(`the payment is ${payment.status}; only a payment that requires capture can be ${OPERATIONS[kind].verb}`);
}

/// Sends pending operation `operationId` to the gateway (again, with the same key) and records
/// a definite answer. Returns the operation's row: still pending while the answer is unknown.
async function sendOperation(services, operationId) {
  const { db, config } = services;
  const operation = await db.selectFrom('payment_operations').selectAll().where('id', '=', operationId).executeTakeFirstOrThrow();
  if (operation.status !== 'pending') return operation;
  const payment = await db.selectFrom('payments').selectAll().where('id', '=', operation.payment_id).executeTakeFirstOrThrow();
  const { send, done } = OPERATIONS[operation.kind];
  const answer = await send(config, {
    gateway: payment.gateway, chargeId: payment.gateway_charge_id, amount: operation.amount, idempotencyKey: operation.idempotency_key,
  });
  let result = null;
  if (answer.outcome === 'response' && answer.status === 200 && answer.body && answer.body.status === done) result = { status: 'succeeded', failure_code: null };
  else if (answer.outcome === 'response' && answer.status >= 400 && answer.status < 500) {
    result = { status: 'failed', failure_code: (answer.body && answer.body.error && String(answer.body.error.code)) || `http_${answer.status}` };
  }
  if (result) await recordOperation(services, operation, result);
  return db.selectFrom('payment_operations').selectAll().where('id', '=', operationId).executeTakeFirstOrThrow();
}

// Records the gateway's answer to `operation` and its effect on the payment, once (a
// compare-and-set on the operation's status), with the payment's event.
async function recordOperation(services, operation, result) {
  const { db, clock } = services;
  await db.transaction().execute(async (trx) => {
    await lockPayment(trx, services.dialect, operation.payment_id);
    const now = toInstant(clock.now());
    const updated = await trx.updateTable('payment_operations').set({ ...result, updated_at: now })
      .where('id', '=', operation.id).where('status', '=', 'pending').executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return;
    if (result.status === 'failed') {
      if (result.failure_code === EXPIRED) await cancelAuthorization(trx, services, operation.payment_id, 'expired');
      return;
    }
    if (operation.kind === 'cancel') {
      await cancelAuthorization(trx, services, operation.payment_id, operation.reason);
      return;
    }
    const changed = await trx.updateTable('payments').set({ status: 'succeeded', amount: operation.amount, updated_at: now })
      .where('id', '=', operation.payment_id).where('status', '=', 'requires_capture').executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 1) await recordPaymentEvent(trx, services, operation.payment_id, 'payment.succeeded');
  });
}

/// In transaction `trx`: payment `paymentId`, if still waiting for capture, is canceled
/// (`reason`: the caller's, or "expired") with payment.canceled.
async function cancelAuthorization(trx, services, paymentId, reason) {
  const changed = await trx.updateTable('payments').set({ status: 'canceled', cancellation_reason: reason, updated_at: toInstant(services.clock.now()) })
    .where('id', '=', paymentId).where('status', '=', 'requires_capture').executeTakeFirst();
  if (Number(changed.numUpdatedRows) === 1) await recordPaymentEvent(trx, services, paymentId, 'payment.canceled');
}

/// Gateway webhook charge.expired, in its transaction: the authorization of the payment that
/// holds charge `chargeId` expired uncaptured; a capture still pending will be refused.
async function recordAuthorizationExpired(trx, services, gateway, chargeId) {
  const payment = await trx.selectFrom('payments').select(['id']).where('gateway', '=', gateway)
    .where('gateway_charge_id', '=', chargeId).executeTakeFirst();
  if (!payment) throw new ApiError('INVALID_STATE', `no payment knows charge ${chargeId} of ${gateway} yet; send the webhook again later`);
  await cancelAuthorization(trx, services, payment.id, 'expired');
}

/// The job behind a capture or void whose answer was lost: sends it again until the gateway answers.
async function resendOperation({ operation_id: operationId }, services) {
  const operation = await sendOperation(services, operationId);
  if (operation.status === 'pending') throw new Error(`payment operation ${operationId}: the gateway did not answer yet`);
  return {};
}

module.exports = { capturePayment, cancelPayment, recordAuthorizationExpired, resendOperation };
