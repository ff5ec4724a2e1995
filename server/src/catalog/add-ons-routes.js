'use strict';
const { paginate, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, metadata, code } = require('../http/schemas');
const { ApiError } = require('../http/errors');
const { inTransaction } = require('../db/rows');
const { recordEvent } = require('../outbox/outbox');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { findPrice } = require('./prices');
const { addOnSchema, presentAddOn, findAddOn } = require('./add-ons');

const name = { type: 'string', minLength: 1, maxLength: 200 };

/// Add-ons: extra items a subscription can carry next to its plan, each with one price.
async function addOnRoutes(app, { services }) {
  const { db, clock } = services;
  const tags = ['Catalog'];

  app.post('/add_ons', {
    config: { permission: 'catalog:write' },
    schema: {
      tags, summary: 'Create an add-on',
      body: {
        type: 'object', additionalProperties: false, required: ['code', 'name', 'price'],
        properties: { code, name, price: { type: 'string', maxLength: 100 }, metadata },
      },
      response: { 201: addOnSchema },
    },
  }, async (request, reply) => {
    const { body } = request;
    const now = clock.now();
    const addOn = await inTransaction(db, async (trx) => {
      const price = await findPrice(trx, body.price, '/price');
      if (!Number(price.active)) throw new ApiError('INVALID_ARGUMENT', `price ${price.id} is archived`, '/price');
      const taken = await trx.selectFrom('add_ons').select('id').where('code', '=', body.code).executeTakeFirst();
      if (taken) throw new ApiError('CONFLICT', `add-on code "${body.code}" is taken by ${taken.id}`, '/code');
      const row = {
        id: newId('addon'), code: body.code, name: body.name, price_id: price.id, active: 1,
        metadata: JSON.stringify(body.metadata || {}), created_at: toInstant(now), updated_at: toInstant(now),
      };
      await trx.insertInto('add_ons').values(row).execute();
      const presented = await presentAddOn(trx, row);
      await recordEvent(trx, { type: 'add_on.created', object: presented }, now);
      return presented;
    });
    reply.code(201);
    return addOn;
  });

  app.get('/add_ons', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: {
      tags, summary: 'List add-ons',
      querystring: listQuerySchema({ active: { type: 'boolean' } }),
      response: { 200: listResponseSchema(addOnSchema) },
    },
  }, async (request) => {
    let select = db.selectFrom('add_ons').selectAll();
    if (request.query.active !== undefined) select = select.where('active', '=', request.query.active ? 1 : 0);
    return paginate(select, request.query, (row) => presentAddOn(db, row));
  });

  app.get('/add_ons/:id', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: { tags, summary: 'Retrieve an add-on', params: idParam(), response: { 200: addOnSchema } },
  }, async (request) => presentAddOn(db, await findAddOn(db, request.params.id)));

  app.patch('/add_ons/:id', {
    config: { permission: 'catalog:write' },
    schema: {
      tags, summary: 'Update an add-on',
      params: idParam(),
      body: { type: 'object', additionalProperties: false, properties: { name, active: { type: 'boolean' }, metadata } },
      response: { 200: addOnSchema },
    },
  }, async (request) => {
    const now = clock.now();
    return inTransaction(db, async (trx) => {
      const row = await findAddOn(trx, request.params.id);
      const { body } = request;
      const changes = { updated_at: toInstant(now) };
      if (body.name !== undefined) changes.name = body.name;
      if (body.active !== undefined) changes.active = body.active ? 1 : 0;
      if (body.metadata !== undefined) changes.metadata = JSON.stringify(body.metadata);
      await trx.updateTable('add_ons').set(changes).where('id', '=', row.id).execute();
      const presented = await presentAddOn(trx, { ...row, ...changes });
      await recordEvent(trx, { type: 'add_on.updated', object: presented }, now);
      return presented;
    });
  });
}

module.exports = addOnRoutes;
