'use strict';
const net = require('node:net');
const { ApiError, notFound } = require('../http/errors');
const { parseJson } = require('../db/rows');
const { EVENT_TYPES } = require('../outbox/outbox');
const { sealSecret, openSecret } = require('../secrets/secret-box');
const { isPrivateAddress } = require('./addresses');

const STATUSES = ['enabled', 'disabled'];

const endpointSchema = {
  title: 'WebhookEndpoint',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'webhook_endpoint' }, url: { type: 'string' },
    description: { type: ['string', 'null'] },
    event_types: { type: 'array', items: { type: 'string' }, description: '"*" for every event, "subscription.*" for every event of a kind, or event types' },
    owner_email: { type: ['string', 'null'], description: 'Who is emailed when the endpoint is disabled' },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    status: { enum: STATUSES }, disabled_reason: { type: ['string', 'null'] }, disabled_at: { type: ['string', 'null'] },
    previous_secret_expires_at: { type: ['string', 'null'], description: 'While set and in the future, the previous secret signs too' },
    failing_since: { type: ['string', 'null'], description: 'When the current run of failed attempts began (null: the last attempt succeeded)' },
    throttle_ms: { type: 'integer', description: 'The pause kept between two requests after the receiver asked to slow down (429, 502, 504)' },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

function presentEndpoint(row) {
  return {
    id: row.id, object: 'webhook_endpoint', url: row.url, description: row.description,
    event_types: parseJson(row.event_types), owner_email: row.owner_email, metadata: parseJson(row.metadata),
    status: row.status, disabled_reason: row.disabled_reason, disabled_at: row.disabled_at,
    previous_secret_expires_at: row.previous_secret_expires_at, failing_since: row.failing_since,
    throttle_ms: row.throttle_ms, created_at: row.created_at, updated_at: row.updated_at,
  };
}

async function findEndpoint(executor, id, path = '') {
  const row = await executor.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('webhook endpoint', id, path);
  return row;
}

/// Reads an endpoint in a transaction that changes it or its deliveries, locking its row on
/// PostgreSQL (SQLite's transactions hold the write lock already): fan-out, attempts and
/// replays of one endpoint follow one another, which keeps each customer's queue in order.
async function lockEndpoint(trx, dialect, id) {
  let query = trx.selectFrom('webhook_endpoints').selectAll().where('id', '=', id);
  if (dialect === 'postgres') query = query.forUpdate();
  return query.executeTakeFirst();
}

/// Checks an endpoint URL: http or https, no credentials in it, and (unless private URLs are
/// allowed) no private or loopback address written in it and no "localhost". Host names are
/// checked again on every request, against the address connected to (addresses.js).
function checkUrl(text, { allowPrivate }) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new ApiError('INVALID_ARGUMENT', 'is not a URL', '/url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ApiError('INVALID_ARGUMENT', 'must be an http or https URL', '/url');
  if (url.username || url.password) throw new ApiError('INVALID_ARGUMENT', 'must not carry credentials; authenticate the request by its signature', '/url');
  if (url.hash) throw new ApiError('INVALID_ARGUMENT', 'must not have a fragment', '/url');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!allowPrivate) {
    if (host === 'localhost' || host.endsWith('.localhost') || (net.isIP(host) && isPrivateAddress(host))) {
      throw new ApiError('INVALID_ARGUMENT', `${host} is a private or loopback address; webhooks go to public addresses (RATECARD_WEBHOOK_ALLOW_PRIVATE_URLS=true allows others, for development)`, '/url');
    }
  }
  return url.toString();
}

/// Checks the event types an endpoint subscribes to: "*", "<kind>.*" for a kind of object the
/// server has events of, or event types the server emits; duplicates are dropped.
function checkEventTypes(types) {
  const kinds = new Set(EVENT_TYPES.map((type) => type.split('.')[0]));
  types.forEach((type, index) => {
    const known = type === '*' || EVENT_TYPES.includes(type) || (type.endsWith('.*') && kinds.has(type.slice(0, -2)));
    if (!known) throw new ApiError('INVALID_ARGUMENT', `"${type}" is not an event type (GET /v1/events lists them; "*" is every event)`, `/event_types/${index}`);
  });
  return [...new Set(types)];
}

/// True when an endpoint subscribed to `types` receives events of type `type`.
function subscribes(types, type) {
  return types.some((wanted) => wanted === '*' || wanted === type || (wanted.endsWith('.*') && type.startsWith(wanted.slice(0, -1))));
}

const secretContext = (endpointId) => `webhook_endpoint:${endpointId}`;

/// The secret sealed for storage in endpoint `endpointId`'s row.
const sealEndpointSecret = (config, endpointId, secret) => sealSecret(config, secret, secretContext(endpointId));

/// The secrets that sign a request now: the current one, and the previous one while its overlap
/// lasts after a rotation.
function signingSecrets(config, row, nowText) {
  const secrets = [openSecret(config, row.secret_sealed, secretContext(row.id))];
  if (row.previous_secret_sealed && row.previous_secret_expires_at > nowText) {
    secrets.push(openSecret(config, row.previous_secret_sealed, secretContext(row.id)));
  }
  return secrets;
}

module.exports = {
  STATUSES, endpointSchema, presentEndpoint, findEndpoint, lockEndpoint, checkUrl, checkEventTypes, subscribes,
  sealEndpointSecret, signingSecrets, secretContext,
};
