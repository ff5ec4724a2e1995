'use strict';
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, metadata } = require('../http/schemas');
const { endpointSchema, presentEndpoint, findEndpoint, lockEndpoint, STATUSES } = require('./endpoints');
const {
  deliverySchema, deliveryWithAttemptsSchema, presentDelivery, presentAttempt, findDelivery, eventPayload, STATUSES: DELIVERY_STATUSES,
} = require('./deliveries');
const service = require('./service');

const url = { type: 'string', minLength: 1, maxLength: 2000 };
const eventTypes = { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 100 } };
const description = { type: ['string', 'null'], maxLength: 500 };
const ownerEmail = { type: ['string', 'null'], format: 'email', maxLength: 320 };

const withSecret = {
  ...endpointSchema,
  title: 'WebhookEndpointWithSecret',
  properties: {
    ...endpointSchema.properties,
    secret: { type: ['string', 'null'], description: 'The signing secret (whsec_...), shown in this response only (null in an idempotent replay)' },
  },
};

const secretSchema = {
  title: 'WebhookEndpointSecret',
  type: 'object',
  properties: {
    object: { const: 'webhook_endpoint_secret' }, endpoint: { type: 'string' }, secret: { type: 'string' },
    previous_secret: { type: ['string', 'null'] }, previous_secret_expires_at: { type: ['string', 'null'] },
  },
};

