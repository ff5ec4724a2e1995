'use strict';
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam } = require('../http/schemas');
const { ApiError } = require('../http/errors');
const { parseInstant } = require('../time');
const { auditEntriesQuery, findEntry } = require('./queries');
const { presentEntry } = require('./presenters');

const text = (maxLength) => ({ type: ['string', 'null'], maxLength });
const auditEntrySchema = {
  title: 'AuditEntry',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'audit_entry' }, created_at: { type: 'string' },
    actor: {
      type: 'object',
      description: 'Who sent the request: an API key (its id, public prefix and role), a publishable key, an operator signed in to the dashboard (the operator, its session and role; a successful sign-in names the session it opened), a portal session (and its customer), an invoice\'s hosted link, or "anonymous" (no well-formed credential). A refused credential shows only its public prefix',
      properties: {
        kind: { enum: ['api_key', 'publishable_key', 'operator', 'portal_session', 'invoice_link', 'anonymous'] },
        credential_prefix: text(20), api_key: text(100), role: text(40), operator: text(100), operator_session: text(100),
        portal_session: text(100), portal_customer: text(100),
        sign_in_email: { ...text(500), description: 'The email a dashboard sign-in (POST /auth/session) named, whatever its outcome; null for other requests' },
      },
    },
    action: {
      type: 'object',
      properties: {
        method: { type: 'string' }, route: text(300), path: { type: 'string' }, operation_id: text(100),
        body_fields: { type: ['array', 'null'], items: { type: 'string' }, description: 'The names of the body\'s top-level fields (never their values)' },
        request_id: { type: 'string' },
      },
    },
    target: {
      type: 'object',
      description: 'The object the request changed or named',
      properties: { type: text(100), id: text(300), customer: text(100) },
    },
    outcome: { enum: ['started', 'succeeded', 'refused', 'failed'], description: '`started`: written before a payment handler ran; with no later entry of the same `action.request_id`, the request never answered (the process stopped)' },
    status: { type: ['integer', 'null'], description: 'The HTTP status answered; null for `started`' },
    error_code: text(100),
    replayed: { type: 'boolean', description: 'A response replayed for a repeated Idempotency-Key: nothing ran again' },
    source: { type: 'object', properties: { ip: text(100), user_agent: text(500) } },
    before: { type: ['object', 'null'], additionalProperties: true, description: 'The object before the change (secrets redacted)' },
    after: { type: ['object', 'null'], additionalProperties: true, description: 'The object after the change (secrets redacted)' },
    personal_data_erased_at: { type: ['string', 'null'], description: 'When an erasure of the customer removed the personal values from this entry\'s states, address and user agent' },
  },
};

const id = { type: 'string', maxLength: 100 };
const listFilters = {
  api_key: id, operator: id, portal_session: id, customer: id, object_id: { type: 'string', maxLength: 300 },
  route: { type: 'string', maxLength: 300, description: 'A route pattern, as "/v1/products/:id"' },
  operation_id: { type: 'string', maxLength: 100 },
  method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
  status: { type: 'integer', minimum: 100, maximum: 599 },
  outcome: { enum: ['started', 'succeeded', 'refused', 'failed'] },
  sign_in_email: { type: 'string', maxLength: 254, description: 'Dashboard sign-ins that named this email (as the server keeps it: trimmed, lower case)' },
  from: { type: 'string', maxLength: 40, description: 'Entries created at or after this RFC 3339 instant' },
  to: { type: 'string', maxLength: 40, description: 'Entries created before this RFC 3339 instant' },
};

/// The audit log, read-only (admin keys): who changed what, when and from where.
async function auditRoutes(app, { services }) {
  const { db } = services;
  const tags = ['Audit log'];

  app.get('/audit_log', {
    config: { permission: 'audit_log:read' },
    schema: {
      operationId: 'listAuditEntries', tags, summary: 'List audit log entries, newest first',
      querystring: listQuerySchema(listFilters),
      response: { 200: listResponseSchema(auditEntrySchema) },
    },
  }, async (request) => {
    const filters = { ...request.query, from: instantFilter(request.query, 'from'), to: instantFilter(request.query, 'to') };
    return paginate(auditEntriesQuery(db, filters), request.query, eachRow(presentEntry));
  });

  app.get('/audit_log/:id', {
    config: { permission: 'audit_log:read' },
    schema: { operationId: 'retrieveAuditEntry', tags, summary: 'Retrieve an audit log entry', params: idParam(), response: { 200: auditEntrySchema } },
  }, async (request) => presentEntry(await findEntry(db, request.params.id)));
}

// A `from`/`to` filter as a canonical instant; INVALID_ARGUMENT at its path when it is not one.
function instantFilter(query, name) {
  if (query[name] === undefined) return undefined;
  const instant = parseInstant(query[name]);
  if (!instant) throw new ApiError('INVALID_ARGUMENT', 'must be an RFC 3339 date-time such as "2026-01-31T09:00:00Z"', `/query/${name}`);
  return instant;
}

module.exports = auditRoutes;
