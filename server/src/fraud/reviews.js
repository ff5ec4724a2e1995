'use strict';
// The review queue: a charge held for review (payment `requires_review`, no gateway asked
// yet) is approved (it goes on through its route as any payment) or rejected (it fails with
// `fraud_rejected`), through the API or, at its deadline, by the rule set's timeout policy
// (the deadline by the customer's clock: for a test clock's customers, reached by advancing it).
const { toInstant, addMilliseconds } = require('../time');
const { enqueueJob } = require('../jobs/queue');
const { drivePayment, newAttempt, recordPaymentEvent } = require('../payments/orchestration');
const { findPaymentRow, showPayment } = require('../payments/payments');
const { findDecision, presentDecision, resolveReview } = require('./decisions');
const { ruleSetVersion } = require('./rule-sets');

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

/// Job `fraud.review_timeouts_for_clock` { test_clock_id } (queued when the clock advances,
/// consumers.js): each review of the clock's customers still pending at the clock's new time
/// past its deadline is decided by the timeout action of the rule set that held it.
async function timeOutReviewsOfClock({ test_clock_id: testClockId }, services) {
  const { db } = services;
  const { frozen_time: frozenTime } = await db.selectFrom('test_clocks').select('frozen_time')
    .where('id', '=', testClockId).executeTakeFirstOrThrow();
  const due = await db.selectFrom('fraud_decisions').select(['id', 'rule_set_version']).where('test_clock_id', '=', testClockId)
    .where('review_status', '=', 'pending').where('review_deadline', '<=', frozenTime).orderBy('id').execute();
  for (const { id, rule_set_version: version } of due) {
    const { review_timeout_action: action } = await ruleSetVersion(db, version);
    await decideReview(services, id, action === 'approve', 'timeout');
  }
  return {};
}

const FRAUD_HANDLERS = { 'fraud.review_timeout': timeOutReview, 'fraud.review_timeouts_for_clock': timeOutReviewsOfClock };

module.exports = { decideReview, FRAUD_HANDLERS };
