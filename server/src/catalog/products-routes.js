'use strict';
const { paginate, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, metadata } = require('../http/schemas');
const { inTransaction } = require('../db/rows');
const { productSchema, presentProduct, findProduct } = require('./products');
const { recordEvent } = require('../outbox/outbox');
const { newId } = require('../ids');
const { toInstant } = require('../time');

const name = { type: 'string', minLength: 1, maxLength: 200 };
const description = { type: ['string', 'null'], maxLength: 2000 };

/// Products: what is sold; prices and plans belong to one.
async function productRoutes(app, { services }) {
  const { db, clock } = services;
  const tags = ['Catalog'];

  app.post('/products', {
    config: { permission: 'catalog:write' },
    schema: {
      tags, summary: 'Create a product',
      body: { type: 'object', additionalProperties: false, required: ['name'], properties: { name, description, metadata } },
      response: { 201: productSchema },
    },
  }, async (request, reply) => {
    const now = clock.now();
    const row = {
      id: newId('prod'), name: request.body.name, description: request.body.description ?? null, active: 1,
      metadata: JSON.stringify(request.body.metadata || {}), created_at: toInstant(now), updated_at: toInstant(now),
    };
    const product = await inTransaction(db, async (trx) => {
      await trx.insertInto('products').values(row).execute();
      const presented = presentProduct(row);
      await recordEvent(trx, { type: 'product.created', object: presented }, now);
      return presented;
    });
    reply.code(201);
    return product;
  });

  app.get('/products', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: {
      tags, summary: 'List products',
      querystring: listQuerySchema({ active: { type: 'boolean' } }),
      response: { 200: listResponseSchema(productSchema) },
    },
  }, async (request) => {
    let query = db.selectFrom('products').selectAll();
    if (request.query.active !== undefined) query = query.where('active', '=', request.query.active ? 1 : 0);
    return paginate(query, request.query, presentProduct);
  });

  app.get('/products/:id', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: { tags, summary: 'Retrieve a product', params: idParam(), response: { 200: productSchema } },
  }, async (request) => presentProduct(await findProduct(db, request.params.id)));

  app.patch('/products/:id', {
    config: { permission: 'catalog:write' },
    schema: {
      tags, summary: 'Update a product',
      params: idParam(),
      body: { type: 'object', additionalProperties: false, properties: { name, description, active: { type: 'boolean' }, metadata } },
      response: { 200: productSchema },
    },
  }, async (request) => {
    const now = clock.now();
    return inTransaction(db, async (trx) => {
      const row = await findProduct(trx, request.params.id);
      const { body } = request;
      const changes = { updated_at: toInstant(now) };
      if (body.name !== undefined) changes.name = body.name;
      if (body.description !== undefined) changes.description = body.description;
      if (body.active !== undefined) changes.active = body.active ? 1 : 0;
      if (body.metadata !== undefined) changes.metadata = JSON.stringify(body.metadata);
      await trx.updateTable('products').set(changes).where('id', '=', row.id).execute();
      const presented = presentProduct({ ...row, ...changes });
      await recordEvent(trx, { type: 'product.updated', object: presented }, now);
      return presented;
    });
  });
}

module.exports = productRoutes;
