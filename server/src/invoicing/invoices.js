'use strict';
// Invoices: the stored row and its API object. Amounts and lines are the core's result as
// computed (the row keeps the core's exact request and canonical result text).
const { notFound } = require('../http/errors');
const { parseJson, bool } = require('../db/rows');
const { addressSchema } = require('../customers/customers');
const { zeroLike } = require('./amounts');

const STATUSES = ['draft', 'open', 'paid', 'void', 'uncollectible'];
const BILLING_REASONS = ['subscription_create', 'subscription_cycle', 'subscription_threshold', 'subscription_final', 'subscription_late_usage', 'manual'];

const lineSchema = {
  title: 'InvoiceLine',
  type: 'object', additionalProperties: true,
  description: "A line of the core's invoice result (docs/core-api.md, op invoice): kind, subscription_id, item_id, description, period, quantity, amount, discounts, tax",
};

const invoiceSchema = {
  title: 'Invoice',
  type: 'object',
  properties: {
    id: { type: ['string', 'null'], description: 'null for an upcoming invoice (nothing stored)' },
    object: { const: 'invoice' }, number: { type: ['string', 'null'], description: 'From the gapless series, given at finalization' },
    customer: { type: 'string' }, status: { enum: [...STATUSES, 'upcoming'] }, billing_reason: { enum: BILLING_REASONS },
    currency: { type: 'string' }, collection_method: { enum: ['charge_automatically', 'send_invoice'] },
    days_until_due: { type: ['integer', 'null'] },
    billing_moment: { type: ['string', 'null'] }, period_start: { type: ['string', 'null'] }, period_end: { type: ['string', 'null'] },
    subscriptions: { type: 'array', items: { type: 'string' } },
    lines: { type: 'array', items: lineSchema },
    subtotal: { type: 'string' }, discount_total: { type: 'string' }, total_excluding_tax: { type: 'string' },
    tax_total: { type: 'string' }, taxes: { type: 'array', items: { type: 'object', additionalProperties: true } },
    total: { type: 'string' }, credits_applied: { type: 'string' }, amount_due: { type: 'string' },
    amount_paid: { type: 'string', description: 'Payments applied to the invoice so far (partial payments add up); amount_due once paid' },
    amount_remaining: { type: 'string', description: 'amount_due less amount_paid; 0 once paid or void' },
    coupons: { type: 'array', items: { type: 'object', additionalProperties: true } },
    content_hash: { type: 'string', description: "SHA-256 of the core's canonical result" },
    core_version: { type: 'string' },
    customer_details: {
      type: ['object', 'null'], description: "The customer's name, email, address and tax ids, frozen at finalization",
      properties: { name: { type: 'string' }, email: { type: ['string', 'null'] }, address: { anyOf: [addressSchema, { type: 'null' }] }, tax_ids: { type: 'array', items: { type: 'object', additionalProperties: true } } },
    },
    seller_details: { type: ['object', 'null'], additionalProperties: true, description: "The seller's legal name, address and tax ids, frozen at finalization" },
    finalize_at: { type: ['string', 'null'], description: 'A draft from a billing run is finalized then (the grace period)' },
    finalized_at: { type: ['string', 'null'] }, due_at: { type: ['string', 'null'] }, overdue: { type: 'boolean' },
    paid_at: { type: ['string', 'null'] }, paid_out_of_band: { type: 'boolean' }, payment_reference: { type: ['string', 'null'] },
    voided_at: { type: ['string', 'null'] }, marked_uncollectible_at: { type: ['string', 'null'] },
    billing_run: { type: ['string', 'null'] },
    hosted_invoice_url: { type: ['string', 'null'], description: "The invoice's hosted page (listing and retrieval only; null for a draft, and for roles that do not write invoices): whoever has the link sees the invoice, may pay it and may set its customer's default card while it is payable" },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    created_at: { type: ['string', 'null'] }, updated_at: { type: ['string', 'null'] },
  },
};

/// The API object of an invoice row (or of an upcoming invoice's unsaved row).
function presentInvoice(row) {
  const result = JSON.parse(row.core_result);
  const request = JSON.parse(row.core_request);
  const paid = row.status === 'paid';
  return {
    id: row.id, object: 'invoice', number: row.number, customer: row.customer_id, status: row.status,
    billing_reason: row.billing_reason, currency: row.currency, collection_method: row.collection_method,
    days_until_due: row.days_until_due, billing_moment: row.billing_moment, period_start: row.period_start, period_end: row.period_end,
    subscriptions: request.subscriptions.map((entry) => entry.id).filter((id) => id !== ONE_OFF_ID),
    lines: result.lines, subtotal: result.subtotal, discount_total: result.discount_total,
    total_excluding_tax: result.total_excluding_tax, tax_total: result.tax_total, taxes: result.taxes, total: result.total,
    credits_applied: result.credits_applied, amount_due: result.amount_due,
    // Payments applied so far (payment-applications.js); paid in full (by any means) pays the
    // whole amount due, and nothing remains of a paid or void invoice.
    amount_paid: paid ? result.amount_due : row.amount_paid ?? zeroLike(result.amount_due),
    amount_remaining: paid || row.status === 'void' ? zeroLike(result.amount_due) : row.amount_remaining ?? result.amount_due,
    coupons: result.coupons, content_hash: row.content_hash, core_version: row.core_version,
    customer_details: parseJson(row.customer_details), seller_details: parseJson(row.seller_details),
    finalize_at: row.finalize_at, finalized_at: row.finalized_at, due_at: row.due_at, overdue: row.overdue_at !== null && row.overdue_at !== undefined,
    paid_at: row.paid_at, paid_out_of_band: bool(row.paid_out_of_band), payment_reference: row.payment_reference,
    voided_at: row.voided_at, marked_uncollectible_at: row.marked_uncollectible_at, billing_run: row.billing_run_id,
    metadata: parseJson(row.metadata), created_at: row.created_at, updated_at: row.updated_at,
  };
}

/// The subscription entry of the core request that holds one-off lines.
const ONE_OFF_ID = 'one_off';

async function findInvoice(executor, id, path = '') {
  const row = await executor.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('invoice', id, path);
  return row;
}

/// Reads an invoice in a transaction that will change it, locking its row on PostgreSQL.
async function lockInvoice(trx, dialect, id, path = '') {
  let query = trx.selectFrom('invoices').selectAll().where('id', '=', id);
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('invoice', id, path);
  return row;
}

module.exports = { STATUSES, BILLING_REASONS, lineSchema, invoiceSchema, presentInvoice, findInvoice, lockInvoice, ONE_OFF_ID };
