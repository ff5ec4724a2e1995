'use strict';
const { ApiError } = require('../http/errors');
const { verifyPassword } = require('./passwords');
const { normalizeEmail } = require('./operators');
const { createSession } = require('./sessions');
const { checkThrottle, recordFailure, clearFailures } = require('./throttle');

/// Signs an operator in with email and password: { operator, session, token }. Refuses with
/// 429 RATE_LIMITED while the email or the client address is throttled (throttle.js), and with
/// 401 UNAUTHENTICATED, the same for an unknown email, a wrong password or an invitation not
/// yet accepted (each failure counted).
async function signIn(db, { email, password }, now, { clientIp, userAgent }) {
  const address = normalizeEmail(email);
  await checkThrottle(db, { email: address, clientIp }, now);
  const operator = await db.selectFrom('operators').selectAll().where('email', '=', address).executeTakeFirst();
  const matches = await verifyPassword(operator?.password_hash ?? null, password);
  if (!operator || !matches) {
    await recordFailure(db, { email: address, clientIp }, now);
    throw new ApiError('UNAUTHENTICATED', 'the email or the password is wrong');
  }
  await clearFailures(db, { email: address }, now);
  const { record, token } = await createSession(db, operator.id, now, { clientIp, userAgent });
  return { operator, session: record, token };
}

module.exports = { signIn };
