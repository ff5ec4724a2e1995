'use strict';
const { sql } = require('kysely');
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { ApiError } = require('../http/errors');

/// Wrong passwords counted over this window...
const WINDOW_MS = 15 * 60 * 1000;
/// ...at most this many for one email (whoever tries it) and for one client address (whatever
/// emails it tries); beyond, sign-in is refused (429) until the oldest failure leaves the window.
const MAX_FAILURES = { email: 5, client_ip: 30 };

/// Counts a sign-in attempt before its password is checked, in the caller's transaction `trx`:
/// returns the refusal (429 RATE_LIMITED, with the seconds to wait in `retryAfter`) when the
/// email or the client address had too many failed attempts lately, writing nothing; else
/// writes the attempt's row, which stays as a failure unless a successful sign-in clears it.
/// The count and the row are one transaction, serialized per email and per address (SQLite
/// writes one transaction at a time; PostgreSQL takes advisory locks, the email's first), so
/// parallel attempts each count those before them, and a refusal leaves no row even if the
/// process dies. Counted in the database: every server process and a restart agree.
async function countAttempt(trx, { email, clientIp }, now, { dialect }) {
  if (dialect === 'postgres') {
    for (const key of [`operator_sign_in:email:${email}`, `operator_sign_in:client_ip:${clientIp}`]) {
      await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
    }
  }
  const since = addMilliseconds(toInstant(now), -WINDOW_MS);
  for (const [column, value] of [['email', email], ['client_ip', clientIp]]) {
    const rows = await trx.selectFrom('operator_login_failures').select('created_at')
      .where(column, '=', value).where('created_at', '>', since)
      .orderBy('created_at', 'asc').limit(MAX_FAILURES[column]).execute();
    if (rows.length < MAX_FAILURES[column]) continue;
    const freeAt = new Date(rows[0].created_at).getTime() + WINDOW_MS;
    const refusal = new ApiError('RATE_LIMITED', `too many wrong passwords for this ${column === 'email' ? 'email' : 'client address'}: try again later`);
    refusal.retryAfter = Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
    return refusal;
  }
  await trx.insertInto('operator_login_failures').values({ id: newId('lgf'), email, client_ip: clientIp, created_at: toInstant(now) }).execute();
  return null;
}

/// A successful sign-in forgets the email's failures (its own attempt among them), and the
/// failures past the window go.
async function clearFailures(executor, { email }, now) {
  await executor.deleteFrom('operator_login_failures').where('email', '=', email).execute();
  await executor.deleteFrom('operator_login_failures').where('created_at', '<=', addMilliseconds(toInstant(now), -WINDOW_MS)).execute();
}

module.exports = { countAttempt, clearFailures, MAX_FAILURES, WINDOW_MS };
