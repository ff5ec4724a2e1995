'use strict';
// Reconciliation over HTTP (docs/server.md, "Reconciliation"): money received outside Ratecard,
// statement imports, matching by hand, and the report (JSON pages or CSV).
const { paginate, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { ApiError } = require('../http/errors');
const { idParam, money, currency, metadata } = require('../http/schemas');
const { sendCsv } = require('../revenue/csv');
const { recordReceivedPayment } = require('./record-received-payment');
const { matchReceivedPayment, unmatchReceivedPayment } = require('./manual-matching');
const { readImport, storeImport } = require('./import-statement');
const { findReceivedPayment, findImport, reportQuery } = require('./queries');
const { IMPORT_TYPES } = require('./statement-lines');
const {
  receivedPaymentSchema, presentReceivedPayments, presentReceivedPayment, REPORT_COLUMNS, reportRow, importSchema, presentImport,
  STATUSES, ORIGINS, METHODS,
} = require('./presenters');

/// The most rows one CSV export holds: a larger report is narrowed with its filters.
const MAX_EXPORT_ROWS = 10000;

const invoiceList = {
  type: 'array', minItems: 1, maxItems: 20, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 100 },
  description: 'Invoice ids, paid in this order until the money runs out',
};

async function reconciliationRoutes(app, { services }) {
  const { db } = services;
  const tags = ['Reconciliation'];

  app.post('/received_payments', {
    config: { permission: 'reconciliation:write' },
    schema: {
      operationId: 'recordReceivedPayment', tags, summary: 'Record money received outside Ratecard (bank transfer, check, cash) and match it to invoices',
      body: {
        type: 'object', additionalProperties: false, required: ['method', 'amount', 'currency', 'received_on'],
        properties: {
          method: { enum: METHODS.filter((method) => method !== 'gateway_settlement') }, amount: money, currency,
          received_on: { type: 'string', maxLength: 10, description: 'The day the money arrived, YYYY-MM-DD' },
          reference: { type: 'string', minLength: 1, maxLength: 200, description: 'As the payer wrote it: invoice numbers in it are matched' },
          customer: { type: 'string', minLength: 1, maxLength: 100 }, invoices: invoiceList, metadata,
        },
      },
      response: { 201: receivedPaymentSchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return request.transaction((trx) => recordReceivedPayment(trx, services, request.body));
  });

  app.get('/received_payments/:id', {
    config: { permission: 'reconciliation:read' },
    schema: { operationId: 'retrieveReceivedPayment', tags, summary: 'Retrieve a received payment and the invoices it pays', params: idParam(), response: { 200: receivedPaymentSchema } },
  }, async (request) => presentReceivedPayment(db, await findReceivedPayment(db, request.params.id)));

  app.post('/received_payments/:id/match', {
    config: { permission: 'reconciliation:write' },
    schema: {
      operationId: 'matchReceivedPayment', tags, summary: 'Apply what a received payment holds unapplied to the invoices named',
      params: idParam(), body: { type: 'object', additionalProperties: false, required: ['invoices'], properties: { invoices: invoiceList } },
      response: { 200: receivedPaymentSchema },
    },
  }, async (request) => request.transaction((trx) => matchReceivedPayment(trx, services, request.params.id, request.body.invoices)));

  app.post('/received_payments/:id/unmatch', {
    config: { permission: 'reconciliation:write' },
    schema: {
      operationId: 'unmatchReceivedPayment', tags, summary: 'Take back what a received payment applied to invoices still open',
      params: idParam(), response: { 200: receivedPaymentSchema },
    },
  }, async (request) => request.transaction((trx) => unmatchReceivedPayment(trx, services, request.params.id)));

  app.post('/reconciliation/imports', {
    config: { permission: 'reconciliation:write' },
    schema: {
      operationId: 'importReconciliationStatement', tags, summary: 'Import a gateway settlement or bank statement CSV and match its lines: all lines or none',
      body: {
        type: 'object', additionalProperties: false, required: ['type', 'source', 'csv'],
        properties: {
          type: { enum: IMPORT_TYPES }, source: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', description: 'The gateway or bank account the file comes from; a line id is imported once per source' },
          csv: { type: 'string', minLength: 1, maxLength: 1024 * 512, description: 'The CSV text, a header line first (columns in docs/server.md)' },
        },
      },
      response: { 201: importSchema },
    },
  }, async (request, reply) => {
    const lines = await readImport(services, request.body);
    reply.code(201);
    return request.transaction((trx) => storeImport(trx, services, request.body, lines));
  });

  app.get('/reconciliation/imports/:id', {
    config: { permission: 'reconciliation:read' },
    schema: { operationId: 'retrieveReconciliationImport', tags, summary: 'Retrieve an import and its summary', params: idParam(), response: { 200: importSchema } },
  }, async (request) => presentImport(await findImport(db, request.params.id)));

  app.get('/reconciliation', {
    config: { permission: 'reconciliation:read' },
    schema: {
      operationId: 'reportReconciliation', tags, summary: 'The reconciliation report: received payments, newest first, filterable (?format=csv for CSV)',
      querystring: listQuerySchema({
        status: { enum: STATUSES }, origin: { enum: ORIGINS }, method: { enum: METHODS }, import: { type: 'string', maxLength: 100 },
        customer: { type: 'string', maxLength: 100 }, currency,
        format: { enum: ['json', 'csv'], default: 'json', description: `csv: every row the filters select (at most ${MAX_EXPORT_ROWS}, limit and cursor aside) as a CSV attachment` },
      }),
      response: { 200: listResponseSchema(receivedPaymentSchema) },
    },
  }, async (request, reply) => {
    const { query } = request;
    if (query.format !== 'csv') return paginate(reportQuery(db, query), query, (rows) => presentReceivedPayments(db, rows));
    const rows = await reportQuery(db, query).orderBy('id', 'desc').limit(MAX_EXPORT_ROWS + 1).execute();
    if (rows.length > MAX_EXPORT_ROWS) throw new ApiError('LIMIT_EXCEEDED', `the report has more than ${MAX_EXPORT_ROWS} rows; narrow it with its filters`, '/query');
    return sendCsv(reply, 'reconciliation', REPORT_COLUMNS, (await presentReceivedPayments(db, rows)).map(reportRow));
  });
}

module.exports = reconciliationRoutes;
