'use strict';
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, metadata, name } = require('../http/schemas');
const { updateObject } = require('../db/update-object');
const { productSchema, presentProduct, findProduct, createProduct, PRODUCT_UPDATE_FIELDS } = require('./products');

const description = { type: ['string', 'null'], maxLength: 2000 };

/// Products: what is sold; prices and plans belong to one.
async function productRoutes(app, { services }) {
  const { db, clock } = services;
  const tags = ['Catalog'];

  app.post('/products', {
    config: { permission: 'catalog:write' },
    schema: {
      operationId: 'createProduct', tags, summary: 'Create a product',
      body: { type: 'object', additionalProperties: false, required: ['name'], properties: { name, description, metadata } },
      response: { 201: productSchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return request.transaction((trx) => createProduct(trx, services, request.body));
  });

  app.get('/products', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: {
      operationId: 'listProducts', tags, summary: 'List products',
      querystring: listQuerySchema({ active: { type: 'boolean' } }),
      response: { 200: listResponseSchema(productSchema) },
    },
  }, async (request) => {
    let query = db.selectFrom('products').selectAll();
    if (request.query.active !== undefined) query = query.where('active', '=', request.query.active ? 1 : 0);
    return paginate(query, request.query, eachRow(presentProduct));
  });

  app.get('/products/:id', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: { operationId: 'retrieveProduct', tags, summary: 'Retrieve a product', params: idParam(), response: { 200: productSchema } },
  }, async (request) => presentProduct(await findProduct(db, request.params.id)));

  app.patch('/products/:id', {
    config: { permission: 'catalog:write' },
    schema: {
      operationId: 'updateProduct', tags, summary: 'Update a product',
      params: idParam(),
      body: { type: 'object', additionalProperties: false, properties: { name, description, active: { type: 'boolean' }, metadata } },
      response: { 200: productSchema },
    },
  }, async (request) => request.transaction(async (trx) => updateObject(trx, {
    table: 'products', row: await findProduct(trx, request.params.id), body: request.body, fields: PRODUCT_UPDATE_FIELDS,
    present: presentProduct, eventType: 'product.updated', now: clock.now(),
  })));
}

module.exports = productRoutes;
