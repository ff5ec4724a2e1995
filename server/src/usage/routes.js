'use strict';
const { ApiError } = require('../http/errors');
const { validatorCompiler } = require('../http/validation');
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, instant } = require('../http/schemas');
const { customerUsage } = require('./customer-usage');
const { dailyUsage } = require('./daily-usage');
const { usageStatus } = require('./status');
const { voidUsageEvent } = require('./voiding');
const { usageSettings } = require('./settings');
const { openUsageRuntime } = require('./open-usage-cache');
const { MAX_BATCH_EVENTS, prepareBatch, storeBatch, ensureBatchPartitions } = require('./ingestion');
const {
  storedUsageEventSchema, presentUsageEvent, ingestionBodySchema, ingestionResultSchema, usageStatusSchema, customerUsageSchema, dailyUsageSchema,
} = require('./presenters');

/// A batch of 1,000 events with their properties needs more than the API's 1 MiB default.
const INGESTION_BODY_LIMIT = 5 * 1024 * 1024;

/// Usage metering: sending, listing and voiding usage events, processing status, live usage.
async function usageRoutes(app, { services }) {
  const { db, clock } = services;
  const settings = usageSettings(services.config);
  const tags = ['Usage'];
  const standardValidator = validatorCompiler();
  // The open usage cache (open-usage-cache.js) answers while its watcher runs: the app's life.
  const openUsage = openUsageRuntime(services);
  app.addHook('onReady', () => openUsage.watcher.start());
  app.addHook('onClose', () => openUsage.watcher.stop());

  app.post('/usage_events', {
    config: { permission: 'usage:write' },
    bodyLimit: INGESTION_BODY_LIMIT,
    // The body is checked event by event in the handler (a batch stores its good events and
    // reports each bad one); the schema documents it.
    validatorCompiler: (route) => (route.httpPart === 'body' ? () => true : standardValidator(route)),
    schema: {
      tags, operationId: 'createUsageEvents', summary: 'Send one usage event, or a batch of up to 1,000 ({"events": [...]})',
      body: ingestionBodySchema,
      response: { 200: ingestionResultSchema, 201: ingestionResultSchema },
    },
  }, async (request, reply) => {
    const { events, single } = readEnvelope(request.body);
    const candidates = await prepareBatch(services, settings, events);
    await ensureBatchPartitions(services, candidates);
    const pathOf = single ? () => '' : (index) => `/events/${index}`;
    // Grouped: on SQLite, concurrent batches share one commit (docs/server.md, "Usage metering").
    return request.transaction(async (trx) => {
      const batch = await storeBatch(trx, services, candidates, pathOf);
      if (!single) return batch;
      const [result] = batch.results;
      if (result.error) throw new ApiError(result.error.code, result.error.message, result.error.path);
      reply.code(result.status === 'accepted' ? 201 : 200);
      return batch;
    }, { grouped: true });
  });

  app.get('/usage_events', {
    config: { permission: 'usage:read' },
    schema: {
      tags, operationId: 'listUsageEvents', summary: 'List stored usage events, newest first',
      querystring: listQuerySchema({
        customer: { type: 'string', maxLength: 100 }, metric: { type: 'string', maxLength: 64 },
        subscription: { type: 'string', maxLength: 100 }, event_id: { type: 'string', maxLength: 255 },
        from: { ...instant, description: 'Timestamps at or after' }, to: { ...instant, description: 'Timestamps before' },
      }),
      response: { 200: listResponseSchema(storedUsageEventSchema) },
    },
  }, async (request) => {
    const { query } = request;
    if (query.event_id !== undefined && !query.customer) {
      throw new ApiError('MISSING_FIELD', 'event_id is unique per customer: give the customer too', '/query/customer');
    }
    let select = db.selectFrom('usage_events').selectAll();
    if (query.customer) select = select.where('customer_id', '=', query.customer);
    if (query.metric) select = select.where('metric', '=', query.metric);
    if (query.subscription) select = select.where('subscription_id', '=', query.subscription);
    if (query.event_id !== undefined) select = select.where('event_id', '=', query.event_id);
    if (query.from) select = select.where('occurred_at', '>=', instantQuery(query.from, 'from'));
    if (query.to) select = select.where('occurred_at', '<', instantQuery(query.to, 'to'));
    return paginate(select, query, eachRow(presentUsageEvent));
  });

  app.get('/usage_events/:id', {
    config: { permission: 'usage:read' },
    schema: { tags, operationId: 'retrieveUsageEvent', summary: 'Retrieve a stored usage event', params: idParam(), response: { 200: storedUsageEventSchema } },
  }, async (request) => {
    const row = await db.selectFrom('usage_events').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!row) throw new ApiError('NOT_FOUND', `no usage event "${request.params.id}"`);
    return presentUsageEvent(row);
  });

  app.post('/usage_events/:id/void', {
    config: { permission: 'usage:write' },
    schema: {
      tags, operationId: 'voidUsageEvent', summary: 'Void a usage event sent by mistake (billed back on the next invoice when its period was invoiced)',
      params: idParam(),
      body: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } } },
      response: { 200: storedUsageEventSchema },
    },
  }, async (request) => request.transaction((trx) => voidUsageEvent(trx, services, request.params.id, request.body || {})));

  app.get('/usage/status', {
    config: { permission: 'usage:read' },
    schema: {
      tags, operationId: 'retrieveUsageStatus', summary: 'Processing status: events accepted, processed and waiting, and the lag',
      querystring: { type: 'object', additionalProperties: false, properties: { customer: { type: 'string', maxLength: 100 } } },
      response: { 200: usageStatusSchema },
    },
  }, async (request) => usageStatus(db, services.dialect, clock, { customerId: request.query.customer || null }));

  app.get('/customers/:id/usage', {
    config: { permission: 'usage:read', portal: 'own_customer' },
    schema: {
      tags, operationId: 'retrieveCustomerUsage', summary: "The open period's usage per metric and its amount so far, priced by the core",
      params: idParam(), response: { 200: customerUsageSchema },
    },
  }, async (request) => customerUsage(db, services, request.params.id));

  app.get('/customers/:id/usage/daily', {
    config: { permission: 'usage:read', portal: 'own_customer' },
    schema: {
      tags, operationId: 'retrieveCustomerDailyUsage',
      summary: "The open period's usage per metric and per day, with the period's total and the limit of the feature named after the metric",
      params: idParam(), response: { 200: dailyUsageSchema },
    },
  }, async (request) => dailyUsage(db, services, request.params.id));
}

// One event, or { "events": [...] } with 1 to 1,000 of them.
function readEnvelope(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError('INVALID_TYPE', 'must be an event object, or {"events": [...]}');
  }
  if (!Object.hasOwn(body, 'events')) return { events: [body], single: true };
  const extra = Object.keys(body).find((key) => key !== 'events');
  if (extra !== undefined) throw new ApiError('UNKNOWN_FIELD', 'a batch has only "events"', `/${extra}`);
  if (!Array.isArray(body.events)) throw new ApiError('INVALID_TYPE', 'must be an array of events', '/events');
  if (!body.events.length) throw new ApiError('INVALID_ARGUMENT', 'must hold at least one event', '/events');
  if (body.events.length > MAX_BATCH_EVENTS) {
    throw new ApiError('LIMIT_EXCEEDED', `holds ${body.events.length} events; send at most ${MAX_BATCH_EVENTS} per request`, '/events');
  }
  return { events: body.events, single: false };
}

// A date-time of the query string in the stored form.
function instantQuery(text, name) {
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime())) throw new ApiError('INVALID_ARGUMENT', 'must be an RFC 3339 date-time', `/query/${name}`);
  return parsed.toISOString();
}

module.exports = usageRoutes;
