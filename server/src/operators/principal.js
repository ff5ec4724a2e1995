'use strict';
const { ApiError } = require('../http/errors');
const { findLiveSession } = require('./sessions');
const { readSessionCookie, CSRF_HEADER } = require('./session-cookie');
const { csrfTokenOf, sameText } = require('./tokens');

/// Methods that change state: a session's request with one of them must carry its CSRF token.
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/// Whether a request presents an operator session cookie.
const hasSessionCookie = (request) => readSessionCookie(request.headers.cookie) !== null;

/// The principal of a request signed in with an operator session cookie: { kind: 'operator',
/// id, sessionId, sessionPrefix, role, email, scope } (and the hidden `token`). UNAUTHENTICATED for a malformed,
/// unknown, revoked or expired session, without saying which.
async function operatorPrincipal(db, request, now) {
  const token = readSessionCookie(request.headers.cookie);
  const live = token ? await findLiveSession(db, token, now) : null;
  if (!live) throw new ApiError('UNAUTHENTICATED', 'the session is not valid: sign in again');
  const principal = principalOf(live);
  // The secret stays out of anything that lists the principal's fields (logs, JSON).
  Object.defineProperty(principal, 'token', { value: token, enumerable: false });
  return principal;
}

/// The principal of an operator's session: { kind: 'operator', id, sessionId, sessionPrefix,
/// role, email, scope }.
function principalOf({ operator, session }) {
  return {
    kind: 'operator', id: operator.id, sessionId: session.id, sessionPrefix: session.prefix,
    role: operator.role, email: operator.email, scope: `operator:${operator.id}`,
  };
}

/// Refuses (403 FORBIDDEN) a state-changing request of a session without its CSRF token in the
/// X-CSRF-Token header: a page of another site can make the browser send the cookie, never the
/// header with the right value.
function checkCsrf(request, principal) {
  if (!UNSAFE_METHODS.has(request.method)) return;
  if (!sameText(request.headers[CSRF_HEADER], csrfTokenOf(principal.token))) {
    throw new ApiError('FORBIDDEN', 'a signed-in session must send its CSRF token in the X-CSRF-Token header with every change');
  }
}

module.exports = { operatorPrincipal, principalOf, checkCsrf, hasSessionCookie };
