'use strict';
// The review queue: a charge held for review (payment `requires_review`, no gateway asked
// yet) is approved (it goes on through its route as any payment) or rejected (it fails with
// `fraud_rejected`), through the API or, at its deadline, by the rule set's timeout policy.
const { toInstant, addMilliseconds } = require('../time');
const { enqueueJob } = require('../jobs/queue');
const { drivePayment, newAttempt, recordPaymentEvent } = require('../payments/orchestration');
const { findPaymentRow, showPayment } = require('../payments/payments');
const { findDecision, presentDecision, resolveReview } = require('./decisions');

/// Approves (`approve` true) or rejects the review of decision `id`; `resolvedBy` "api" or
/// "timeout". Returns { decision, payment } as the API shows them.
async function decideReview(services, id, approve, resolvedBy = 'api') {
  const { db, clock, config } = services;
  const decision = await db.transaction().execute(async (trx) => {
    const row = await resolveReview(trx, services, id, approve ? 'approved' : 'rejected', resolvedBy);
    const now = toInstant(clock.now());
    const payment = await findPaymentRow(trx, row.payment_id);
    if (approve) {
      await trx.updateTable('payments').set({ status: 'processing', updated_at: now }).where('id', '=', payment.id).where('status', '=', 'requires_review').execute();
      await trx.insertInto('payment_attempts').values(newAttempt(payment.id, 1, JSON.parse(payment.route)[0], now)).execute();
      await enqueueJob(trx, {
        type: 'payment.recover', payload: { payment_id: payment.id }, id: `job_payment_recover_${payment.id}`,
        runAt: addMilliseconds(now, config.payments.recoveryDelayMs),
      }, clock.now());
    } else {
      await trx.updateTable('payments').set({ status: 'failed', failure_code: 'fraud_rejected', updated_at: now })
        .where('id', '=', payment.id).where('status', '=', 'requires_review').execute();
      await recordPaymentEvent(trx, services, payment.id, 'payment.failed');
    }
    return row;
  });
  const payment = approve ? await drivePayment(services, decision.payment_id) : await findPaymentRow(db, decision.payment_id);
  return { decision: presentDecision(decision), payment: await showPayment(db, payment) };
}

/// Job `fraud.review_timeout` { decision_id, action }: a review still pending at its deadline
/// is decided by the rule set's `review_timeout_action`.
async function timeOutReview({ decision_id: id, action }, services) {
  const row = await findDecision(services.db, id);
  if (row.review_status !== 'pending') return {};
  await decideReview(services, id, action === 'approve', 'timeout');
  return {};
}

const FRAUD_HANDLERS = { 'fraud.review_timeout': timeOutReview };

module.exports = { decideReview, FRAUD_HANDLERS };
