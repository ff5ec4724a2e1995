'use strict';
// Disputes (docs/server.md, "Disputes"): opened and closed by the gateways' signed webhooks,
// answered with evidence forwarded to the gateway. A dispute is `needs_response`, then
// `under_review` once evidence is submitted, and ends `won` or `lost`. A lost dispute's amount
// is what the gateway took back: it adds up in the payment's `amount_withdrawn`; the invoice
// the payment paid stays paid (as with Stripe: the loss is the merchant's, not the customer's
// debt again).
const { ApiError, invalidState, notFound } = require('../http/errors');
const { paginate } = require('../http/pagination');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { sumAmounts, readAmount } = require('./money');
const { submitDisputeEvidence } = require('./gateway-client');
const { presentDispute } = require('./presenters');

const CLOSED = ['won', 'lost'];

/// Webhook charge.dispute.created, in its transaction: a dispute on the payment that holds the
/// charge (`disputed`), with event charge.disputed.
async function openDispute(trx, { clock, core }, gateway, dispute) {
  const payment = await paymentOfCharge(trx, gateway, dispute.charge);
  // The gateway's amount (what it captured: the webhook may overtake a capture's answer).
  const amount = typeof dispute.amount === 'string' ? readAmount(core, payment.currency, dispute.amount, '/data/dispute/amount') : payment.amount;
  const row = {
    id: newId('dp'), payment_id: payment.id, gateway_dispute_id: `${gateway}:${dispute.id}`, amount,
    reason: String(dispute.reason || 'general'), status: 'needs_response', created_at: toInstant(clock.now()),
  };
  await trx.insertInto('disputes').values(row).execute();
  await trx.updateTable('payments').set({ disputed: 1, updated_at: row.created_at }).where('id', '=', payment.id).execute();
  await recordEvent(trx, { type: 'charge.disputed', object: presentDispute(row, payment), customerId: payment.customer_id }, clock.now());
}

/// Webhook charge.dispute.closed, in its transaction: the dispute is won or lost (once); a lost
/// one's amount is added to the payment's `amount_withdrawn`. Event charge.dispute.closed.
async function closeDispute(trx, { clock, core }, gateway, dispute) {
  const row = await trx.selectFrom('disputes').selectAll().where('gateway_dispute_id', '=', `${gateway}:${dispute.id}`).executeTakeFirst();
  // The closing may overtake the opening: refused, the gateway sends it again later.
  if (!row) throw new ApiError('INVALID_STATE', `no dispute ${dispute.id} of ${gateway} yet; send the webhook again later`);
  if (CLOSED.includes(row.status) || !CLOSED.includes(dispute.status)) return;
  const now = toInstant(clock.now());
  await trx.updateTable('disputes').set({ status: dispute.status, closed_at: now }).where('id', '=', row.id).execute();
  let payment = await trx.selectFrom('payments').selectAll().where('id', '=', row.payment_id).executeTakeFirstOrThrow();
  if (dispute.status === 'lost') {
    const lost = await trx.selectFrom('disputes').select('amount').where('payment_id', '=', payment.id).where('status', '=', 'lost').execute();
    await trx.updateTable('payments').set({ amount_withdrawn: sumAmounts(core, payment.currency, lost.map((one) => one.amount)), updated_at: now })
      .where('id', '=', payment.id).execute();
    payment = await trx.selectFrom('payments').selectAll().where('id', '=', payment.id).executeTakeFirstOrThrow();
  }
  const closed = await trx.selectFrom('disputes').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
  await recordEvent(trx, { type: 'charge.dispute.closed', object: presentDispute(closed, payment), customerId: payment.customer_id }, clock.now());
}

/// Forwards `evidence` for dispute `disputeId` to its gateway, once (the key is the dispute's:
/// a retry after a lost answer is the same request). The dispute is then `under_review`
/// (unless the gateway closed it meanwhile). Refused (409) once evidence was submitted or the
/// dispute is closed.
async function submitEvidence(services, disputeId, evidence) {
  const { db, clock, config } = services;
  const dispute = await findDisputeRow(db, disputeId);
  if (dispute.status !== 'needs_response') {
    throw invalidState(dispute.evidence_submitted_at ? 'evidence was submitted already' : `the dispute is ${dispute.status}; only an open dispute takes evidence`);
  }
  const payment = await db.selectFrom('payments').selectAll().where('id', '=', dispute.payment_id).executeTakeFirstOrThrow();
  const answer = await submitDisputeEvidence(config, {
    gateway: payment.gateway, disputeId: dispute.gateway_dispute_id.slice(payment.gateway.length + 1), evidence,
    idempotencyKey: `rc_evidence_${dispute.id}`,
  });
  if (answer.outcome !== 'response' || answer.status >= 500) {
    throw new ApiError('PAYMENTS_UNAVAILABLE', 'the gateway did not take the evidence yet; retry (the same evidence is sent with the same key)');
  }
  if (answer.status !== 200) throw invalidState(`the gateway refused the evidence: ${(answer.body && answer.body.error && answer.body.error.code) || answer.status}`);
  await db.transaction().execute(async (trx) => {
    const now = toInstant(clock.now());
    await trx.updateTable('disputes').set({ evidence: JSON.stringify(evidence), evidence_submitted_at: now })
      .where('id', '=', disputeId).where('evidence_submitted_at', 'is', null).execute();
    await trx.updateTable('disputes').set({ status: 'under_review' }).where('id', '=', disputeId).where('status', '=', 'needs_response').execute();
  });
  return showDispute(db, await findDisputeRow(db, disputeId));
}

async function paymentOfCharge(trx, gateway, chargeId) {
  const payment = await trx.selectFrom('payments').selectAll().where('gateway', '=', gateway)
    .where('gateway_charge_id', '=', String(chargeId)).executeTakeFirst();
  // The webhook may overtake the charge's own answer: refused for now, the gateway sends it
  // again later (by then the payment knows its charge).
  if (!payment) throw new ApiError('INVALID_STATE', `no payment knows charge ${chargeId} of ${gateway} yet; send the webhook again later`);
  return payment;
}

async function findDisputeRow(executor, id) {
  const row = await executor.selectFrom('disputes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('dispute', id);
  return row;
}

/// The dispute as the API shows it (with its payment's invoice, customer and currency).
async function showDispute(executor, row) {
  const payment = await executor.selectFrom('payments').selectAll().where('id', '=', row.payment_id).executeTakeFirstOrThrow();
  return presentDispute(row, payment);
}

/// A page of disputes, newest first (`query`: limit, cursor, payment?, status?).
function listDisputes(db, query) {
  let select = db.selectFrom('disputes').selectAll();
  if (query.payment) select = select.where('payment_id', '=', query.payment);
  if (query.status) select = select.where('status', '=', query.status);
  return paginate(select, query, (rows) => Promise.all(rows.map((row) => showDispute(db, row))));
}

module.exports = { openDispute, closeDispute, submitEvidence, findDisputeRow, showDispute, listDisputes };
