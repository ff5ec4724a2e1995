'use strict';
const { auditRow } = require('../audit/entry');
const { appendEntry } = require('../audit/queries');

/// Writes the audit entry of a request to the dashboard's /auth routes (docs/server.md, "Audit
/// log"), in `executor`'s transaction or alone: a sign-in (succeeded, refused 401 or throttled
/// 429), a sign-out, a sign-out everywhere, an accepted invitation. `principal` is the operator's
/// session that acted (the one a sign-in opened), `operator` the operator's row the request
/// concerned (its target), `email` the email a sign-in named. Like every entry it keeps the client
/// address and user agent, the body's field names, never the password or a token.
function recordAuthEntry(executor, request, { status, errorCode = null, principal = null, operator = null, email = null }, now) {
  const target = operator ? { type: 'operator', id: operator.id } : {};
  return appendEntry(executor, auditRow(request, { status, errorCode, principal, target, signInEmail: email }, now));
}

module.exports = { recordAuthEntry };
