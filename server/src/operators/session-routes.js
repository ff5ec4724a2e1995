'use strict';
const { hashPassword } = require('./passwords');
const { acceptInvitation, presentOperator } = require('./operators');
const { signIn } = require('./sign-in');
const { findLiveSession, revokeSession, revokeAllSessions, SESSION_TTL_MS } = require('./sessions');
const { operatorPrincipal, checkCsrf } = require('./principal');
const { recordAuthEntry } = require('./auth-audit');
const { readSessionCookie, sessionCookie, clearedSessionCookie } = require('./session-cookie');
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
/// - POST /auth/session: sign in (email, password); GET: the current session (or
///   `signed_in: false`); DELETE: sign out.
/// - POST /auth/session/revoke_all: sign out everywhere (every session of the operator).
/// - POST /auth/invitations/accept: an invited operator sets a password (token, password).
/// Each sign-in, sign-out and acceptance writes its audit entry (auth-audit.js), with its change.
async function operatorSessionRoutes(app, { services }) {
  const { db, clock, dialect } = services;
  const open = { public: true, browser: true };
  const hidden = { hide: true };
  const secure = (request) => request.protocol === 'https';

  app.post('/auth/session', { config: open, schema: { ...hidden, body: credentials } }, async (request, reply) => {
    const now = clock.now();
    let signedIn;
    try {
      const audit = (executor, outcome) => recordAuthEntry(executor, request, outcome, now);
      signedIn = await signIn(db, request.body, now, { clientIp: request.ip, userAgent: request.headers['user-agent'], dialect, audit });
    } catch (error) {
      if (error.retryAfter) reply.header('retry-after', error.retryAfter);
      throw error;
    }
    reply.header('set-cookie', sessionCookie(signedIn.token, { maxAgeSeconds: SESSION_TTL_MS / 1000, secure: secure(request) }));
    reply.header('cache-control', 'no-store');
    return presentSession(signedIn);
  });

  // Not signed in is an answer here, not an error: the dashboard then shows its sign-in page.
  app.get('/auth/session', { config: open, schema: hidden }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const token = readSessionCookie(request.headers.cookie);
    const live = token ? await findLiveSession(db, token, clock.now()) : null;
    if (!live) return { object: 'operator_session', signed_in: false };
    return presentSession({ ...live, token });
  });

  app.delete('/auth/session', { config: open, schema: hidden }, async (request, reply) => {
    const now = clock.now();
    const principal = await operatorPrincipal(db, request, now);
    checkCsrf(request, principal);
    await inTransaction(db, async (trx) => {
      await revokeSession(trx, principal.sessionId, now);
      await recordAuthEntry(trx, request, { status: 200, principal, operator: principal }, now);
    });
    reply.header('set-cookie', clearedSessionCookie({ secure: secure(request) }));
    return { object: 'operator_session', signed_out: true };
  });

  app.post('/auth/session/revoke_all', { config: open, schema: hidden }, async (request, reply) => {
    const now = clock.now();
    const principal = await operatorPrincipal(db, request, now);
    checkCsrf(request, principal);
    const ended = await inTransaction(db, async (trx) => {
      const count = await revokeAllSessions(trx, principal.id, now);
      await recordAuthEntry(trx, request, { status: 200, principal, operator: principal }, now);
      return count;
    });
    reply.header('set-cookie', clearedSessionCookie({ secure: secure(request) }));
    return { object: 'operator_session', signed_out: true, sessions_ended: ended };
  });

  app.post('/auth/invitations/accept', { config: open, schema: { ...hidden, body: acceptance } }, async (request) => {
    const passwordHash = await hashPassword(request.body.password);
    const now = clock.now();
    const operator = await inTransaction(db, async (trx) => {
      const accepted = await acceptInvitation(trx, request.body.token, passwordHash, now);
      await recordAuthEntry(trx, request, { status: 200, operator: accepted }, now);
      return accepted;
    });
    return presentOperator(operator);
  });
}

module.exports = operatorSessionRoutes;
