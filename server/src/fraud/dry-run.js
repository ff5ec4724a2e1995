'use strict';
// A rule set's dry run: the last N charges re-decided by a proposed rule set, each as of its
// own time (the decisions and payments before it), beside what was decided then. Writes
// nothing.
const { checkRuleSet } = require('./rule-sets');
const { evaluate } = require('./evaluate');

const dryRunBodySchema = (ruleSetBodySchema) => ({
  ...ruleSetBodySchema,
  properties: {
    ...ruleSetBodySchema.properties,
    last: { type: 'integer', minimum: 1, maximum: 1000, description: 'How many of the latest charges to re-decide (default 100)' },
  },
});

const dryRunSchema = {
  type: 'object', title: 'FraudDryRun',
  properties: {
    object: { const: 'fraud_dry_run' }, evaluated: { type: 'integer' }, changed: { type: 'integer' },
    outcomes: { type: 'object', properties: { allow: { type: 'integer' }, review: { type: 'integer' }, block: { type: 'integer' } } },
    results: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          decision: { type: 'string' }, payment: { type: ['string', 'null'] }, customer: { type: 'string' }, created_at: { type: 'string' },
          outcome_then: { type: 'string' }, outcome: { type: 'string' }, score: { type: 'integer' },
          rules: { type: 'array', items: { type: 'object', additionalProperties: true } },
        },
      },
    },
  },
};

/// Re-decides the last `last` charges (newest first) under the proposed rule set `body`.
async function dryRun(db, { core }, body) {
  const { last = 100, ...proposed } = body;
  const ruleSet = checkRuleSet(core, proposed);
  const decisions = await db.selectFrom('fraud_decisions').innerJoin('payments', 'payments.id', 'fraud_decisions.payment_id')
    .selectAll('fraud_decisions').select('payments.created_at as payment_created_at').where('fraud_decisions.kind', '=', 'charge')
    .orderBy('fraud_decisions.created_at', 'desc').orderBy('fraud_decisions.id', 'desc').limit(last).execute();
  const outcomes = { allow: 0, review: 0, block: 0 };
  const results = [];
  for (const row of decisions) {
    const subject = {
      customerId: row.customer_id, testClockId: row.test_clock_id, fingerprint: row.fingerprint, email: row.email, ip: row.ip_address,
      billingCountry: row.billing_country, cardCountry: row.card_country, amount: row.amount, currency: row.currency,
    };
    const result = await evaluate(db, ruleSet, subject, { asOf: row.created_at, excludeId: row.id, paymentsBefore: row.payment_created_at });
    outcomes[result.outcome] += 1;
    results.push({
      decision: row.id, payment: row.payment_id, customer: row.customer_id, created_at: row.created_at,
      outcome_then: row.outcome, outcome: result.outcome, score: result.score, rules: result.fired,
    });
  }
  return {
    object: 'fraud_dry_run', evaluated: results.length, changed: results.filter((result) => result.outcome !== result.outcome_then).length,
    outcomes, results,
  };
}

module.exports = { dryRunBodySchema, dryRunSchema, dryRun };
