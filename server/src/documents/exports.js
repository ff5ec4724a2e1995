'use strict';
// CSV exports of invoices, invoice lines and credit notes, filtered by a creation period
// (`from` inclusive, `to` exclusive) and, for invoices and lines, the invoice's status.
const { ApiError } = require('../http/errors');
const { toInstant } = require('../time');
const { parseJson } = require('../db/rows');
const { toCsv } = require('./csv');

/// The most rows one export holds: narrow the period for more.
const MAX_ROWS = 50000;

const INVOICE_COLUMNS = [
  { name: 'id', value: (r) => r.id }, { name: 'number', value: (r) => r.number }, { name: 'customer', value: (r) => r.customer_id },
  { name: 'customer_name', value: (r) => parseJson(r.customer_details)?.name, text: true }, { name: 'status', value: (r) => r.status },
  { name: 'currency', value: (r) => r.currency }, { name: 'subtotal', value: (r) => r.subtotal }, { name: 'discount_total', value: (r) => r.discount_total },
  { name: 'tax_total', value: (r) => r.tax_total }, { name: 'total', value: (r) => r.total },
  { name: 'credits_applied', value: (r) => JSON.parse(r.core_result).credits_applied }, { name: 'amount_due', value: (r) => r.amount_due },
  { name: 'period_start', value: (r) => r.period_start }, { name: 'period_end', value: (r) => r.period_end },
  { name: 'finalized_at', value: (r) => r.finalized_at }, { name: 'due_at', value: (r) => r.due_at }, { name: 'paid_at', value: (r) => r.paid_at },
  { name: 'created_at', value: (r) => r.created_at }, { name: 'content_hash', value: (r) => r.content_hash },
];

const LINE_COLUMNS = [
  { name: 'invoice', value: (r) => r.invoice.id }, { name: 'invoice_number', value: (r) => r.invoice.number },
  { name: 'invoice_status', value: (r) => r.invoice.status }, { name: 'line', value: (r) => r.index },
  { name: 'kind', value: (r) => r.line.kind }, { name: 'subscription', value: (r) => r.line.subscription_id }, { name: 'item', value: (r) => r.line.item_id },
  { name: 'description', value: (r) => r.line.description, text: true }, { name: 'period_start', value: (r) => r.line.period?.start },
  { name: 'period_end', value: (r) => r.line.period?.end }, { name: 'quantity', value: (r) => r.line.quantity },
  { name: 'currency', value: (r) => r.invoice.currency }, { name: 'amount', value: (r) => r.line.amount },
  { name: 'discount_amount', value: (r) => r.line.discount_amount }, { name: 'taxable_amount', value: (r) => r.line.taxable_amount },
  { name: 'tax_amount', value: (r) => r.line.tax_amount },
];

const CREDIT_NOTE_COLUMNS = [
  { name: 'id', value: (r) => r.id }, { name: 'number', value: (r) => r.number }, { name: 'invoice', value: (r) => r.invoice_id },
  { name: 'customer', value: (r) => r.customer_id }, { name: 'reason', value: (r) => r.reason }, { name: 'currency', value: (r) => r.currency },
  { name: 'subtotal', value: (r) => JSON.parse(r.core_result).subtotal }, { name: 'tax_total', value: (r) => JSON.parse(r.core_result).tax_total },
  { name: 'total', value: (r) => JSON.parse(r.core_result).total }, { name: 'amount', value: (r) => r.amount },
  { name: 'refund_amount', value: (r) => r.refund_amount }, { name: 'credit_amount', value: (r) => r.credit_amount },
  { name: 'memo', value: (r) => r.memo, text: true }, { name: 'created_at', value: (r) => r.created_at },
];

function inPeriod(select, column, { from, to }) {
  if (from && to && toInstant(new Date(from)) >= toInstant(new Date(to))) throw new ApiError('INVALID_ARGUMENT', 'must be after from', '/query/to');
  let query = select;
  if (from) query = query.where(column, '>=', toInstant(new Date(from)));
  if (to) query = query.where(column, '<', toInstant(new Date(to)));
  return query;
}

async function bounded(query) {
  const rows = await query.limit(MAX_ROWS + 1).execute();
  if (rows.length > MAX_ROWS) throw new ApiError('LIMIT_EXCEEDED', `more than ${MAX_ROWS} rows: narrow the period (from, to)`, '/query');
  return rows;
}

async function invoiceRows(db, query) {
  let select = inPeriod(db.selectFrom('invoices').selectAll(), 'created_at', query);
  if (query.status) select = select.where('status', '=', query.status);
  return bounded(select.orderBy('id'));
}

/// The CSV of invoices.
async function invoicesCsv(db, query) {
  return toCsv(INVOICE_COLUMNS, await invoiceRows(db, query));
}

/// The CSV of the lines of invoices (one row per line of the core's result).
async function invoiceLinesCsv(db, query) {
  const lines = (await invoiceRows(db, query)).flatMap((invoice) => JSON.parse(invoice.core_result).lines.map((line, index) => ({ invoice, line, index })));
  if (lines.length > MAX_ROWS) throw new ApiError('LIMIT_EXCEEDED', `more than ${MAX_ROWS} rows: narrow the period (from, to)`, '/query');
  return toCsv(LINE_COLUMNS, lines);
}

/// The CSV of credit notes.
async function creditNotesCsv(db, query) {
  return toCsv(CREDIT_NOTE_COLUMNS, await bounded(inPeriod(db.selectFrom('credit_notes').selectAll(), 'created_at', query).orderBy('id')));
}

module.exports = { invoicesCsv, invoiceLinesCsv, creditNotesCsv, MAX_ROWS };
