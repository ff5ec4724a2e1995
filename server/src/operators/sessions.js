'use strict';
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { KINDS, newCredential, matchesHash } = require('../auth/credentials');
const { parseOperatorToken } = require('./tokens');

/// A session lasts this long from sign-in, whatever its use (then the operator signs in again).
const SESSION_TTL_MS = 12 * 3600 * 1000;

/// Opens a session for an operator; returns { record, token } (the token goes only into the
/// cookie; the database keeps its hash).
async function createSession(executor, operatorId, now, { clientIp = null, userAgent = null } = {}) {
  const { prefix, secret, hash } = newCredential(KINDS.operatorSession);
  const createdAt = toInstant(now);
  const record = {
    id: newId('ops'),
    prefix,
    token_hash: hash,
    operator_id: operatorId,
    created_at: createdAt,
    expires_at: addMilliseconds(createdAt, SESSION_TTL_MS),
    revoked_at: null,
    client_ip: clientIp,
    user_agent: typeof userAgent === 'string' ? userAgent.slice(0, 500) : null,
  };
  await executor.insertInto('operator_sessions').values(record).execute();
  return { record, token: secret };
}

/// The live session of a cookie's token with its operator ({ session, operator }), or null for
/// a malformed, unknown, revoked or expired one.
async function findLiveSession(db, token, now) {
  const parsed = parseOperatorToken(token, KINDS.operatorSession);
  if (!parsed) return null;
  const session = await db.selectFrom('operator_sessions').selectAll().where('prefix', '=', parsed.prefix).executeTakeFirst();
  if (!session || session.revoked_at || session.expires_at <= toInstant(now) || !matchesHash(token, session.token_hash)) return null;
  const operator = await db.selectFrom('operators').selectAll().where('id', '=', session.operator_id).executeTakeFirst();
  return operator ? { session, operator } : null;
}

/// Ends one session (sign-out).
async function revokeSession(db, sessionId, now) {
  await db.updateTable('operator_sessions').set({ revoked_at: toInstant(now) })
    .where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
}

/// Ends every live session of an operator (sign-out everywhere); returns how many.
async function revokeAllSessions(db, operatorId, now) {
  const result = await db.updateTable('operator_sessions').set({ revoked_at: toInstant(now) })
    .where('operator_id', '=', operatorId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

module.exports = { createSession, findLiveSession, revokeSession, revokeAllSessions, SESSION_TTL_MS };
