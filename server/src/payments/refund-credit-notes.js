'use strict';
// Invoiced money is refunded through a credit note (docs/server.md, "Payments"): a refund of an
// invoice's payment names a credit note of that invoice, and the refunds made against one
// credit note never add up to more than its refund_amount.
const { ApiError, notFound, invalidArgument } = require('../http/errors');
const { sumAmounts, negateAmount } = require('../invoicing/core-invoice');

/// The credit note a refund of `payment` is made against (`creditNoteId`, from the request),
/// locked until `trx` ends (PostgreSQL; SQLite writes one transaction at a time), with `left`,
/// what of its refund_amount is not refunded yet (pending or succeeded refunds count). Null for
/// a payment of no invoice, which names none.
async function refundCreditNote(trx, services, payment, creditNoteId) {
  if (!payment.invoice_id) {
    if (creditNoteId !== undefined) throw invalidArgument('the payment is of no invoice: only an invoice\'s payment is refunded against a credit note', '/credit_note');
    return null;
  }
  if (creditNoteId === undefined) {
    throw new ApiError('MISSING_FIELD', `is required: the payment is of invoice ${payment.invoice_id}, whose money is refunded through a credit note`, '/credit_note');
  }
  let query = trx.selectFrom('credit_notes').selectAll().where('id', '=', creditNoteId);
  if (services.dialect === 'postgres') query = query.forUpdate();
  const note = await query.executeTakeFirst();
  if (!note) throw notFound('credit note', creditNoteId, '/credit_note');
  if (note.invoice_id !== payment.invoice_id) {
    throw invalidArgument(`credits invoice ${note.invoice_id}, not the payment's invoice ${payment.invoice_id}`, '/credit_note');
  }
  const refunded = await trx.selectFrom('refunds').select('amount').where('credit_note_id', '=', note.id)
    .where('status', 'in', ['pending', 'succeeded']).execute();
  const left = sumAmounts(services.core, note.currency, [note.refund_amount, ...refunded.map((row) => negateAmount(row.amount))]);
  return { id: note.id, number: note.number, refundAmount: note.refund_amount, left };
}

module.exports = { refundCreditNote };
