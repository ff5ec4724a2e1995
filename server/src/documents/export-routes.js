'use strict';
const { instant } = require('../http/schemas');
const { STATUSES } = require('../invoicing/invoices');
const { invoicesCsv, invoiceLinesCsv, creditNotesCsv } = require('./exports');

const CSV_SCHEMA = { title: 'CsvExport', type: 'string', description: 'CSV text, RFC 4180 (Content-Type text/csv), a header row first' };
const period = { from: { ...instant, description: 'Created at or after' }, to: { ...instant, description: 'Created before' } };

/// CSV exports of invoices, invoice lines and credit notes.
async function exportRoutes(app, { services }) {
  const { db } = services;
  const tags = ['Exports'];
  const exports = [
    ['invoices', 'exportInvoicesCsv', 'Invoices as CSV (filters: from, to on created_at; status)', invoicesCsv, true],
    ['invoice_lines', 'exportInvoiceLinesCsv', "Invoices' lines as CSV, one row per line (filters: from, to on the invoice's created_at; status)", invoiceLinesCsv, true],
    ['credit_notes', 'exportCreditNotesCsv', 'Credit notes as CSV (filters: from, to on created_at)', creditNotesCsv, false],
  ];
  for (const [name, operationId, summary, render, byStatus] of exports) {
    app.get(`/exports/${name}.csv`, {
      config: { permission: 'invoices:read' },
      schema: {
        operationId, tags, summary,
        querystring: { type: 'object', additionalProperties: false, properties: { ...period, ...(byStatus ? { status: { enum: STATUSES } } : {}) } },
        response: { 200: CSV_SCHEMA },
      },
    }, async (request, reply) => {
      const csv = await render(db, request.query);
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);
      return Buffer.from(csv, 'utf8');
    });
  }
}

module.exports = exportRoutes;
