'use strict';
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam } = require('../http/schemas');
const { notFound } = require('../http/errors');
const { presentEvent, EVENT_TYPES } = require('./outbox');

const eventSchema = {
  title: 'Event',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'event' }, type: { type: 'string' }, created_at: { type: 'string' },
    customer: { type: ['string', 'null'] }, delivered_at: { type: ['string', 'null'] },
    data: { type: 'object', properties: { object: { type: 'object', additionalProperties: true } } },
  },
};

/// The outbox, read-only: every state change, in order.
async function eventRoutes(app, { services }) {
  const { db } = services;
  const tags = ['Events'];

  app.get('/events', {
    config: { permission: 'events:read' },
    schema: {
      operationId: 'listEvents', tags, summary: 'List events, newest first',
      querystring: listQuerySchema({ type: { enum: EVENT_TYPES }, customer: { type: 'string' }, object_id: { type: 'string' } }),
      response: { 200: listResponseSchema(eventSchema) },
    },
  }, async (request) => {
    const { query } = request;
    let select = db.selectFrom('events').selectAll();
    if (query.type) select = select.where('type', '=', query.type);
    if (query.customer) select = select.where('customer_id', '=', query.customer);
    if (query.object_id) select = select.where('object_id', '=', query.object_id);
    return paginate(select, query, eachRow(presentEvent));
  });

  app.get('/events/:id', {
    config: { permission: 'events:read' },
    schema: { operationId: 'retrieveEvent', tags, summary: 'Retrieve an event', params: idParam(), response: { 200: eventSchema } },
  }, async (request) => {
    const row = await db.selectFrom('events').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!row) throw notFound('event', request.params.id);
    return presentEvent(row);
  });
}

module.exports = eventRoutes;
