'use strict';
const { notFound } = require('../http/errors');
const { parseJson, bool } = require('../db/rows');
const { priceSchema, presentPrice, findPrice } = require('./prices');

const addOnSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'add_on' }, code: { type: 'string' }, name: { type: 'string' },
    price: priceSchema, active: { type: 'boolean' }, metadata: { type: 'object', additionalProperties: { type: 'string' } },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

async function presentAddOn(executor, row) {
  return {
    id: row.id, object: 'add_on', code: row.code, name: row.name,
    price: presentPrice(await findPrice(executor, row.price_id)), active: bool(row.active),
    metadata: parseJson(row.metadata), created_at: row.created_at, updated_at: row.updated_at,
  };
}

async function findAddOn(executor, id, path = '') {
  const row = await executor.selectFrom('add_ons').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('add-on', id, path);
  return row;
}

module.exports = { addOnSchema, presentAddOn, findAddOn };
