'use strict';
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { ApiError } = require('../http/errors');

/// Wrong passwords counted over this window...
const WINDOW_MS = 15 * 60 * 1000;
/// ...at most this many for one email (whoever tries it) and for one client address (whatever
/// emails it tries); beyond, sign-in is refused (429) until the oldest failure leaves the window.
const MAX_FAILURES = { email: 5, client_ip: 30 };

/// Counts a sign-in attempt before its password is checked (a wrong password leaves it as a
/// failure): parallel attempts each count the others written before them, so a burst cannot
/// all pass the check while the slow password hashes run. Returns the row's id.
async function recordAttempt(db, { email, clientIp }, now) {
  const id = newId('lgf');
  await db.insertInto('operator_login_failures').values({ id, email, client_ip: clientIp, created_at: toInstant(now) }).execute();
  return id;
}

/// Forgets an attempt refused before its password was checked: a refusal is not a failure.
async function forgetAttempt(db, id) {
  await db.deleteFrom('operator_login_failures').where('id', '=', id).execute();
}

/// Refuses a sign-in (429 RATE_LIMITED, with the seconds to wait in `retryAfter`) when the
/// email or the client address had too many wrong passwords lately, counting the attempt
/// recordAttempt wrote just before. Counted in the database, so every server process and a
/// restart see the same failures.
async function checkThrottle(db, { email, clientIp }, now) {
  const since = addMilliseconds(toInstant(now), -WINDOW_MS);
  for (const [column, value] of [['email', email], ['client_ip', clientIp]]) {
    const rows = await db.selectFrom('operator_login_failures').select('created_at')
      .where(column, '=', value).where('created_at', '>', since)
      .orderBy('created_at', 'asc').limit(MAX_FAILURES[column] + 1).execute();
    if (rows.length <= MAX_FAILURES[column]) continue;
    const freeAt = new Date(rows[0].created_at).getTime() + WINDOW_MS;
    const error = new ApiError('RATE_LIMITED', `too many wrong passwords for this ${column === 'email' ? 'email' : 'client address'}: try again later`);
    error.retryAfter = Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
    throw error;
  }
}

/// A successful sign-in forgets the email's failures, and the failures past the window go.
async function clearFailures(db, { email }, now) {
  await db.deleteFrom('operator_login_failures').where('email', '=', email).execute();
  await db.deleteFrom('operator_login_failures').where('created_at', '<=', addMilliseconds(toInstant(now), -WINDOW_MS)).execute();
}

module.exports = { recordAttempt, forgetAttempt, checkThrottle, clearFailures, MAX_FAILURES, WINDOW_MS };
