'use strict';
const { paginate, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, metadata, code, name } = require('../http/schemas');
const { updateObject } = require('../db/update-object');
const { addOnSchema, presentAddOn, presentAddOns, findAddOn, createAddOn, ADD_ON_UPDATE_FIELDS } = require('./add-ons');

/// Add-ons: extra items a subscription can carry next to its plan, each with one price.
async function addOnRoutes(app, { services }) {
  const { db, clock } = services;
  const tags = ['Catalog'];

  app.post('/add_ons', {
    config: { permission: 'catalog:write' },
    schema: {
      operationId: 'createAddOn', tags, summary: 'Create an add-on',
      body: {
        type: 'object', additionalProperties: false, required: ['code', 'name', 'price'],
        properties: { code, name, price: { type: 'string', maxLength: 100 }, metadata },
      },
      response: { 201: addOnSchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return request.transaction((trx) => createAddOn(trx, services, request.body));
  });

  app.get('/add_ons', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: {
      operationId: 'listAddOns', tags, summary: 'List add-ons',
      querystring: listQuerySchema({ active: { type: 'boolean' }, code: { type: 'string' } }),
      response: { 200: listResponseSchema(addOnSchema) },
    },
  }, async (request) => {
    let select = db.selectFrom('add_ons').selectAll();
    if (request.query.active !== undefined) select = select.where('active', '=', request.query.active ? 1 : 0);
    if (request.query.code) select = select.where('code', '=', request.query.code);
    return paginate(select, request.query, (rows) => presentAddOns(db, rows));
  });

  app.get('/add_ons/:id', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: { operationId: 'retrieveAddOn', tags, summary: 'Retrieve an add-on', params: idParam(), response: { 200: addOnSchema } },
  }, async (request) => presentAddOn(db, await findAddOn(db, request.params.id)));

  app.patch('/add_ons/:id', {
    config: { permission: 'catalog:write' },
    schema: {
      operationId: 'updateAddOn', tags, summary: 'Update an add-on',
      params: idParam(),
      body: { type: 'object', additionalProperties: false, properties: { name, active: { type: 'boolean' }, metadata } },
      response: { 200: addOnSchema },
    },
  }, async (request) => request.transaction(async (trx) => updateObject(trx, {
    table: 'add_ons', row: await findAddOn(trx, request.params.id), body: request.body, fields: ADD_ON_UPDATE_FIELDS,
    present: (row) => presentAddOn(trx, row), eventType: 'add_on.updated', now: clock.now(),
  })));
}

module.exports = addOnRoutes;
