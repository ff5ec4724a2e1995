'use strict';
const { newId } = require('../ids');
const { notFound, invalidState } = require('../http/errors');
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

/// Revokes a portal session at once: its token stops working before it expires. Returns the
/// revoked row; INVALID_STATE when it was revoked already.
async function revokePortalSession(trx, id, now) {
  const session = await trx.selectFrom('portal_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!session) throw notFound('portal session', id);
  if (session.revoked_at) throw invalidState('the portal session is already revoked');
  const revoked = { ...session, revoked_at: toInstant(now) };
  await trx.updateTable('portal_sessions').set({ revoked_at: revoked.revoked_at }).where('id', '=', id).execute();
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

module.exports = { createPortalSession, revokePortalSession, presentPortalSession, PORTAL_TTL };
