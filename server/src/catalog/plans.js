'use strict';
const { notFound } = require('../http/errors');
const { parseJson, bool } = require('../db/rows');
const { priceSchema, presentPrice } = require('./prices');

const featureSchema = {
  type: 'object', additionalProperties: false, required: ['code', 'value'],
  properties: {
    code: { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]{0,63}$' },
    name: { type: 'string', maxLength: 200 },
    value: { type: ['boolean', 'integer', 'string', 'null'], maxLength: 200, description: 'true/false for access, an integer limit, a text value, or null for unlimited' },
  },
};

const planSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'plan' }, code: { type: 'string' }, name: { type: 'string' },
    product: { type: 'string' }, currency: { type: 'string' }, interval: { type: 'string' },
    interval_count: { type: 'integer' }, trial_days: { type: 'integer' },
    minimum_amount: { type: ['string', 'null'] }, features: { type: 'array', items: featureSchema },
    prices: { type: 'array', items: priceSchema }, active: { type: 'boolean' },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

async function planPrices(executor, planId) {
  const rows = await executor.selectFrom('plan_prices').innerJoin('prices', 'prices.id', 'plan_prices.price_id')
    .selectAll('prices').where('plan_prices.plan_id', '=', planId).orderBy('plan_prices.position').execute();
  return rows.map(presentPrice);
}

/// The plan's API object, with its prices expanded.
async function presentPlan(executor, row) {
  return {
    id: row.id, object: 'plan', code: row.code, name: row.name, product: row.product_id,
    currency: row.currency, interval: row.interval, interval_count: row.interval_count,
    trial_days: row.trial_days, minimum_amount: row.minimum_amount, features: parseJson(row.features),
    prices: await planPrices(executor, row.id), active: bool(row.active), metadata: parseJson(row.metadata),
    created_at: row.created_at, updated_at: row.updated_at,
  };
}

async function findPlan(executor, id, path = '') {
  const row = await executor.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('plan', id, path);
  return row;
}

module.exports = { planSchema, featureSchema, presentPlan, findPlan, planPrices };
