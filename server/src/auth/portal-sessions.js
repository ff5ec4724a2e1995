'use strict';
const { notFound, invalidState } = require('../http/errors');
const { toInstant } = require('../time');
const { KINDS } = require('./credentials');
const { sessionStore } = require('./session-store');

/// Portal tokens are short-lived: 15 minutes unless asked otherwise, one hour at most.
const PORTAL_TTL = { minSeconds: 60, defaultSeconds: 15 * 60, maxSeconds: 60 * 60 };

const store = sessionStore({ table: 'portal_sessions', kind: KINDS.portalSession, idPrefix: 'pts' });

/// Creates a portal session for one customer; returns { record, token } (token shown once).
async function createPortalSession(executor, { customer, return_url: returnUrl, ttl_seconds: ttlSeconds }, now) {
  const columns = { customer_id: customer, return_url: returnUrl || null };
  return store.open(executor, { ttlMs: (ttlSeconds || PORTAL_TTL.defaultSeconds) * 1000, columns }, now);
}

/// The row of a live portal session's token, or null for a malformed, unknown, revoked or
/// expired one.
function findLivePortalSession(executor, token, now) {
  return store.findLive(executor, token, now);
}

/// Revokes every live portal session of a customer (an erasure) at the instant text
/// `revokedAt`; returns how many.
function revokeCustomerSessions(executor, customerId, revokedAt) {
  return store.revokeWhere(executor, 'customer_id', customerId, revokedAt);
}

/// Revokes a portal session at once: its token stops working before it expires. Returns the
/// revoked row; INVALID_STATE when it was revoked already.
async function revokePortalSession(trx, id, now) {
  const session = await trx.selectFrom('portal_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!session) throw notFound('portal session', id);
  if (session.revoked_at) throw invalidState('the portal session is already revoked');
  const revoked = { ...session, revoked_at: toInstant(now) };
  await store.revokeWhere(trx, 'id', id, revoked.revoked_at);
  return revoked;
}

function presentPortalSession(row) {
  return {
    id: row.id,
    object: 'portal_session',
    customer: row.customer_id,
    return_url: row.return_url,
    created_at: row.created_at,
    expires_at: row.expires_at,
    revoked_at: row.revoked_at ?? null,
  };
}

module.exports = { createPortalSession, findLivePortalSession, revokePortalSession, revokeCustomerSessions, presentPortalSession, PORTAL_TTL };
