'use strict';
const { idParam } = require('../http/schemas');
const { checkEntitlement, listEntitlements, entitlementRuntime } = require('./decisions');
const { customerSnapshot } = require('./snapshot');
const { signingKey, presentSigningKey } = require('./signing-keys');

const featureKey = { type: 'string', minLength: 1, maxLength: 255 };
const decimal = { type: 'string', pattern: '^(0|[1-9][0-9]*)(\\.[0-9]+)?$', maxLength: 40 };

const checkSchema = {
  type: 'object',
  title: 'EntitlementCheck',
  properties: {
    object: { const: 'entitlement_check' }, customer: { type: 'string' }, feature: { type: 'string' },
    allowed: { type: 'boolean' }, kind: { type: ['string', 'null'] },
    limit: { type: ['string', 'null'] }, usage: { type: ['string', 'null'] }, balance: { type: ['string', 'null'] },
    overage: { type: ['string', 'null'] }, reset_at: { type: ['string', 'null'], description: 'When a metered balance resets next' },
    reason: { type: ['string', 'null'], description: 'Why not: not_entitled, disabled, limit_exceeded, insufficient_balance, not_assigned (the core\'s), or no_subscription, subscription_paused, account_suspended, account_deprovisioned' },
    amount: { type: ['string', 'null'] }, assignee: { type: ['string', 'null'] },
  },
};

const listSchema = {
  type: 'object',
  title: 'CustomerEntitlements',
  properties: {
    object: { const: 'entitlements' }, customer: { type: 'string' }, at: { type: 'string' }, access: { type: 'boolean' },
    reason: { type: ['string', 'null'] }, subscription: { type: ['string', 'null'] }, plan: { type: ['string', 'null'] },
    plan_version: { type: ['integer', 'null'] },
    features: { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'The core\'s entitlements, one per feature, sorted by key' },
  },
};

const snapshotSchema = {
  type: 'object',
  title: 'EntitlementSnapshot',
  properties: {
    payload: { type: 'string', description: 'The snapshot as JSON text: the signature covers these exact bytes' },
    signature: {
      type: 'object',
      properties: { algorithm: { const: 'Ed25519' }, key_id: { type: 'string' }, value: { type: 'string', description: 'base64url' } },
    },
  },
};

const signingKeySchema = {
  type: 'object',
  title: 'SigningKey',
  properties: { object: { const: 'signing_key' }, kid: { type: 'string' }, algorithm: { type: 'string' }, public_key: { type: 'string' }, created_at: { type: 'string' } },
};

/// Entitlement decisions: the hot-path check, a customer's full list, the signed snapshot a
/// customer's service decides from in process, and the public key that verifies it.
async function entitlementRoutes(app, { services }) {
  const tags = ['Entitlements'];
  entitlementRuntime(services); // its cache hears the outbox events from the app's start

  app.get('/entitlements/check', {
    config: { permission: 'entitlements:read' },
    schema: {
      tags, operationId: 'checkEntitlement',
      summary: 'May the customer use a feature now (amount more units, or as a seat holder)?',
      querystring: {
        type: 'object', additionalProperties: false, required: ['customer', 'feature'],
        properties: { customer: { type: 'string', maxLength: 100 }, feature: featureKey, amount: decimal, assignee: { type: 'string', minLength: 1, maxLength: 255 } },
      },
      response: { 200: checkSchema },
    },
  }, async (request) => checkEntitlement(services, request.query));

  app.get('/customers/:id/entitlements', {
    config: { permission: 'entitlements:read', portal: 'own_account' },
    schema: { tags, operationId: 'listCustomerEntitlements', summary: "Every feature of the customer's plan, add-ons, overrides and grants, decided now", params: idParam(), response: { 200: listSchema } },
  }, async (request) => listEntitlements(services, request.params.id));

  app.get('/entitlements/snapshot', {
    config: { permission: 'entitlements:read' },
    schema: {
      tags, operationId: 'getEntitlementSnapshot',
      summary: 'The signed entitlement snapshot of a customer (ETag; a request with If-None-Match naming the current ETag is answered 304)',
      querystring: { type: 'object', additionalProperties: false, required: ['customer'], properties: { customer: { type: 'string', maxLength: 100 } } },
      response: { 200: snapshotSchema, 304: { type: 'null', description: 'The snapshot has not changed' } },
    },
  }, async (request, reply) => {
    const snapshot = await customerSnapshot(services, request.query.customer, '/query/customer');
    reply.header('etag', snapshot.etag);
    reply.header('cache-control', 'no-cache');
    if (request.headers['if-none-match'] === snapshot.etag) return reply.code(304).send();
    return snapshot.body;
  });

  app.get('/entitlements/signing_keys', {
    config: { permission: 'entitlements:read' },
    schema: {
      tags, operationId: 'listSigningKeys', summary: 'The public keys that verify snapshots and Ratecard\'s requests to provisioned services',
      response: { 200: { type: 'object', title: 'SigningKeyList', properties: { object: { const: 'list' }, data: { type: 'array', items: signingKeySchema } } } },
    },
  }, async () => ({ object: 'list', data: [presentSigningKey(await signingKey(services.db, services.clock.now()))] }));
}

module.exports = entitlementRoutes;
