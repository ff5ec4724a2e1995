'use strict';
const { notFound } = require('../http/errors');
const { parseJson, bool } = require('../db/rows');
const { recordEvent } = require('../outbox/outbox');
const { newId } = require('../ids');
const { toInstant } = require('../time');

const productSchema = {
  title: 'Product',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'product' }, name: { type: 'string' },
    description: { type: ['string', 'null'] }, active: { type: 'boolean' },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

function presentProduct(row) {
  return {
    id: row.id, object: 'product', name: row.name, description: row.description, active: bool(row.active),
    metadata: parseJson(row.metadata), created_at: row.created_at, updated_at: row.updated_at,
  };
}

async function findProduct(executor, id, path = '') {
  const row = await executor.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('product', id, path);
  return row;
}

/// Creates a product in `trx` ({ name, description, metadata }) and records product.created.
async function createProduct(trx, { clock }, body) {
  const now = clock.now();
  const row = {
    id: newId('prod'), name: body.name, description: body.description ?? null, active: 1,
    metadata: JSON.stringify(body.metadata || {}), created_at: toInstant(now), updated_at: toInstant(now),
  };
  await trx.insertInto('products').values(row).execute();
  const presented = presentProduct(row);
  await recordEvent(trx, { type: 'product.created', object: presented }, now);
  return presented;
}

/// The fields PATCH /v1/products/:id changes (see db/update-object.js).
const PRODUCT_UPDATE_FIELDS = { name: 'value', description: 'value', active: 'flag', metadata: 'json' };

module.exports = { productSchema, presentProduct, findProduct, createProduct, PRODUCT_UPDATE_FIELDS };
