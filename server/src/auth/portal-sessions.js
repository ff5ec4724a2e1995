'use strict';
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { KINDS, newCredential } = require('./credentials');

/// Portal tokens are short-lived: 15 minutes unless asked otherwise, one hour at most.
const PORTAL_TTL = { minSeconds: 60, defaultSeconds: 15 * 60, maxSeconds: 60 * 60 };

/// Creates a portal session for one customer; returns { record, token } (token shown once).
async function createPortalSession(executor, { customer, return_url: returnUrl, ttl_seconds: ttlSeconds }, now) {
  const { prefix, secret, hash } = newCredential(KINDS.portalSession);
  const createdAt = toInstant(now);
  const record = {
    id: newId('pts'),
    prefix,
    token_hash: hash,
    customer_id: customer,
    return_url: returnUrl || null,
    created_at: createdAt,
    expires_at: addMilliseconds(createdAt, (ttlSeconds || PORTAL_TTL.defaultSeconds) * 1000),
    revoked_at: null,
  };
  await executor.insertInto('portal_sessions').values(record).execute();
  return { record, token: secret };
}

function presentPortalSession(row) {
  return {
    id: row.id,
    object: 'portal_session',
    customer: row.customer_id,
    return_url: row.return_url,
    created_at: row.created_at,
    expires_at: row.expires_at,
  };
}

module.exports = { createPortalSession, presentPortalSession, PORTAL_TTL };
