'use strict';
const { paginate, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, metadata, currency, money, code, name } = require('../http/schemas');
const { INTERVALS } = require('./prices');
const { planSchema, featureSchema, DOWNGRADE_TIMINGS, presentPlan, presentPlans, findPlan, createPlan, updatePlan } = require('./plans');
const { portalPolicySchema } = require('./portal-policy');

const features = { type: 'array', items: featureSchema, maxItems: 100 };
const trialDays = { type: 'integer', minimum: 0, maximum: 730 };

/// Plans: what a subscription subscribes to. Its prices (a base fee, seats, usage, setup fees)
/// share its currency and billing interval; features drive entitlements; an optional minimum
/// amount per period is trued up on the invoice.
async function planRoutes(app, { services }) {
  const { db } = services;
  const tags = ['Catalog'];

  app.post('/plans', {
    config: { permission: 'catalog:write' },
    schema: {
      operationId: 'createPlan', tags, summary: 'Create a plan',
      body: {
        type: 'object', additionalProperties: false,
        required: ['code', 'name', 'product', 'currency', 'interval', 'prices'],
        properties: {
          code, name, product: { type: 'string', maxLength: 100 },
          currency, interval: { enum: INTERVALS }, interval_count: { type: 'integer', minimum: 1, maximum: 120, default: 1 },
          prices: { type: 'array', minItems: 1, maxItems: 50, uniqueItems: true, items: { type: 'string', maxLength: 100 } },
          trial_days: { ...trialDays, default: 0 }, minimum_amount: money, features: { ...features, default: [] },
          portal: portalPolicySchema, downgrade_timing: { enum: DOWNGRADE_TIMINGS }, pay_later: { type: 'boolean' }, metadata,
        },
      },
      response: { 201: planSchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return request.transaction((trx) => createPlan(trx, services, request.body));
  });

  app.get('/plans', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: {
      operationId: 'listPlans', tags, summary: 'List plans',
      querystring: listQuerySchema({ active: { type: 'boolean' }, product: { type: 'string' }, code: { type: 'string' } }),
      response: { 200: listResponseSchema(planSchema) },
    },
  }, async (request) => {
    const { query } = request;
    let select = db.selectFrom('plans').selectAll();
    if (query.active !== undefined) select = select.where('active', '=', query.active ? 1 : 0);
    if (query.product) select = select.where('product_id', '=', query.product);
    if (query.code) select = select.where('code', '=', query.code);
    return paginate(select, query, (rows) => presentPlans(db, rows));
  });

  app.get('/plans/:id', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: { operationId: 'retrievePlan', tags, summary: 'Retrieve a plan', params: idParam(), response: { 200: planSchema } },
  }, async (request) => presentPlan(db, await findPlan(db, request.params.id)));

  app.patch('/plans/:id', {
    config: { permission: 'catalog:write' },
    schema: {
      operationId: 'updatePlan', tags, summary: 'Update a plan; new prices make a new version (subscriptions stay on theirs until migrated)',
      params: idParam(),
      body: {
        type: 'object', additionalProperties: false,
        properties: {
          name, active: { type: 'boolean' }, trial_days: trialDays, features, portal: portalPolicySchema,
          downgrade_timing: { enum: DOWNGRADE_TIMINGS }, pay_later: { type: 'boolean' }, metadata,
          prices: {
            type: 'array', minItems: 1, maxItems: 50, uniqueItems: true, items: { type: 'string', maxLength: 100 },
            description: 'New prices make a new version of the plan; existing subscriptions keep theirs until migrated (POST /v1/plan_migrations)',
          },
        },
      },
      response: { 200: planSchema },
    },
  }, async (request) => request.transaction((trx) => updatePlan(trx, services, request.params.id, request.body)));
}

module.exports = planRoutes;
