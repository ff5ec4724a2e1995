'use strict';
const { paginate, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, metadata, currency, quantity, code } = require('../http/schemas');
const { ApiError } = require('../http/errors');
const { inTransaction } = require('../db/rows');
const { recordEvent } = require('../outbox/outbox');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { findProduct } = require('./products');
const { PRICE_TYPES, INTERVALS, priceSchema, presentPrice, findPrice } = require('./prices');
const { validatePricing } = require('./price-validation');

const ROUNDING = ['half_up', 'half_even', 'up', 'down'];

/// Prices: a price object of the core, in a currency, billed once, per period or per usage.
async function priceRoutes(app, { services }) {
  const { db, clock, core } = services;
  const tags = ['Catalog'];

  app.post('/prices', {
    config: { permission: 'catalog:write' },
    schema: {
      tags, summary: 'Create a price (validated by the pricing core)',
      body: {
        type: 'object', additionalProperties: false, required: ['product', 'currency', 'type', 'pricing'],
        properties: {
          product: { type: 'string', maxLength: 100 }, currency, type: { enum: PRICE_TYPES },
          interval: { enum: INTERVALS }, interval_count: { type: 'integer', minimum: 1, maximum: 120 },
          metric: code, nickname: { type: 'string', maxLength: 200 },
          pricing: { type: 'object', required: ['model'], description: "The core's price object (docs/core-api.md)" },
          metadata,
        },
      },
      response: { 201: priceSchema },
    },
  }, async (request, reply) => {
    const { body } = request;
    checkBillingShape(body);
    validatePricing(core, body);
    const now = clock.now();
    const row = {
      id: newId('price'), product_id: body.product, nickname: body.nickname ?? null, currency: body.currency,
      type: body.type, interval: body.type === 'one_time' ? null : body.interval,
      interval_count: body.type === 'one_time' ? null : (body.interval_count ?? 1),
      metric: body.metric ?? null, pricing: JSON.stringify(body.pricing), active: 1,
      metadata: JSON.stringify(body.metadata || {}), created_at: toInstant(now),
    };
    const price = await inTransaction(db, async (trx) => {
      await findProduct(trx, body.product, '/product');
      await trx.insertInto('prices').values(row).execute();
      const presented = presentPrice(row);
      await recordEvent(trx, { type: 'price.created', object: presented }, now);
      return presented;
    });
    reply.code(201);
    return price;
  });

  app.get('/prices', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: {
      tags, summary: 'List prices',
      querystring: listQuerySchema({ product: { type: 'string' }, active: { type: 'boolean' }, currency }),
      response: { 200: listResponseSchema(priceSchema) },
    },
  }, async (request) => {
    const { query } = request;
    let select = db.selectFrom('prices').selectAll();
    if (query.product) select = select.where('product_id', '=', query.product);
    if (query.currency) select = select.where('currency', '=', query.currency);
    if (query.active !== undefined) select = select.where('active', '=', query.active ? 1 : 0);
    return paginate(select, query, presentPrice);
  });

  app.get('/prices/:id', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: { tags, summary: 'Retrieve a price', params: idParam(), response: { 200: priceSchema } },
  }, async (request) => presentPrice(await findPrice(db, request.params.id)));

  app.patch('/prices/:id', {
    config: { permission: 'catalog:write' },
    schema: {
      tags, summary: 'Update a price (its pricing never changes: create a new price instead)',
      params: idParam(),
      body: { type: 'object', additionalProperties: false, properties: { nickname: { type: ['string', 'null'], maxLength: 200 }, active: { type: 'boolean' }, metadata } },
      response: { 200: priceSchema },
    },
  }, async (request) => {
    const now = clock.now();
    return inTransaction(db, async (trx) => {
      const row = await findPrice(trx, request.params.id);
      const { body } = request;
      const changes = {};
      if (body.nickname !== undefined) changes.nickname = body.nickname;
      if (body.active !== undefined) changes.active = body.active ? 1 : 0;
      if (body.metadata !== undefined) changes.metadata = JSON.stringify(body.metadata);
      if (Object.keys(changes).length) await trx.updateTable('prices').set(changes).where('id', '=', row.id).execute();
      const presented = presentPrice({ ...row, ...changes });
      await recordEvent(trx, { type: 'price.updated', object: presented }, now);
      return presented;
    });
  });

  app.post('/prices/:id/preview', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: {
      tags, summary: 'Price a quantity (or, for percentage prices, a list of events) with the core',
      params: idParam(),
      body: {
        type: 'object', additionalProperties: false,
        properties: { quantity, events: { type: 'array', items: quantity, maxItems: 10000 }, rounding: { enum: ROUNDING } },
      },
      response: { 200: { type: 'object', additionalProperties: true, description: "The core's price result" } },
    },
  }, async (request) => {
    const price = presentPrice(await findPrice(db, request.params.id));
    const coreRequest = { op: 'price', currency: price.currency, price: price.pricing, ...request.body };
    return core.run(coreRequest, [['/quantity', '/quantity'], ['/events', '/events'], ['/rounding', '/rounding']]);
  });
}

// Which fields go with which price type.
function checkBillingShape(body) {
  if (body.type === 'one_time') {
    for (const field of ['interval', 'interval_count', 'metric']) {
      if (body[field] !== undefined) throw new ApiError('INVALID_ARGUMENT', 'one_time prices have no ' + field, `/${field}`);
    }
    return;
  }
  if (body.interval === undefined) throw new ApiError('MISSING_FIELD', `${body.type} prices need an interval`, '/interval');
  if (body.type === 'usage' && body.metric === undefined) throw new ApiError('MISSING_FIELD', 'usage prices need the metric they charge for', '/metric');
  if (body.type === 'recurring' && body.metric !== undefined) throw new ApiError('INVALID_ARGUMENT', 'recurring prices are charged per quantity, not per metric; use type usage', '/metric');
}

module.exports = priceRoutes;
