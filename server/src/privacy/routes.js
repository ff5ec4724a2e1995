'use strict';
const { idParam } = require('../http/schemas');
const { customerSchema } = require('../customers/customers');
const { EXPORT_KINDS, exportCustomer } = require('./export');
const { exportCsv } = require('./export-csv');
const { eraseCustomer } = require('./erase');

const anyObject = { type: 'object', additionalProperties: true };

const exportSchema = {
  title: 'CustomerExport',
  type: 'object',
  properties: {
    object: { const: 'customer_export' }, customer: customerSchema, exported_at: { type: 'string' },
    ...Object.fromEntries(EXPORT_KINDS.map((kind) => [kind, { type: 'array', items: anyObject }])),
  },
};

const exportCsvSchema = {
  title: 'CustomerExportCsv', type: 'string',
  description: 'CSV text, RFC 4180 (Content-Type text/csv): columns kind, id, created_at, object (the object as the JSON export shows it)',
};

const counts = (names) => ({ type: 'object', properties: Object.fromEntries(names.map((name) => [name, { type: 'integer' }])) });

const erasureSchema = {
  title: 'CustomerErasure',
  type: 'object',
  properties: {
    object: { const: 'customer_erasure' }, customer: customerSchema, erased_at: { type: 'string' },
    scrubbed: {
      ...counts(['checkout_sessions', 'mail_messages', 'usage_events', 'fraud_decisions', 'account_users', 'orders', 'workflow_runs',
        'events', 'webhook_attempts', 'idempotency_responses', 'audit_entries']),
      description: 'How many rows of each kind lost personal data',
    },
    revoked: { ...counts(['portal_sessions', 'invoice_links', 'access_keys']), description: 'Credentials of the customer revoked' },
    payment_methods_detached: { type: 'integer', description: 'Cards and bank accounts detached; jobs have the vault forget each' },
  },
};

/// Privacy: export everything about a customer, erase its personal data (docs/server.md, "Privacy").
async function privacyRoutes(app, { services }) {
  const tags = ['Privacy'];

  app.get('/customers/:id/export', {
    config: { permission: 'privacy:read' },
    schema: {
      operationId: 'exportCustomer', tags, summary: 'Everything Ratecard keeps about a customer, as JSON',
      params: idParam(), response: { 200: exportSchema },
    },
  }, async (request) => exportCustomer(services, request.params.id));

  app.get('/customers/:id/export.csv', {
    config: { permission: 'privacy:read' },
    schema: {
      operationId: 'exportCustomerCsv', tags, summary: 'Everything Ratecard keeps about a customer, as CSV (one row per object)',
      params: idParam(), response: { 200: exportCsvSchema },
    },
  }, async (request, reply) => {
    const csv = exportCsv(await exportCustomer(services, request.params.id));
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${request.params.id}.csv"`);
    return Buffer.from(csv, 'utf8');
  });

  app.post('/customers/:id/erase', {
    config: { permission: 'privacy:write' },
    schema: {
      operationId: 'eraseCustomer', tags,
      summary: "Erase a customer's personal data (its subscriptions must have ended; issued invoices and credit notes stay as issued)",
      params: idParam(), response: { 200: erasureSchema },
    },
  }, async (request) => eraseCustomer(services, request.params.id));
}

module.exports = privacyRoutes;