/// Webhooks: endpoints that receive the outbox's events, signed per Standard Webhooks, with
/// their delivery log and manual replay.
async function webhookRoutes(app, { services }) {
  const { db, dialect } = services;
  const tags = ['Webhooks'];
  const underLock = (request, work) => request.transaction(async (trx) => {
    const row = await lockEndpoint(trx, dialect, request.params.id);
    if (!row) await findEndpoint(trx, request.params.id); // throws NOT_FOUND
    return work(trx, row);
  });

  app.post('/webhook_endpoints', {
    config: { permission: 'webhooks:write', secretFields: ['secret'] },
    schema: {
      tags, operationId: 'createWebhookEndpoint', summary: 'Register an endpoint for some or all event types (its signing secret is shown once)',
      body: {
        type: 'object', additionalProperties: false, required: ['url', 'event_types'],
        properties: { url, event_types: eventTypes, description, owner_email: ownerEmail, metadata },
      },
      response: { 201: withSecret },
    },
  }, async (request, reply) => {
    reply.code(201);
    return request.transaction(async (trx) => {
      const { endpoint, secret } = await service.createEndpoint(trx, services, request.body);
      return { ...endpoint, secret };
    });
  });

  app.get('/webhook_endpoints', {
    config: { permission: 'webhooks:read' },
    schema: {
      tags, operationId: 'listWebhookEndpoints', summary: 'List endpoints',
      querystring: listQuerySchema({ status: { enum: STATUSES } }), response: { 200: listResponseSchema(endpointSchema) },
    },
  }, async (request) => {
    let select = db.selectFrom('webhook_endpoints').selectAll();
    if (request.query.status) select = select.where('status', '=', request.query.status);
    return paginate(select, request.query, eachRow(presentEndpoint));
  });

  app.get('/webhook_endpoints/:id', {
    config: { permission: 'webhooks:read' },
    schema: { tags, operationId: 'retrieveWebhookEndpoint', summary: 'Retrieve an endpoint', params: idParam(), response: { 200: endpointSchema } },
  }, async (request) => presentEndpoint(await findEndpoint(db, request.params.id)));

  app.patch('/webhook_endpoints/:id', {
    config: { permission: 'webhooks:write' },
    schema: {
      tags, operationId: 'updateWebhookEndpoint', summary: "Change an endpoint's URL, event types, description, owner or metadata",
      params: idParam(),
      body: { type: 'object', additionalProperties: false, properties: { url, event_types: eventTypes, description, owner_email: ownerEmail, metadata } },
      response: { 200: endpointSchema },
    },
  }, async (request) => underLock(request, (trx, row) => service.updateEndpoint(trx, services, row, request.body)));

  app.delete('/webhook_endpoints/:id', {
    config: { permission: 'webhooks:write' },
    schema: { tags, operationId: 'deleteWebhookEndpoint', summary: 'Delete an endpoint and its delivery log', params: idParam(), response: { 200: endpointSchema } },
  }, async (request) => underLock(request, (trx, row) => service.deleteEndpoint(trx, services, row)));

  app.post('/webhook_endpoints/:id/rotate_secret', {
    config: { permission: 'webhooks:write', secretFields: ['secret'] },
    schema: {
      tags, operationId: 'rotateWebhookEndpointSecret',
      summary: 'Replace the signing secret; the previous one keeps signing for the overlap (a day by default)',
      params: idParam(),
      body: {
        type: 'object', additionalProperties: false,
        properties: { expire_previous_in_seconds: { type: 'integer', minimum: 0, maximum: 7 * 24 * 3600, description: 'How long the previous secret keeps signing (0: not at all; default 86400)' } },
      },
      response: { 200: withSecret },
    },
  }, async (request) => underLock(request, async (trx, row) => {
    const { endpoint, secret } = await service.rotateSecret(trx, services, row, request.body || {});
    return { ...endpoint, secret };
  }));

  app.get('/webhook_endpoints/:id/secret', {
    config: { permission: 'webhooks:write' },
    schema: {
      tags, operationId: 'retrieveWebhookEndpointSecret', summary: "Reveal an endpoint's signing secret (and the previous one during a rotation's overlap)",
      params: idParam(), response: { 200: secretSchema },
    },
  }, async (request) => service.revealSecrets(services, await findEndpoint(db, request.params.id)));

  app.post('/webhook_endpoints/:id/disable', {
    config: { permission: 'webhooks:write' },
    schema: { tags, operationId: 'disableWebhookEndpoint', summary: 'Stop sending events to an endpoint', params: idParam(), response: { 200: endpointSchema } },
  }, async (request) => underLock(request, async (trx, row) => {
    if (row.status === 'disabled') return presentEndpoint(row);
    return service.disableEndpoint(trx, services, row, { reason: 'disabled through the API' });
  }));

  app.post('/webhook_endpoints/:id/enable', {
    config: { permission: 'webhooks:write' },
    schema: { tags, operationId: 'enableWebhookEndpoint', summary: 'Send events to a disabled endpoint again', params: idParam(), response: { 200: endpointSchema } },
  }, async (request) => underLock(request, (trx, row) => service.enableEndpoint(trx, services, row)));

  app.get('/webhook_endpoints/:id/deliveries', {
    config: { permission: 'webhooks:read' },
    schema: {
      tags, operationId: 'listWebhookDeliveries', summary: "An endpoint's delivery log, newest first",
      params: idParam(),
      querystring: listQuerySchema({ status: { enum: DELIVERY_STATUSES }, event: { type: 'string' }, event_type: { type: 'string' } }),
      response: { 200: listResponseSchema(deliverySchema) },
    },
  }, async (request) => {
    await findEndpoint(db, request.params.id);
    const { query } = request;
    let select = db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', request.params.id);
    if (query.status) select = select.where('status', '=', query.status);
    if (query.event) select = select.where('event_id', '=', query.event);
    if (query.event_type) select = select.where('event_type', '=', query.event_type);
    return paginate(select, query, eachRow(presentDelivery));
  });

  app.get('/webhook_deliveries/:id', {
    config: { permission: 'webhooks:read' },
    schema: {
      tags, operationId: 'retrieveWebhookDelivery', summary: 'A delivery with its request and every attempt (status, latency, answer)',
      params: idParam(), response: { 200: deliveryWithAttemptsSchema },
    },
  }, async (request) => {
    const row = await findDelivery(db, request.params.id);
    const endpoint = await findEndpoint(db, row.endpoint_id);
    const event = await db.selectFrom('events').selectAll().where('id', '=', row.event_id).executeTakeFirst();
    const attempts = await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', row.id).orderBy('id').execute();
    return {
      ...presentDelivery(row),
      request: { url: endpoint.url, body: event ? eventPayload(event) : '' },
      attempt_log: attempts.map(presentAttempt),
    };
  });

  app.post('/webhook_deliveries/:id/replay', {
    config: { permission: 'webhooks:write' },
    schema: {
      tags, operationId: 'replayWebhookDelivery', summary: "Send a delivery's event again (a new delivery, same webhook-id)",
      params: idParam(), response: { 201: deliverySchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return request.transaction(async (trx) => presentDelivery(await service.replayDelivery(trx, services, await findDelivery(trx, request.params.id))));
  });
}

module.exports = webhookRoutes;
