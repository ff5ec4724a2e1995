'use strict';
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { newCredential, credentialPrefix, matchesHash } = require('./credentials');

/// A table of sessions opened with a secret token (customer portal sessions, operators'
/// dashboard sessions). Each row has `id`, `prefix` (the token's public part, unique),
/// `token_hash` (SHA-256 of the token), `created_at`, `expires_at` and `revoked_at`, plus the
/// owner's columns. `table` names it, `kind` is its tokens' kind (credentials.js KINDS) and
/// `idPrefix` its ids' prefix.
function sessionStore({ table, kind, idPrefix }) {
  /// Opens a session lasting `ttlMs` from `now` with the owner's `columns`; returns { record,
  /// token } (the token is shown once; the database keeps its hash).
  async function open(executor, { ttlMs, columns }, now) {
    const { prefix, secret, hash } = newCredential(kind);
    const createdAt = toInstant(now);
    const record = {
      id: newId(idPrefix), prefix, token_hash: hash, ...columns,
      created_at: createdAt, expires_at: addMilliseconds(createdAt, ttlMs), revoked_at: null,
    };
    await executor.insertInto(table).values(record).execute();
    return { record, token: secret };
  }

  /// The row of a live session's token, or null for a malformed, unknown, revoked or expired one
  /// (without saying which).
  async function findLive(executor, token, now) {
    const prefix = credentialPrefix(token, kind);
    if (!prefix) return null;
    const session = await executor.selectFrom(table).selectAll().where('prefix', '=', prefix).executeTakeFirst();
    if (!session || session.revoked_at || session.expires_at <= toInstant(now) || !matchesHash(token, session.token_hash)) return null;
    return session;
  }

  /// Ends every live session whose `column` equals `value` (one session by `id`, or all of an
  /// owner's), revoked at the instant text `revokedAt`; returns how many ended.
  async function revokeWhere(executor, column, value, revokedAt) {
    const result = await executor.updateTable(table).set({ revoked_at: revokedAt })
      .where(column, '=', value).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  return { open, findLive, revokeWhere };
}

module.exports = { sessionStore };
