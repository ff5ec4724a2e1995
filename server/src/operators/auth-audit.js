'use strict';
const { auditRow } = require('../audit/entry');
const { appendEntry } = require('../audit/queries');

/// One "@" between a local part and a domain with a dot, no spaces.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/// Writes the audit entry of a request to the dashboard's /auth routes (docs/server.md, "Audit
/// log"), in `executor`'s transaction or alone: a sign-in (succeeded, refused 401 or throttled
/// 429), a sign-out, a sign-out everywhere, an accepted invitation. `principal` is the operator's
/// session that acted (the one a sign-in opened), `operator` the operator's row the request
/// concerned (its target), `email` the email a sign-in named. Like every entry it keeps the client
/// address and user agent, the body's field names, never the password or a token. An email
/// tried is kept only when it has an email's shape: a password typed into the email field is not.
function recordAuthEntry(executor, request, { status, errorCode = null, principal = null, operator = null, email = null }, now) {
  const target = operator ? { type: 'operator', id: operator.id } : {};
  const signInEmail = email !== null && EMAIL_SHAPE.test(email) ? email : null;
  return appendEntry(executor, auditRow(request, { status, errorCode, principal, target, signInEmail }, now));
}

module.exports = { recordAuthEntry };
