'use strict';
// Reconciliation objects as the API shows them, and the report's CSV columns.
const { parseJson } = require('../db/rows');
const { applicationsOf } = require('../invoicing/payment-applications');

const STATUSES = ['matched', 'partial', 'over_payment', 'unmatched'];
const ORIGINS = ['api', 'gateway_settlement', 'bank_statement'];
const METHODS = ['bank_transfer', 'check', 'cash', 'other', 'gateway_settlement'];

const applicationSchema = {
  type: 'object', title: 'ReceivedPaymentApplication',
  properties: { invoice: { type: 'string' }, number: { type: ['string', 'null'] }, amount: { type: 'string' }, invoice_status: { type: 'string' } },
};

const receivedPaymentSchema = {
  type: 'object', title: 'ReceivedPayment',
  properties: {
    id: { type: 'string' }, object: { type: 'string', enum: ['received_payment'] },
    origin: { type: 'string', enum: ORIGINS, description: 'api: recorded with POST /v1/received_payments; otherwise the type of the import that read it' },
    source: { type: ['string', 'null'], description: 'The gateway or bank account an import came from' },
    import: { type: ['string', 'null'] }, line: { type: ['integer', 'null'], description: 'The line of the imported CSV' },
    external_id: { type: ['string', 'null'], description: 'The line\'s id in its source' },
    method: { type: 'string', enum: METHODS }, reference: { type: ['string', 'null'] }, customer: { type: ['string', 'null'] },
    currency: { type: 'string' },
    amount: { type: 'string', description: 'What pays invoices: a settlement line\'s gross' },
    fee: { type: ['string', 'null'], description: 'The gateway\'s fee on a settlement line' },
    net: { type: 'string', description: 'What reached the bank: amount less fee' },
    received_on: { type: 'string' },
    status: { type: 'string', enum: STATUSES, description: 'matched: all applied and every invoice it pays paid; partial: all applied, an invoice still open; over_payment: some left unapplied; unmatched: nothing applied' },
    amount_applied: { type: 'string' }, amount_unapplied: { type: 'string' },
    matched_by: { type: ['string', 'null'], enum: ['reference', 'customer_amount', 'manual', 'payment', null] },
    payment: { type: ['string', 'null'], description: 'The payment through Ratecard a settlement line settles (matched_by payment)' },
    applications: { type: 'array', items: applicationSchema },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

/// The API objects of received payment rows, with the invoices each pays (one query).
async function presentReceivedPayments(executor, rows) {
  const applications = await applicationsOf(executor, 'received_payment', rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id, object: 'received_payment', origin: row.origin, source: row.source, import: row.import_id, line: row.line_number,
    external_id: row.external_id, method: row.method, reference: row.reference, customer: row.customer_id, currency: row.currency,
    amount: row.amount, fee: row.fee, net: row.net, received_on: row.received_on, status: row.status,
    amount_applied: row.amount_applied, amount_unapplied: row.amount_unapplied, matched_by: row.matched_by, payment: row.payment_id,
    applications: applications.filter((application) => application.source_id === row.id).map((application) => ({
      invoice: application.invoice_id, number: application.number, amount: application.amount, invoice_status: application.status,
    })),
    metadata: parseJson(row.metadata) || {}, created_at: row.created_at, updated_at: row.updated_at,
  }));
}

async function presentReceivedPayment(executor, row) {
  return (await presentReceivedPayments(executor, [row]))[0];
}

/// The report's CSV columns, and a received payment's CSV row (its invoices as
/// "<number or id>:<amount>" separated by spaces).
const REPORT_COLUMNS = [
  'id', 'received_on', 'origin', 'source', 'import', 'line', 'external_id', 'method', 'reference', 'customer', 'currency',
  'amount', 'fee', 'net', 'status', 'amount_applied', 'amount_unapplied', 'matched_by', 'payment', 'invoices',
];

function reportRow(object) {
  return { ...object, invoices: object.applications.map((application) => `${application.number || application.invoice}:${application.amount}`).join(' ') };
}

const importSchema = {
  type: 'object', title: 'ReconciliationImport',
  properties: {
    id: { type: 'string' }, object: { type: 'string', enum: ['reconciliation_import'] },
    type: { type: 'string', enum: ['gateway_settlement', 'bank_statement'] }, source: { type: 'string' },
    lines: { type: 'integer', description: 'Lines read after the header' },
    duplicates: { type: 'integer', description: 'Lines of this source imported before, skipped' },
    summary: {
      type: 'object', title: 'ReconciliationImportSummary', description: 'The new lines by status, as matched at import, and the fees they carry',
      properties: {
        matched: { type: 'integer' }, partial: { type: 'integer' }, over_payment: { type: 'integer' }, unmatched: { type: 'integer' },
        fees: { type: 'array', items: { type: 'object', title: 'CurrencyAmount', properties: { currency: { type: 'string' }, amount: { type: 'string' } } } },
      },
    },
    created_at: { type: 'string' },
  },
};

function presentImport(row) {
  return {
    id: row.id, object: 'reconciliation_import', type: row.type, source: row.source, lines: row.line_count,
    duplicates: row.duplicate_count, summary: JSON.parse(row.summary), created_at: row.created_at,
  };
}

module.exports = {
  receivedPaymentSchema, presentReceivedPayments, presentReceivedPayment, REPORT_COLUMNS, reportRow, importSchema, presentImport,
  STATUSES, ORIGINS, METHODS,
};
