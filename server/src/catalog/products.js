'use strict';
const { notFound } = require('../http/errors');
const { parseJson, bool } = require('../db/rows');

const productSchema = {
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

module.exports = { productSchema, presentProduct, findProduct };
