'use strict';
const { paginate, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, metadata, currency, money, code } = require('../http/schemas');
const { ApiError } = require('../http/errors');
const { inTransaction } = require('../db/rows');
const { recordEvent } = require('../outbox/outbox');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { findProduct } = require('./products');
const { INTERVALS, findPrice } = require('./prices');
const { planSchema, featureSchema, presentPlan, findPlan } = require('./plans');
const { validateMoney } = require('./price-validation');

const features = { type: 'array', items: featureSchema, maxItems: 100 };
const trialDays = { type: 'integer', minimum: 0, maximum: 730 };

/// Plans: what a subscription subscribes to. Its prices (a base fee, seats, usage, setup fees)
/// share its currency and billing interval; features drive entitlements; an optional minimum
/// amount per period is trued up on the invoice.
async function planRoutes(app, { services }) {
  const { db, clock, core } = services;
  const tags = ['Catalog'];

  app.post('/plans', {
    config: { permission: 'catalog:write' },
    schema: {
      tags, summary: 'Create a plan',
      body: {
        type: 'object', additionalProperties: false,
        required: ['code', 'name', 'product', 'currency', 'interval', 'prices'],
        properties: {
          code, name: { type: 'string', minLength: 1, maxLength: 200 }, product: { type: 'string', maxLength: 100 },
          currency, interval: { enum: INTERVALS }, interval_count: { type: 'integer', minimum: 1, maximum: 120, default: 1 },
          prices: { type: 'array', minItems: 1, maxItems: 50, uniqueItems: true, items: { type: 'string', maxLength: 100 } },
          trial_days: { ...trialDays, default: 0 }, minimum_amount: money, features: { ...features, default: [] }, metadata,
        },
      },
      response: { 201: planSchema },
    },
  }, async (request, reply) => {
    const { body } = request;
    if (body.minimum_amount !== undefined) validateMoney(core, { currency: body.currency, amount: body.minimum_amount }, '/minimum_amount');
    const now = clock.now();
    const plan = await inTransaction(db, async (trx) => {
      await findProduct(trx, body.product, '/product');
      await assertCodeFree(trx, body.code);
      for (const [index, priceId] of body.prices.entries()) {
        checkPlanPrice(body, await findPrice(trx, priceId, `/prices/${index}`), index);
      }
      const row = {
        id: newId('plan'), code: body.code, name: body.name, product_id: body.product, currency: body.currency,
        interval: body.interval, interval_count: body.interval_count, trial_days: body.trial_days,
        minimum_amount: body.minimum_amount ?? null, features: JSON.stringify(body.features), active: 1,
        metadata: JSON.stringify(body.metadata || {}), created_at: toInstant(now), updated_at: toInstant(now),
      };
      await trx.insertInto('plans').values(row).execute();
      await trx.insertInto('plan_prices')
        .values(body.prices.map((priceId, position) => ({ plan_id: row.id, price_id: priceId, position }))).execute();
      const presented = await presentPlan(trx, row);
      await recordEvent(trx, { type: 'plan.created', object: presented }, now);
      return presented;
    });
    reply.code(201);
    return plan;
  });

  app.get('/plans', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: {
      tags, summary: 'List plans',
      querystring: listQuerySchema({ active: { type: 'boolean' }, product: { type: 'string' }, code: { type: 'string' } }),
      response: { 200: listResponseSchema(planSchema) },
    },
  }, async (request) => {
    const { query } = request;
    let select = db.selectFrom('plans').selectAll();
    if (query.active !== undefined) select = select.where('active', '=', query.active ? 1 : 0);
    if (query.product) select = select.where('product_id', '=', query.product);
    if (query.code) select = select.where('code', '=', query.code);
    return paginate(select, query, (row) => presentPlan(db, row));
  });

  app.get('/plans/:id', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: { tags, summary: 'Retrieve a plan', params: idParam(), response: { 200: planSchema } },
  }, async (request) => presentPlan(db, await findPlan(db, request.params.id)));

  app.patch('/plans/:id', {
    config: { permission: 'catalog:write' },
    schema: {
      tags, summary: 'Update a plan (its prices never change: create a new plan and move subscriptions)',
      params: idParam(),
      body: {
        type: 'object', additionalProperties: false,
        properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, active: { type: 'boolean' }, trial_days: trialDays, features, metadata },
      },
      response: { 200: planSchema },
    },
  }, async (request) => {
    const now = clock.now();
    return inTransaction(db, async (trx) => {
      const row = await findPlan(trx, request.params.id);
      const { body } = request;
      const changes = { updated_at: toInstant(now) };
      if (body.name !== undefined) changes.name = body.name;
      if (body.active !== undefined) changes.active = body.active ? 1 : 0;
      if (body.trial_days !== undefined) changes.trial_days = body.trial_days;
      if (body.features !== undefined) changes.features = JSON.stringify(body.features);
      if (body.metadata !== undefined) changes.metadata = JSON.stringify(body.metadata);
      await trx.updateTable('plans').set(changes).where('id', '=', row.id).execute();
      const presented = await presentPlan(trx, { ...row, ...changes });
      await recordEvent(trx, { type: 'plan.updated', object: presented }, now);
      return presented;
    });
  });
}

async function assertCodeFree(trx, planCode) {
  const taken = await trx.selectFrom('plans').select('id').where('code', '=', planCode).executeTakeFirst();
  if (taken) throw new ApiError('CONFLICT', `plan code "${planCode}" is taken by ${taken.id}`, '/code');
}

function checkPlanPrice(plan, price, index) {
  const path = `/prices/${index}`;
  if (price.currency !== plan.currency) {
    throw new ApiError('INVALID_ARGUMENT', `price ${price.id} is in ${price.currency}, the plan in ${plan.currency}`, path);
  }
  if (price.type !== 'one_time' && (price.interval !== plan.interval || price.interval_count !== plan.interval_count)) {
    throw new ApiError('INVALID_ARGUMENT',
      `price ${price.id} bills every ${price.interval_count} ${price.interval}, the plan every ${plan.interval_count} ${plan.interval}`, path);
  }
  if (!Number(price.active)) throw new ApiError('INVALID_ARGUMENT', `price ${price.id} is archived`, path);
}

module.exports = planRoutes;
