'use strict';
const { hashPassword } = require('./passwords');
const { acceptInvitation, presentOperator } = require('./operators');
const { signIn } = require('./sign-in');
const { revokeSession, revokeAllSessions, SESSION_TTL_MS } = require('./sessions');
const { operatorPrincipal, checkCsrf } = require('./principal');
const { sessionCookie, clearedSessionCookie } = require('./session-cookie');
const { presentSession } = require('./presenters');
const { inTransaction } = require('../db/rows');

const credentials = {
  type: 'object', additionalProperties: false, required: ['email', 'password'],
  properties: { email: { type: 'string', minLength: 1, maxLength: 254 }, password: { type: 'string', minLength: 1, maxLength: 1000 } },
};
const acceptance = {
  type: 'object', additionalProperties: false, required: ['token', 'password'],
  properties: { token: { type: 'string', maxLength: 200 }, password: { type: 'string', maxLength: 1000 } },
};

/// The dashboard's sign-in (docs/server.md, "Operator accounts"): outside /v1 and not in the
/// OpenAPI description, for browsers only. A session lives in an HttpOnly, SameSite=Strict
/// cookie; the answer carries its CSRF token for the X-CSRF-Token header.
/// - POST /auth/session: sign in (email, password); GET: the current session; DELETE: sign out.
/// - POST /auth/session/revoke_all: sign out everywhere (every session of the operator).
/// - POST /auth/invitations/accept: an invited operator sets a password (token, password).
async function operatorSessionRoutes(app, { services }) {
  const { db, clock } = services;
  const open = { public: true, browser: true };
  const hidden = { hide: true };
  const secure = (request) => request.protocol === 'https';

  app.post('/auth/session', { config: open, schema: { ...hidden, body: credentials } }, async (request, reply) => {
    const now = clock.now();
    let signedIn;
    try {
      signedIn = await signIn(db, request.body, now, { clientIp: request.ip, userAgent: request.headers['user-agent'] });
    } catch (error) {
      if (error.retryAfter) reply.header('retry-after', error.retryAfter);
      throw error;
    }
    reply.header('set-cookie', sessionCookie(signedIn.token, { maxAgeSeconds: SESSION_TTL_MS / 1000, secure: secure(request) }));
    reply.header('cache-control', 'no-store');
    return presentSession(signedIn);
  });

  app.get('/auth/session', { config: open, schema: hidden }, async (request, reply) => {
    const principal = await operatorPrincipal(db, request, clock.now());
    const session = await db.selectFrom('operator_sessions').selectAll().where('id', '=', principal.sessionId).executeTakeFirst();
    const operator = await db.selectFrom('operators').selectAll().where('id', '=', principal.id).executeTakeFirst();
    reply.header('cache-control', 'no-store');
    return presentSession({ operator, session, token: principal.token });
  });

  app.delete('/auth/session', { config: open, schema: hidden }, async (request, reply) => {
    const principal = await operatorPrincipal(db, request, clock.now());
    checkCsrf(request, principal);
    await revokeSession(db, principal.sessionId, clock.now());
    reply.header('set-cookie', clearedSessionCookie({ secure: secure(request) }));
    return { object: 'operator_session', signed_out: true };
  });

  app.post('/auth/session/revoke_all', { config: open, schema: hidden }, async (request, reply) => {
    const principal = await operatorPrincipal(db, request, clock.now());
    checkCsrf(request, principal);
    const ended = await revokeAllSessions(db, principal.id, clock.now());
    reply.header('set-cookie', clearedSessionCookie({ secure: secure(request) }));
    return { object: 'operator_session', signed_out: true, sessions_ended: ended };
  });

  app.post('/auth/invitations/accept', { config: open, schema: { ...hidden, body: acceptance } }, async (request) => {
    const passwordHash = await hashPassword(request.body.password);
    const operator = await inTransaction(db, (trx) => acceptInvitation(trx, request.body.token, passwordHash, clock.now()));
    return presentOperator(operator);
  });
}

module.exports = operatorSessionRoutes;
