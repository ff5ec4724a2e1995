'use strict';
// Issuing a credit note against a finalized invoice, in one transaction: the invoice locked,
// the credit computed by the core, a number taken from the credit notes' series, the part not
// refunded added to the customer's balance, and credit_note.created.
const { ApiError, invalidState } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { lockInvoice } = require('../invoicing/invoices');
const { findCustomer, customerNow } = require('../customers/customers');
const { computeInvoice, sumAmounts, isZeroAmount, negateAmount, CORE_VERSION } = require('../invoicing/core-invoice');
const { takeNumber } = require('../settings/seller-settings');
const { recordBalanceTransaction } = require('../balances/ledger');
const { creditableLines, creditsOf, creditNoteRequest, checkAmount } = require('./compute');
const { presentCreditNote } = require('./credit-notes');

const CREDITABLE_STATUSES = ['open', 'paid', 'uncollectible'];

/// Creates a credit note from `body` ({ invoice, reason, memo?, lines? | amount?, refund_amount?,
/// metadata? }). Returns the stored row (with invoice_number).
async function createCreditNote(trx, services, body) {
  const { core, clock } = services;
  const invoice = await lockInvoice(trx, services.dialect, body.invoice, '/invoice');
  if (!CREDITABLE_STATUSES.includes(invoice.status)) throw invalidState(`the invoice is ${invoice.status}; only a finalized invoice (open, paid or uncollectible) can be credited`, '/invoice');
  const prior = await trx.selectFrom('credit_notes').selectAll().where('invoice_id', '=', invoice.id).orderBy('id').execute();
  const entries = creditableLines(core, invoice, prior);
  const credits = creditsOf(core, invoice, entries, body);
  const request = creditNoteRequest(core, invoice, credits);
  const { result, text, hash } = computeInvoice(core, request);
  const amount = result.credit_generated;
  const refund = refundOf(core, invoice, body, amount);
  const creditAmount = sumAmounts(core, invoice.currency, [amount, negateAmount(refund)]);

  const row = {
    id: newId('cn'), number: await takeNumber(trx, 'credit_note'), invoice_id: invoice.id, customer_id: invoice.customer_id,
    currency: invoice.currency, reason: body.reason, memo: body.memo ?? null,
    credited_lines: JSON.stringify(credits.map(({ entry, amount: credited, quantity }) => ({
      line: entry.index, description: entry.line.description ?? null, amount: credited, quantity,
    }))),
    core_request: JSON.stringify(request), core_result: text, content_hash: hash, core_version: CORE_VERSION,
    amount, refund_amount: refund, credit_amount: creditAmount, metadata: JSON.stringify(body.metadata || {}),
    // Dated on the customer's clock (a test clock's frozen time), like its invoices.
    created_at: toInstant(await customerNow(trx, await findCustomer(trx, invoice.customer_id), clock)),
  };
  await trx.insertInto('credit_notes').values(row).execute();
  const stored = { ...row, invoice_number: invoice.number };
  await recordEvent(trx, { type: 'credit_note.created', object: presentCreditNote(stored), customerId: row.customer_id }, clock.now());
  if (!isZeroAmount(creditAmount)) {
    await recordBalanceTransaction(trx, services, {
      customerId: row.customer_id, currency: row.currency, type: 'credit_note', amount: creditAmount,
      sourceType: 'credit_note', sourceId: row.id, description: `Credit note ${row.number} (invoice ${invoice.number})`,
    });
  }
  return stored;
}

// The part to refund: at most the credit, and only of a paid invoice.
function refundOf(core, invoice, body, amount) {
  if (body.refund_amount === undefined) return sumAmounts(core, invoice.currency, []);
  const refund = checkAmount(core, invoice.currency, body.refund_amount, '/refund_amount', { allowZero: true });
  if (!isZeroAmount(refund) && invoice.status !== 'paid') throw new ApiError('INVALID_ARGUMENT', `the invoice is ${invoice.status}: only a paid invoice's credit can be refunded`, '/refund_amount');
  if (sumAmounts(core, invoice.currency, [amount, negateAmount(refund)]).startsWith('-')) {
    throw new ApiError('INVALID_ARGUMENT', `exceeds the credit note's amount (${amount} ${invoice.currency})`, '/refund_amount');
  }
  return refund;
}

module.exports = { createCreditNote, CREDITABLE_STATUSES };
