'use strict';
// Fraud rules over HTTP (docs/server.md, "Fraud rules"): the rule set and its versions, a
// dry run, the decisions and the review queue.
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam } = require('../http/schemas');
const { ruleSetBodySchema, ruleSetSchema, currentRuleSet, ruleSetVersion, saveRuleSet } = require('./rule-sets');
const { decisionSchema, presentDecision, findDecision } = require('./decisions');
const { decideReview } = require('./reviews');
const { dryRunBodySchema, dryRunSchema, dryRun } = require('./dry-run');
const { paymentSchema } = require('../payments/presenters');

const reviewResultSchema = {
  type: 'object', title: 'FraudReviewResult',
  properties: { decision: decisionSchema, payment: paymentSchema },
};

async function fraudRoutes(app, { services }) {
  const { db } = services;
  const tags = ['Fraud'];

  app.get('/fraud_rules', {
    config: { permission: 'payments:read' },
    schema: { operationId: 'retrieveFraudRules', tags, summary: 'The fraud rule set in force', response: { 200: ruleSetSchema } },
  }, async () => currentRuleSet(db));

  app.put('/fraud_rules', {
    config: { permission: 'payments:write' },
    schema: {
      operationId: 'updateFraudRules', tags, summary: 'Replace the fraud rule set (a new version)',
      body: ruleSetBodySchema, response: { 200: ruleSetSchema },
    },
  }, async (request) => request.transaction((trx) => saveRuleSet(trx, services, request.body)));

  app.get('/fraud_rules/versions/:version', {
    config: { permission: 'payments:read' },
    schema: {
      operationId: 'retrieveFraudRulesVersion', tags, summary: 'One version of the fraud rule set',
      params: { type: 'object', required: ['version'], properties: { version: { type: 'integer', minimum: 1, maximum: 2147483647 } } },
      response: { 200: ruleSetSchema },
    },
  }, async (request) => ruleSetVersion(db, request.params.version));

  app.post('/fraud_rules/dry_run', {
    config: { permission: 'payments:read' },
    schema: {
      operationId: 'dryRunFraudRules', tags, summary: 'What a proposed rule set would have decided for the latest charges (changes nothing)',
      body: dryRunBodySchema(ruleSetBodySchema), response: { 200: dryRunSchema },
    },
  }, async (request) => dryRun(db, services, request.body));

  app.get('/fraud_decisions', {
    config: { permission: 'payments:read' },
    schema: {
      operationId: 'listFraudDecisions', tags, summary: 'Fraud decisions, newest first (review=pending: the review queue)',
      querystring: listQuerySchema({
        outcome: { enum: ['allow', 'review', 'block'] }, review: { enum: ['pending', 'approved', 'rejected'] },
        payment: { type: 'string', maxLength: 100 }, customer: { type: 'string', maxLength: 100 },
      }),
      response: { 200: listResponseSchema(decisionSchema) },
    },
  }, async (request) => {
    const { query } = request;
    let select = db.selectFrom('fraud_decisions').selectAll();
    if (query.outcome) select = select.where('outcome', '=', query.outcome);
    if (query.review) select = select.where('review_status', '=', query.review);
    if (query.payment) select = select.where('payment_id', '=', query.payment);
    if (query.customer) select = select.where('customer_id', '=', query.customer);
    return paginate(select, query, eachRow(presentDecision));
  });

  app.get('/fraud_decisions/:id', {
    config: { permission: 'payments:read' },
    schema: { operationId: 'retrieveFraudDecision', tags, summary: 'One fraud decision', params: idParam(), response: { 200: decisionSchema } },
  }, async (request) => presentDecision(await findDecision(db, request.params.id)));

  for (const [action, approve] of [['approve', true], ['reject', false]]) {
    app.post(`/fraud_decisions/:id/${action}`, {
      config: { permission: 'payments:write' },
      schema: {
        operationId: `${action}FraudReview`, tags,
        summary: approve ? 'Approve a charge held for review: it goes on to the gateway' : 'Reject a charge held for review: it fails with fraud_rejected',
        params: idParam(), response: { 200: reviewResultSchema },
      },
    }, async (request) => decideReview(services, request.params.id, approve));
  }
}

module.exports = fraudRoutes;
