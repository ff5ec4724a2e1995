'use strict';

/// The cookie that carries an operator's session token.
const SESSION_COOKIE = 'rc_session';
/// The header in which the dashboard sends the session's CSRF token with every unsafe request.
const CSRF_HEADER = 'x-csrf-token';

/// The value of the session cookie in a Cookie header, or null.
function readSessionCookie(header) {
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === SESSION_COOKIE) return part.slice(at + 1).trim() || null;
  }
  return null;
}

/// The Set-Cookie header of a new session: HttpOnly (no script reads it), SameSite=Strict (no
/// other site's page sends it), Secure when the request came over https, for the whole origin.
function sessionCookie(token, { maxAgeSeconds, secure }) {
  return [`${SESSION_COOKIE}=${token}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

/// The Set-Cookie header that removes the session cookie.
function clearedSessionCookie({ secure }) {
  return sessionCookie('', { maxAgeSeconds: 0, secure });
}

module.exports = { SESSION_COOKIE, CSRF_HEADER, readSessionCookie, sessionCookie, clearedSessionCookie };
