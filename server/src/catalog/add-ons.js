'use strict';
const { ApiError, notFound } = require('../http/errors');
const { parseJson, bool } = require('../db/rows');
const { recordEvent } = require('../outbox/outbox');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { priceSchema, presentPrice, findPrice } = require('./prices');

const addOnSchema = {
  title: 'AddOn',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'add_on' }, code: { type: 'string' }, name: { type: 'string' },
    price: priceSchema, active: { type: 'boolean' }, metadata: { type: 'object', additionalProperties: { type: 'string' } },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

/// The API objects of add-ons, each with its price expanded (one query for all the prices).
async function presentAddOns(executor, rows) {
  const priceIds = [...new Set(rows.map((row) => row.price_id))];
  const prices = priceIds.length
    ? await executor.selectFrom('prices').selectAll().where('id', 'in', priceIds).execute()
    : [];
  const priceById = new Map(prices.map((price) => [price.id, presentPrice(price)]));
  return rows.map((row) => ({
    id: row.id, object: 'add_on', code: row.code, name: row.name,
    price: priceById.get(row.price_id), active: bool(row.active),
    metadata: parseJson(row.metadata), created_at: row.created_at, updated_at: row.updated_at,
  }));
}

async function presentAddOn(executor, row) {
  return (await presentAddOns(executor, [row]))[0];
}

async function findAddOn(executor, id, path = '') {
  const row = await executor.selectFrom('add_ons').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('add-on', id, path);
  return row;
}

/// Creates an add-on on an active price in `trx`, and records add_on.created.
async function createAddOn(trx, { clock }, body) {
  const price = await findPrice(trx, body.price, '/price');
  if (!Number(price.active)) throw new ApiError('INVALID_ARGUMENT', `price ${price.id} is archived`, '/price');
  const taken = await trx.selectFrom('add_ons').select('id').where('code', '=', body.code).executeTakeFirst();
  if (taken) throw new ApiError('CONFLICT', `add-on code "${body.code}" is taken by ${taken.id}`, '/code');
  const now = clock.now();
  const row = {
    id: newId('addon'), code: body.code, name: body.name, price_id: price.id, active: 1,
    metadata: JSON.stringify(body.metadata || {}), created_at: toInstant(now), updated_at: toInstant(now),
  };
  await trx.insertInto('add_ons').values(row).execute();
  const presented = await presentAddOn(trx, row);
  await recordEvent(trx, { type: 'add_on.created', object: presented }, now);
  return presented;
}

/// The fields PATCH /v1/add_ons/:id changes (its price never changes).
const ADD_ON_UPDATE_FIELDS = { name: 'value', active: 'flag', metadata: 'json' };

module.exports = { addOnSchema, presentAddOn, presentAddOns, findAddOn, createAddOn, ADD_ON_UPDATE_FIELDS };
