'use strict';
const { ApiError } = require('../http/errors');
const { inTransaction } = require('../db/rows');
const { verifyPassword } = require('./passwords');
const { normalizeEmail } = require('./operators');
const { createSession } = require('./sessions');
const { principalOf } = require('./principal');
const { countAttempt, clearFailures } = require('./throttle');

/// Signs an operator in with email and password: { operator, session, token }. Refuses with
/// 429 RATE_LIMITED while the email or the client address is throttled (throttle.js), and with
/// 401 UNAUTHENTICATED, the same for an unknown email, a wrong password, an invitation not yet
/// accepted or a disabled operator (each failure counted). `audit(executor, outcome)` writes the
/// outcome's audit entry ({ status, errorCode, principal, operator, email }): a throttled
/// refusal's in the transaction that counted nothing, a success's in the one that opens the
/// session and clears the failures, a wrong password's once its attempt stands as a failure.
async function signIn(db, { email, password }, now, { clientIp, userAgent, dialect, audit }) {
  const address = normalizeEmail(email);
  const throttled = await inTransaction(db, async (trx) => {
    const refusal = await countAttempt(trx, { email: address, clientIp }, now, { dialect });
    if (refusal) await audit(trx, { status: 429, errorCode: refusal.code, email: address });
    return refusal;
  });
  if (throttled) throw throttled;
  const operator = await db.selectFrom('operators').selectAll().where('email', '=', address).executeTakeFirst();
  const matches = await verifyPassword(operator?.password_hash ?? null, password);
  // A wrong password leaves its attempt counted as a failure.
  if (!operator || !matches || operator.disabled_at) {
    await audit(db, { status: 401, errorCode: 'UNAUTHENTICATED', operator, email: address });
    throw new ApiError('UNAUTHENTICATED', 'the email or the password is wrong');
  }
  return inTransaction(db, async (trx) => {
    await clearFailures(trx, { email: address }, now);
    const { record, token } = await createSession(trx, operator.id, now, { clientIp, userAgent });
    await audit(trx, { status: 200, principal: principalOf({ operator, session: record }), operator, email: address });
    return { operator, session: record, token };
  });
}

module.exports = { signIn };
