'use strict';
// Credit notes: the stored row and its API object. Amounts are the core's result as computed:
// the credit is an invoice of negative lines, so subtotal, tax and total are negative, and
// `amount` (the core's credit_generated) is what is credited, positive.
const { notFound } = require('../http/errors');
const { parseJson } = require('../db/rows');

const REASONS = ['duplicate', 'fraudulent', 'order_change', 'product_unsatisfactory'];

const creditNoteSchema = {
  title: 'CreditNote',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'credit_note' },
    number: { type: 'string', description: 'From the credit notes\' own gapless series (seller settings, credit_note_numbering)' },
    invoice: { type: 'string' }, invoice_number: { type: ['string', 'null'] }, customer: { type: 'string' }, currency: { type: 'string' },
    reason: { enum: REASONS }, memo: { type: ['string', 'null'] },
    lines: {
      type: 'array',
      items: {
        title: 'CreditNoteLine', type: 'object',
        properties: {
          invoice_line: { type: 'integer', description: "The index of the credited line in the invoice's lines" },
          description: { type: ['string', 'null'] },
          amount: { type: 'string', description: "Credited, in the line's own terms: its amount less discounts (tax included when its price includes tax)" },
          quantity: { type: ['string', 'null'], description: 'The quantity credited, when credited by quantity' },
        },
      },
    },
    core_lines: { type: 'array', items: { type: 'object', additionalProperties: true }, description: "The core's lines of the credit (negative), with their tax" },
    subtotal: { type: 'string' }, total_excluding_tax: { type: 'string' }, tax_total: { type: 'string' },
    taxes: { type: 'array', items: { type: 'object', additionalProperties: true } }, total: { type: 'string' },
    amount: { type: 'string', description: 'What the credit note credits, tax included (positive)' },
    refund_amount: { type: 'string', description: 'The part to refund (the payments domain performs the refund)' },
    credit_amount: { type: 'string', description: "The part added to the customer's balance" },
    content_hash: { type: 'string' }, core_version: { type: 'string' },
    metadata: { type: 'object', additionalProperties: { type: 'string' } }, created_at: { type: 'string' },
  },
};

function presentCreditNote(row, invoiceNumber = null) {
  const result = JSON.parse(row.core_result);
  const invoiceLines = JSON.parse(row.credited_lines);
  return {
    id: row.id, object: 'credit_note', number: row.number, invoice: row.invoice_id, invoice_number: invoiceNumber ?? row.invoice_number ?? null,
    customer: row.customer_id, currency: row.currency, reason: row.reason, memo: row.memo,
    lines: invoiceLines.map((credited) => ({ invoice_line: credited.line, description: credited.description, amount: credited.amount, quantity: credited.quantity })),
    core_lines: result.lines, subtotal: result.subtotal, total_excluding_tax: result.total_excluding_tax, tax_total: result.tax_total,
    taxes: result.taxes, total: result.total, amount: row.amount, refund_amount: row.refund_amount, credit_amount: row.credit_amount,
    content_hash: row.content_hash, core_version: row.core_version, metadata: parseJson(row.metadata), created_at: row.created_at,
  };
}

/// Credit notes with their invoice's number (for presenting).
function selectCreditNotes(executor) {
  return executor.selectFrom('credit_notes').leftJoin('invoices', 'invoices.id', 'credit_notes.invoice_id')
    .selectAll('credit_notes').select('invoices.number as invoice_number');
}

async function findCreditNote(executor, id, path = '') {
  const row = await selectCreditNotes(executor).where('credit_notes.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('credit note', id, path);
  return row;
}

module.exports = { REASONS, creditNoteSchema, presentCreditNote, selectCreditNotes, findCreditNote };
