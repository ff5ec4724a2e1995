'use strict';
const { ApiError } = require('../http/errors');
const { verifyPassword } = require('./passwords');
const { normalizeEmail } = require('./operators');
const { createSession } = require('./sessions');
const { recordAttempt, forgetAttempt, checkThrottle, clearFailures } = require('./throttle');

/// Signs an operator in with email and password: { operator, session, token }. Refuses with
/// 429 RATE_LIMITED while the email or the client address is throttled (throttle.js), and with
/// 401 UNAUTHENTICATED, the same for an unknown email, a wrong password, an invitation not yet
/// accepted or a disabled operator (each failure counted).
async function signIn(db, { email, password }, now, { clientIp, userAgent }) {
  const address = normalizeEmail(email);
  const attempt = await recordAttempt(db, { email: address, clientIp }, now);
  try {
    await checkThrottle(db, { email: address, clientIp }, now);
  } catch (error) {
    await forgetAttempt(db, attempt);
    throw error;
  }
  const operator = await db.selectFrom('operators').selectAll().where('email', '=', address).executeTakeFirst();
  const matches = await verifyPassword(operator?.password_hash ?? null, password);
  // A wrong password leaves its attempt counted as a failure.
  if (!operator || !matches || operator.disabled_at) throw new ApiError('UNAUTHENTICATED', 'the email or the password is wrong');
  await clearFailures(db, { email: address }, now);
  const { record, token } = await createSession(db, operator.id, now, { clientIp, userAgent });
  return { operator, session: record, token };
}

module.exports = { signIn };
