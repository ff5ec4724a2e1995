'use strict';
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, name } = require('../http/schemas');
const { ApiError, notFound, invalidState } = require('../http/errors');
const { recordEvent } = require('../outbox/outbox');
const { toInstant } = require('../time');
const { createApiKey, presentApiKey } = require('./api-keys');
const { apiKeyCacheOf } = require('./key-cache');
const { createPortalSession, revokePortalSession, presentPortalSession, PORTAL_TTL } = require('./portal-sessions');
const { ROLES } = require('./roles');
const { assertNotErased } = require('../customers/erasure');

const apiKeySchema = {
  title: 'ApiKey',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'api_key' }, name: { type: 'string' },
    role: { enum: ROLES }, prefix: { type: 'string' }, created_at: { type: 'string' },
    last_used_at: { type: ['string', 'null'] }, revoked_at: { type: ['string', 'null'] },
    secret: {
      type: ['string', 'null'],
      description: 'The key itself: returned once, at creation, and never again. It is never stored, so a response replayed for a repeated Idempotency-Key has null here: revoke that key and create another if the first response was lost',
    },
  },
};

const portalSessionSchema = {
  title: 'PortalSession',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'portal_session' }, customer: { type: 'string' },
    return_url: { type: ['string', 'null'] }, created_at: { type: 'string' }, expires_at: { type: 'string' },
    revoked_at: { type: ['string', 'null'] },
    token: {
      type: ['string', 'null'],
      description: 'Bearer token scoped to the customer: returned once. Never stored, so null in a response replayed for a repeated Idempotency-Key: create another session',
    },
  },
};

/// API keys (admin only) and customer portal sessions.
async function authRoutes(app, { services }) {
  const { db, clock } = services;

  app.post('/api_keys', {
    config: { permission: 'api_keys:write', secretFields: ['secret'] },
    schema: {
      operationId: 'createApiKey', tags: ['API keys'], summary: 'Create an API key (its secret is shown once)',
      body: {
        type: 'object', additionalProperties: false, required: ['name', 'role'],
        properties: { name, role: { enum: ROLES } },
      },
      response: { 201: apiKeySchema },
    },
  }, async (request, reply) => {
    const now = clock.now();
    reply.code(201);
    return request.transaction(async (trx) => {
      const { record, secret } = await createApiKey(trx, request.body, now);
      await recordEvent(trx, { type: 'api_key.created', object: presentApiKey(record) }, now);
      return { ...presentApiKey(record), secret };
    });
  });

  app.get('/api_keys', {
    config: { permission: 'api_keys:read' },
    schema: { operationId: 'listApiKeys', tags: ['API keys'], summary: 'List API keys', querystring: listQuerySchema(), response: { 200: listResponseSchema(apiKeySchema) } },
  }, async (request) => paginate(db.selectFrom('api_keys').selectAll(), request.query, eachRow(presentApiKey)));

  app.get('/api_keys/:id', {
    config: { permission: 'api_keys:read' },
    schema: { operationId: 'retrieveApiKey', tags: ['API keys'], summary: 'Retrieve an API key', params: idParam(), response: { 200: apiKeySchema } },
  }, async (request) => presentApiKey(await findApiKey(db, request.params.id)));

  app.post('/api_keys/:id/revoke', {
    config: { permission: 'api_keys:write' },
    schema: { operationId: 'revokeApiKey', tags: ['API keys'], summary: 'Revoke an API key for good (refused at once by this server process, by the others within RATECARD_API_KEY_CACHE_MS, 2 s by default)', params: idParam(), response: { 200: apiKeySchema } },
  }, async (request) => {
    const now = clock.now();
    const presented = await request.transaction(async (trx) => {
      const key = await findApiKey(trx, request.params.id);
      if (key.revoked_at) throw invalidState('the API key is already revoked');
      if (request.principal.id === key.id) throw invalidState('an API key cannot revoke itself; use another admin key');
      const revoked = { ...key, revoked_at: toInstant(now) };
      await trx.updateTable('api_keys').set({ revoked_at: revoked.revoked_at }).where('id', '=', key.id).execute();
      await recordEvent(trx, { type: 'api_key.revoked', object: presentApiKey(revoked) }, now);
      return presentApiKey(revoked);
    });
    apiKeyCacheOf(services).invalidate(presented.id); // other processes: through its event
    return presented;
  });

  app.post('/portal_sessions', {
    config: { permission: 'portal_sessions:write', secretFields: ['token'] },
    schema: {
      operationId: 'createPortalSession', tags: ['Portal sessions'], summary: 'Create a customer portal session (its token is shown once)',
      body: {
        type: 'object', additionalProperties: false, required: ['customer'],
        properties: {
          customer: { type: 'string', maxLength: 100 },
          return_url: { type: 'string', format: 'uri', maxLength: 2000, description: 'Where the portal sends the customer back: an http or https URL' },
          ttl_seconds: { type: 'integer', minimum: PORTAL_TTL.minSeconds, maximum: PORTAL_TTL.maxSeconds, default: PORTAL_TTL.defaultSeconds },
        },
      },
      response: { 201: portalSessionSchema },
    },
  }, async (request, reply) => {
    if (request.body.return_url !== undefined) checkReturnUrl(request.body.return_url);
    const now = clock.now();
    reply.code(201);
    return request.transaction(async (trx) => {
      const customer = await trx.selectFrom('customers').select(['id', 'erased_at']).where('id', '=', request.body.customer).executeTakeFirst();
      if (!customer) throw notFound('customer', request.body.customer, '/customer');
      assertNotErased(customer, '/customer');
      const { record, token } = await createPortalSession(trx, request.body, now);
      await recordEvent(trx, { type: 'portal_session.created', object: presentPortalSession(record), customerId: customer.id }, now);
      return { ...presentPortalSession(record), token };
    });
  });

  app.post('/portal_sessions/:id/revoke', {
    config: { permission: 'portal_sessions:write', portal: 'own_portal_session' },
    schema: {
      operationId: 'revokePortalSession', tags: ['Portal sessions'], summary: 'Revoke a portal session at once (an operator, or the portal itself to sign out)',
      params: idParam(), response: { 200: portalSessionSchema },
    },
  }, async (request) => {
    const now = clock.now();
    return request.transaction(async (trx) => {
      const presented = presentPortalSession(await revokePortalSession(trx, request.params.id, now));
      await recordEvent(trx, { type: 'portal_session.revoked', object: presented, customerId: presented.customer }, now);
      return presented;
    });
  });
}

// A return URL is where a browser is sent: only web URLs, never javascript:, data: or the like.
function checkReturnUrl(text) {
  let protocol = null;
  try {
    protocol = new URL(text).protocol;
  } catch {
    // not a URL a browser can follow: refused below
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new ApiError('INVALID_ARGUMENT', `must be an http or https URL${protocol ? `, not ${protocol}` : ''}`, '/return_url');
  }
}

async function findApiKey(executor, id) {
  const key = await executor.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  if (!key) throw notFound('API key', id);
  return key;
}

module.exports = authRoutes;
