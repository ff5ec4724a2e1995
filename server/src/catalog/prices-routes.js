'use strict';
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, metadata, currency, quantity, code } = require('../http/schemas');
const { updateObject } = require('../db/update-object');
const { PRICE_TYPES, INTERVALS, priceSchema, presentPrice, findPrice, createPrice, PRICE_UPDATE_FIELDS } = require('./prices');

const ROUNDING = ['half_up', 'half_even', 'up', 'down'];

/// Prices: a price object of the core, in a currency, billed once, per period or per usage.
async function priceRoutes(app, { services }) {
  const { db, clock, core } = services;
  const tags = ['Catalog'];

  app.post('/prices', {
    config: { permission: 'catalog:write' },
    schema: {
      operationId: 'createPrice', tags, summary: 'Create a price (validated by the pricing core)',
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
    reply.code(201);
    return request.transaction((trx) => createPrice(trx, services, request.body));
  });

  app.get('/prices', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: {
      operationId: 'listPrices', tags, summary: 'List prices',
      querystring: listQuerySchema({ product: { type: 'string' }, active: { type: 'boolean' }, currency }),
      response: { 200: listResponseSchema(priceSchema) },
    },
  }, async (request) => {
    const { query } = request;
    let select = db.selectFrom('prices').selectAll();
    if (query.product) select = select.where('product_id', '=', query.product);
    if (query.currency) select = select.where('currency', '=', query.currency);
    if (query.active !== undefined) select = select.where('active', '=', query.active ? 1 : 0);
    return paginate(select, query, eachRow(presentPrice));
  });

  app.get('/prices/:id', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: { operationId: 'retrievePrice', tags, summary: 'Retrieve a price', params: idParam(), response: { 200: priceSchema } },
  }, async (request) => presentPrice(await findPrice(db, request.params.id)));

  app.patch('/prices/:id', {
    config: { permission: 'catalog:write' },
    schema: {
      operationId: 'updatePrice', tags, summary: 'Update a price (its pricing never changes: create a new price instead)',
      params: idParam(),
      body: { type: 'object', additionalProperties: false, properties: { nickname: { type: ['string', 'null'], maxLength: 200 }, active: { type: 'boolean' }, metadata } },
      response: { 200: priceSchema },
    },
  }, async (request) => request.transaction(async (trx) => updateObject(trx, {
    table: 'prices', row: await findPrice(trx, request.params.id), body: request.body, fields: PRICE_UPDATE_FIELDS,
    present: presentPrice, eventType: 'price.updated', now: clock.now(), stampUpdatedAt: false,
  })));

  app.post('/prices/:id/preview', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: {
      operationId: 'previewPrice', tags, summary: 'Price a quantity (or, for percentage prices, a list of events) with the core',
      params: idParam(),
      body: {
        type: 'object', additionalProperties: false,
        properties: { quantity, events: { type: 'array', items: quantity, maxItems: 10000 }, rounding: { enum: ROUNDING } },
      },
      response: { 200: { type: 'object', title: 'PricePreview', additionalProperties: true, description: "The core's price result" } },
    },
  }, async (request) => {
    const price = presentPrice(await findPrice(db, request.params.id));
    const coreRequest = { op: 'price', currency: price.currency, price: price.pricing, ...request.body };
    return core.run(coreRequest, [['/quantity', '/quantity'], ['/events', '/events'], ['/rounding', '/rounding']]);
  });
}

module.exports = priceRoutes;
