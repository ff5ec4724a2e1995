'use strict';
const { ApiError, notFound } = require('../http/errors');
const { parseJson, bool } = require('../db/rows');
const { recordEvent } = require('../outbox/outbox');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { findProduct } = require('./products');
const { validatePricing } = require('./price-validation');
const { findMetricByCode } = require('./metrics');

/// How a price is billed: `recurring` each period in advance (times the subscription's
/// quantity), `usage` in arrears from the period's usage of `metric` (a billable metric's
/// code), `one_time` once.
const PRICE_TYPES = ['recurring', 'usage', 'one_time'];
const INTERVALS = ['day', 'week', 'month', 'year'];

const priceSchema = {
  title: 'Price',
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

/// Creates a price in `trx` after the core has validated its pricing, and records price.created.
async function createPrice(trx, { core, clock }, body) {
  checkBillingShape(body);
  validatePricing(core, body);
  await findProduct(trx, body.product, '/product');
  if (body.type === 'usage') await findMetricByCode(trx, body.metric, '/metric');
  const now = clock.now();
  const oneTime = body.type === 'one_time';
  const row = {
    id: newId('price'), product_id: body.product, nickname: body.nickname ?? null, currency: body.currency,
    type: body.type, interval: oneTime ? null : body.interval, interval_count: oneTime ? null : (body.interval_count ?? 1),
    metric: body.metric ?? null, pricing: JSON.stringify(body.pricing), active: 1,
    metadata: JSON.stringify(body.metadata || {}), created_at: toInstant(now),
  };
  await trx.insertInto('prices').values(row).execute();
  const presented = presentPrice(row);
  await recordEvent(trx, { type: 'price.created', object: presented }, now);
  return presented;
}

// Which fields go with which price type.
function checkBillingShape(body) {
  if (body.type === 'one_time') {
    for (const field of ['interval', 'interval_count', 'metric']) {
      if (body[field] !== undefined) throw new ApiError('INVALID_ARGUMENT', `one_time prices have no ${field}`, `/${field}`);
    }
    return;
  }
  if (body.interval === undefined) throw new ApiError('MISSING_FIELD', `${body.type} prices need an interval`, '/interval');
  if (body.type === 'usage' && body.metric === undefined) throw new ApiError('MISSING_FIELD', 'usage prices need the metric they charge for', '/metric');
  if (body.type === 'recurring' && body.metric !== undefined) throw new ApiError('INVALID_ARGUMENT', 'recurring prices are charged per quantity, not per metric; use type usage', '/metric');
}

/// The fields PATCH /v1/prices/:id changes (prices have no updated_at).
const PRICE_UPDATE_FIELDS = { nickname: 'value', active: 'flag', metadata: 'json' };

module.exports = { PRICE_TYPES, INTERVALS, priceSchema, presentPrice, findPrice, createPrice, PRICE_UPDATE_FIELDS };
