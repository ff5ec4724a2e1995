'use strict';
const { toInstant } = require('../time');
const { KINDS } = require('../auth/credentials');
const { sessionStore } = require('../auth/session-store');

/// A session lasts this long from sign-in, whatever its use (then the operator signs in again).
const SESSION_TTL_MS = 12 * 3600 * 1000;

const store = sessionStore({ table: 'operator_sessions', kind: KINDS.operatorSession, idPrefix: 'ops' });

/// Opens a session for an operator; returns { record, token } (the token goes only into the
/// cookie; the database keeps its hash).
async function createSession(executor, operatorId, now, { clientIp = null, userAgent = null } = {}) {
  const columns = { operator_id: operatorId, client_ip: clientIp, user_agent: typeof userAgent === 'string' ? userAgent.slice(0, 500) : null };
  return store.open(executor, { ttlMs: SESSION_TTL_MS, columns }, now);
}

/// The live session of a cookie's token with its operator ({ session, operator }), or null for
/// a malformed, unknown, revoked or expired one, or one of a disabled operator.
async function findLiveSession(db, token, now) {
  const session = await store.findLive(db, token, now);
  if (!session) return null;
  const operator = await db.selectFrom('operators').selectAll().where('id', '=', session.operator_id).executeTakeFirst();
  return operator && !operator.disabled_at ? { session, operator } : null;
}

/// Ends one session (sign-out).
async function revokeSession(executor, sessionId, now) {
  await store.revokeWhere(executor, 'id', sessionId, toInstant(now));
}

/// Ends every live session of an operator (sign-out everywhere, or the operator disabled);
/// returns how many.
async function revokeAllSessions(executor, operatorId, now) {
  return store.revokeWhere(executor, 'operator_id', operatorId, toInstant(now));
}

module.exports = { createSession, findLiveSession, revokeSession, revokeAllSessions, SESSION_TTL_MS };
