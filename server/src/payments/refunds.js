'use strict';
// Refunds, full or partial, of a succeeded payment. Each refund is committed (pending, with
// its idempotency key) before the gateway hears of it; a refund whose answer was lost is sent
// again by a job with the same key, so the gateway refunds it once. A refund of an invoice's
// payment is made against a credit note of that invoice (refund-credit-notes.js). A payment
// with a dispute open or lost is not refunded (the gateway holds or took back the money).
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { ApiError, invalidState, invalidArgument, notFound } = require('../http/errors');
const { enqueueJob } = require('../jobs/queue');
const { readAmount, sumAmounts, compareAmounts } = require('./money');
const { isZeroAmount } = require('../invoicing/core-invoice');
const { refundCharge } = require('./gateway-client');
const { refundCreditNote } = require('./refund-credit-notes');
const { recordPaymentEvent } = require('./orchestration');
const { presentRefund } = require('./presenters');

/// The payment row, locked while its refunds are counted (PostgreSQL; SQLite writes one
/// transaction at a time already): two refunds at once cannot both fit in what is left, and two
/// completing at once both count in `amount_refunded`. Null when there is none.
async function lockPayment(trx, dialect, paymentId) {
  let query = trx.selectFrom('payments').selectAll().where('id', '=', paymentId);
  if (dialect === 'postgres') query = query.forUpdate();
  return (await query.executeTakeFirst()) || null;
}

/// Refunds `body.amount` of payment `paymentId`. A payment of an invoice is refunded against
/// `body.credit_note`, a credit note of that invoice, at most what is left of its refund_amount
/// (the default amount); any other payment by default in whole, when nothing was refunded yet.
async function createRefund(services, paymentId, body) {
  const { db, core, clock, config } = services;
  const refund = await db.transaction().execute(async (trx) => {
    const payment = await lockPayment(trx, services.dialect, paymentId);
    if (!payment) throw notFound('payment', paymentId);
    if (payment.status !== 'succeeded') throw invalidState(`the payment is ${payment.status}; only a succeeded payment can be refunded`);
    const contested = await trx.selectFrom('disputes').select('status').where('payment_id', '=', paymentId).where('status', '!=', 'won').executeTakeFirst();
    if (contested) throw invalidState(`the payment has a dispute that is ${contested.status}; the gateway holds (or took back) its money, so it cannot be refunded`);
    const earlier = await trx.selectFrom('refunds').select('amount').where('payment_id', '=', paymentId)
      .where('status', 'in', ['pending', 'succeeded']).execute();
    const note = await refundCreditNote(trx, services, payment, body.credit_note);
    if (body.amount === undefined && earlier.length && !note) throw new ApiError('MISSING_FIELD', 'is required once part of the payment was refunded', '/amount');
    const amount = body.amount === undefined ? (note ? note.left : payment.amount) : readAmount(core, payment.currency, body.amount, '/amount');
    if (note && (isZeroAmount(note.left) || compareAmounts(amount, note.left) > 0)) {
      throw invalidArgument(`would refund ${amount} against credit note ${note.number}, which has ${note.left} ${payment.currency} of its refund_amount ${note.refundAmount} left to refund`,
        body.amount === undefined ? '/credit_note' : '/amount');
    }
    const total = sumAmounts(core, payment.currency, [...earlier.map((row) => row.amount), amount]);
    if (compareAmounts(total, payment.amount) > 0) {
      throw invalidArgument(`would refund ${total} of a ${payment.amount} ${payment.currency} payment`, '/amount');
    }
    const now = toInstant(clock.now());
    const id = newId('re');
    const row = {
      id, payment_id: paymentId, amount, status: 'pending', reason: body.reason || null, credit_note_id: note ? note.id : null,
      gateway_refund_id: null, idempotency_key: `rc_${id}`, failure_code: null, created_at: now, updated_at: now,
    };
    await trx.insertInto('refunds').values(row).execute();
    await enqueueJob(trx, {
      type: 'refund.send', payload: { refund_id: id }, id: `job_refund_send_${id}`,
      runAt: addMilliseconds(now, config.payments.recoveryDelayMs),
    }, clock.now());
    return row;
  });
  return sendRefund(services, refund.id);
}

/// Sends a pending refund to the gateway (again, with the same key) and records the answer.
/// Returns the refund as the API shows it.
async function sendRefund(services, refundId) {
  const { db, core, clock, config } = services;
  const refund = await db.selectFrom('refunds').selectAll().where('id', '=', refundId).executeTakeFirstOrThrow();
  const payment = await db.selectFrom('payments').selectAll().where('id', '=', refund.payment_id).executeTakeFirstOrThrow();
  if (refund.status !== 'pending') return presentRefund(refund, payment);
  const answer = await refundCharge(config, {
    gateway: payment.gateway, chargeId: payment.gateway_charge_id, amount: refund.amount, idempotencyKey: refund.idempotency_key,
  });
  let change = null;
  if (answer.outcome === 'response' && answer.status === 201) change = { status: 'succeeded', gateway_refund_id: answer.body.id };
  else if (answer.outcome === 'response' && answer.status >= 400 && answer.status < 500) {
    change = { status: 'failed', failure_code: (answer.body.error && answer.body.error.code) || `http_${answer.status}` };
  }
  if (!change) return presentRefund(refund, payment); // unknown: the job sends it again
  await db.transaction().execute(async (trx) => {
    await lockPayment(trx, services.dialect, payment.id);
    const now = toInstant(clock.now());
    const updated = await trx.updateTable('refunds').set({ ...change, updated_at: now })
      .where('id', '=', refundId).where('status', '=', 'pending').executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1 || change.status !== 'succeeded') return;
    const done = await trx.selectFrom('refunds').select('amount').where('payment_id', '=', payment.id).where('status', '=', 'succeeded').execute();
    await trx.updateTable('payments').set({ amount_refunded: sumAmounts(core, payment.currency, done.map((row) => row.amount)), updated_at: now })
      .where('id', '=', payment.id).execute();
    await recordPaymentEvent(trx, services, payment.id, 'payment.refunded');
  });
  const row = await db.selectFrom('refunds').selectAll().where('id', '=', refundId).executeTakeFirstOrThrow();
  return presentRefund(row, payment);
}

/// The job behind a refund whose answer was lost: sends it again until the gateway answers.
async function resendRefund({ refund_id: refundId }, services) {
  const refund = await sendRefund(services, refundId);
  if (refund.status === 'pending') throw new Error(`refund ${refundId}: the gateway did not answer yet`);
  return {};
}

async function listRefunds(db, paymentId) {
  const payment = await db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirst();
  if (!payment) throw notFound('payment', paymentId);
  const rows = await db.selectFrom('refunds').selectAll().where('payment_id', '=', paymentId).orderBy('id').execute();
  return rows.map((row) => presentRefund(row, payment));
}

module.exports = { createRefund, resendRefund, listRefunds, lockPayment };
