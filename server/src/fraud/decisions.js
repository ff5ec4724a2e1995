'use strict';
// Fraud decisions (docs/server.md, "Fraud rules"): every charge and tokenization is evaluated
// against the rule set in force and its decision recorded, whatever the outcome (velocity
// rules count them). A charge held for review waits in the review queue until approved,
// rejected, or decided by the rule set's timeout policy. Times are the customer's clock's (a
// test clock's frozen time for its customers).
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { ApiError, notFound, invalidState } = require('../http/errors');
const { enqueueJob } = require('../jobs/queue');
const { findCustomer, customerNow } = require('../customers/customers');
const { currentRuleSet } = require('./rule-sets');
const { evaluate } = require('./evaluate');

const HOUR_MS = 60 * 60 * 1000;

const decisionSchema = {
  type: 'object', title: 'FraudDecision',
  properties: {
    id: { type: 'string' }, object: { const: 'fraud_decision' }, kind: { enum: ['charge', 'tokenization'] },
    customer: { type: 'string' }, payment: { type: ['string', 'null'] },
    amount: { type: ['string', 'null'] }, currency: { type: ['string', 'null'] },
    card_country: { type: ['string', 'null'], description: 'The card\'s issuing country, as the vault derived it (null: unknown)' },
    rule_set_version: { type: ['integer', 'null'] }, score: { type: 'integer' }, outcome: { enum: ['allow', 'review', 'block'] },
    rules: {
      type: 'array', description: 'The rules that fired',
      items: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' }, score: { type: 'integer' }, reason: { type: 'string' } } },
    },
    review: {
      type: ['object', 'null'],
      properties: {
        status: { enum: ['pending', 'approved', 'rejected'] }, deadline: { type: 'string' },
        resolved_by: { type: ['string', 'null'], enum: ['api', 'timeout', null] }, resolved_at: { type: ['string', 'null'] },
      },
    },
    created_at: { type: 'string' },
  },
};

function presentDecision(row) {
  return {
    id: row.id, object: 'fraud_decision', kind: row.kind, customer: row.customer_id, payment: row.payment_id,
    amount: row.amount, currency: row.currency, card_country: row.card_country, rule_set_version: row.rule_set_version, score: Number(row.score),
    outcome: row.outcome, rules: JSON.parse(row.fired),
    review: row.review_status ? { status: row.review_status, deadline: row.review_deadline, resolved_by: row.resolved_by, resolved_at: row.resolved_at } : null,
    created_at: row.created_at,
  };
}

async function findDecision(executor, id) {
  const row = await executor.selectFrom('fraud_decisions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('fraud decision', id);
  return row;
}

/// Evaluates a charge or a tokenization now (by the customer's clock) under the rule set in
/// force: { ruleSet, subject, now, result: { score, outcome, fired } }. `customer` is a row;
/// `fingerprint` and `cardCountry` are the card's (from the vault).
async function assess(executor, { clock }, { customer, fingerprint, cardCountry = null, amount = null, currency = null, ip = null }) {
  const ruleSet = await currentRuleSet(executor);
  const address = customer.address ? JSON.parse(customer.address) : null;
  const subject = {
    customerId: customer.id, testClockId: customer.test_clock_id || null, fingerprint: fingerprint || null, email: customer.email || null,
    ip: ip || null, billingCountry: (address && address.country) || null, cardCountry: cardCountry || null, amount, currency,
  };
  const now = toInstant(await customerNow(executor, customer, clock));
  const result = await evaluate(executor, ruleSet, subject, { asOf: now });
  return { ruleSet, subject, now, result };
}

/// Records `assessment`'s decision about `kind` ("charge" with its `paymentId`, or
/// "tokenization") in `trx`, timed as assessed. A charge held for review gets its timeout job
/// at its deadline; on a test clock, the deadline is reached by advancing the clock instead
/// (timeOutReviewsOfClock in reviews.js). Returns the row.
async function recordDecision(trx, { clock }, assessment, { kind, paymentId = null }) {
  const { ruleSet, subject, now, result } = assessment;
  const review = kind === 'charge' && result.outcome === 'review';
  const row = {
    id: newId('frd'), kind, customer_id: subject.customerId, test_clock_id: subject.testClockId, payment_id: paymentId,
    amount: subject.amount, currency: subject.currency, fingerprint: subject.fingerprint, email: subject.email, ip_address: subject.ip,
    billing_country: subject.billingCountry, card_country: subject.cardCountry, rule_set_version: ruleSet.version,
    score: result.score, outcome: result.outcome, fired: JSON.stringify(result.fired),
    review_status: review ? 'pending' : null, review_deadline: review ? addMilliseconds(now, ruleSet.review_timeout_hours * HOUR_MS) : null,
    resolved_by: null, resolved_at: null, created_at: now,
  };
  await trx.insertInto('fraud_decisions').values(row).execute();
  if (review && !subject.testClockId) {
    await enqueueJob(trx, {
      type: 'fraud.review_timeout', payload: { decision_id: row.id, action: ruleSet.review_timeout_action },
      id: `job_fraud_review_timeout_${row.id}`, runAt: row.review_deadline,
    }, clock.now());
  }
  return row;
}

/// Refuses a tokenization the rule set blocks (402 FRAUD_BLOCKED, the decision recorded and
/// committed); records the decision of any other.
async function checkTokenization(db, services, { customer, fingerprint, cardCountry, ip }) {
  const assessment = await assess(db, services, { customer, fingerprint, cardCountry, ip });
  const row = await db.transaction().execute((trx) => recordDecision(trx, services, assessment, { kind: 'tokenization' }));
  if (assessment.result.outcome === 'block') {
    throw new ApiError('FRAUD_BLOCKED', `the fraud rules block this payment method (decision ${row.id}: ${assessment.result.fired.map((rule) => rule.name).join(', ')})`);
  }
}

/// Marks the pending review of decision `id` approved or rejected (by "api" or "timeout") in
/// `trx`; INVALID_STATE when it is not pending. Returns the updated row.
async function resolveReview(trx, { clock }, id, status, resolvedBy) {
  const row = await findDecision(trx, id);
  if (row.review_status !== 'pending') throw invalidState(row.review_status ? `the review is already ${row.review_status}` : 'the decision is not held for review');
  const now = await customerNow(trx, await findCustomer(trx, row.customer_id), clock);
  const changes = { review_status: status, resolved_by: resolvedBy, resolved_at: toInstant(now) };
  const updated = await trx.updateTable('fraud_decisions').set(changes).where('id', '=', id).where('review_status', '=', 'pending').executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw invalidState('the review was decided meanwhile');
  return { ...row, ...changes };
}

module.exports = { decisionSchema, presentDecision, findDecision, assess, recordDecision, checkTokenization, resolveReview };
