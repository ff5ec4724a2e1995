'use strict';
const { notFound } = require('../http/errors');
const { parseJson, bool } = require('../db/rows');

/// How a price is billed: `recurring` each period in advance (times the subscription's
/// quantity), `usage` in arrears from the period's usage of `metric`, `one_time` once.
const PRICE_TYPES = ['recurring', 'usage', 'one_time'];
const INTERVALS = ['day', 'week', 'month', 'year'];

const priceSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'price' }, product: { type: 'string' },
    nickname: { type: ['string', 'null'] }, currency: { type: 'string' }, type: { enum: PRICE_TYPES },
    interval: { type: ['string', 'null'] }, interval_count: { type: ['integer', 'null'] },
    metric: { type: ['string', 'null'] },
    pricing: { type: 'object', additionalProperties: true, description: "The core's price object (docs/core-api.md, op price)" },
    active: { type: 'boolean' }, metadata: { type: 'object', additionalProperties: { type: 'string' } },
    created_at: { type: 'string' },
  },
};

function presentPrice(row) {
  return {
    id: row.id, object: 'price', product: row.product_id, nickname: row.nickname, currency: row.currency,
    type: row.type, interval: row.interval, interval_count: row.interval_count, metric: row.metric,
    pricing: parseJson(row.pricing), active: bool(row.active), metadata: parseJson(row.metadata),
    created_at: row.created_at,
  };
}

async function findPrice(executor, id, path = '') {
  const row = await executor.selectFrom('prices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('price', id, path);
  return row;
}

module.exports = { PRICE_TYPES, INTERVALS, priceSchema, presentPrice, findPrice };
