'use strict';
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { parseCredential, KINDS } = require('../auth/credentials');
const { PUBLISHABLE_ROLE } = require('../auth/roles');
const { redactValue, redactText } = require('./redact');

/// The longest text kept of a path or a user agent.
const MAX_TEXT = 500;
/// At most this many body field names are kept.
const MAX_FIELDS = 50;
/// A before or after state larger than this (as JSON) is replaced by a note saying so.
const MAX_STATE_BYTES = 64 * 1024;

const ACTOR_KIND_BY_CREDENTIAL = { [KINDS.apiKey]: 'api_key', [KINDS.publishableKey]: 'publishable_key', [KINDS.portalSession]: 'portal_session', [KINDS.invoiceLink]: 'invoice_link' };

/// The audit row of a request as it ends: who sent it (from `request.principal`: an API key, an
/// operator's dashboard session or a portal session; or the presented credential's public
/// prefix when it was refused), what it asked for, from where, and how it ended (`status`,
/// `errorCode`, `replayed`); `target` = { type, id, customerId, before, after } when known.
/// Never a secret: bodies are reduced to their field names and states are redacted (redact.js).
/// `principal` stands for `request.principal` where the handler established it (a sign-in);
/// `signInEmail` is the email a dashboard sign-in named.
function auditRow(request, { status, errorCode = null, replayed = false, target = {}, principal = request.principal, signInEmail = null }, now) {
  return {
    id: newId('aud'),
    created_at: toInstant(now),
    ...actorColumns(request, principal),
    sign_in_email: signInEmail === null ? null : clip(signInEmail),
    method: request.method,
    route: request.routeOptions?.url && !request.is404 ? request.routeOptions.url : null,
    path: clip(redactText(request.url.split('?')[0])),
    operation_id: request.routeOptions?.schema?.operationId ?? null,
    body_fields: bodyFields(request.body),
    object_type: target.type ?? null,
    object_id: target.id ?? null,
    customer_id: target.customerId ?? request.principal?.customerId ?? null,
    status,
    outcome: outcomeOf(status),
    error_code: errorCode,
    replayed: replayed ? 1 : 0,
    request_id: request.id,
    client_ip: request.ip ?? null,
    user_agent: typeof request.headers['user-agent'] === 'string' ? clip(redactText(request.headers['user-agent'])) : null,
    before_state: stateText(target.before),
    after_state: stateText(target.after),
  };
}

/// The status column of an entry written before its handler ran: no answer yet.
const STARTED = 0;

/// 'started' (no answer yet: STARTED), 'succeeded' (2xx, 3xx), 'refused' (401, 403: a
/// credential or a permission) or 'failed'.
function outcomeOf(status) {
  if (status === STARTED) return 'started';
  if (status < 400) return 'succeeded';
  return status === 401 || status === 403 ? 'refused' : 'failed';
}

function actorColumns(request, principal) {
  const presented = parseCredential(/^Bearer (\S+)$/.exec(request.headers.authorization || '')?.[1]);
  const columns = {
    actor_kind: presented ? ACTOR_KIND_BY_CREDENTIAL[presented.kind] : 'anonymous',
    credential_prefix: presented ? presented.prefix : null,
    api_key_id: null, api_key_role: null, portal_session_id: null, portal_customer_id: null,
    operator_id: null, operator_session_id: null, operator_role: null,
  };
  if (principal?.kind === 'api_key') {
    columns.actor_kind = principal.role === PUBLISHABLE_ROLE ? 'publishable_key' : 'api_key';
    columns.api_key_id = principal.id;
    columns.api_key_role = principal.role;
  } else if (principal?.kind === 'operator') {
    columns.actor_kind = 'operator';
    columns.credential_prefix = principal.sessionPrefix;
    columns.operator_id = principal.id;
    columns.operator_session_id = principal.sessionId;
    columns.operator_role = principal.role;
  } else if (principal?.kind === 'portal') {
    columns.actor_kind = 'portal_session';
    columns.portal_session_id = principal.id;
    columns.portal_customer_id = principal.customerId;
  } else if (principal?.kind === 'invoice_link') {
    columns.actor_kind = 'invoice_link';
  }
  return columns;
}

// The names of a JSON body's top-level fields (never their values), as JSON text.
function bodyFields(body) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  return JSON.stringify(Object.keys(body).slice(0, MAX_FIELDS).map((name) => clip(String(redactValue(name)), 100)));
}

function stateText(state) {
  if (state === undefined || state === null) return null;
  const text = JSON.stringify(redactValue(state));
  if (Buffer.byteLength(text, 'utf8') <= MAX_STATE_BYTES) return text;
  return JSON.stringify({ omitted: `the object is larger than ${MAX_STATE_BYTES / 1024} KiB as JSON`, object: state.object ?? null, id: state.id ?? null });
}

const clip = (text, length = MAX_TEXT) => (text.length > length ? text.slice(0, length) : text);

module.exports = { auditRow, STARTED };
