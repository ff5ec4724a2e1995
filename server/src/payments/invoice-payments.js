'use strict';
// Where payments meet invoices. A payment may name an open invoice of its customer; when it
// succeeds it is applied to the invoice in the transaction that records the success (up to the
// amount remaining: a partial payment leaves it open, the one that covers the rest pays it). A finalized invoice collected automatically is charged to the
// customer's default payment method by a job, once.
const { ApiError, invalidState, notFound } = require('../http/errors');
const { enqueueJob } = require('../jobs/queue');
const { findInvoice, presentInvoice } = require('../invoicing/invoices');
const { toMinor, subtractAmounts } = require('../invoicing/amounts');
const { applyToInvoice, PAYABLE } = require('../invoicing/payment-applications');

/// Refuses a payment naming an invoice that is not an open (or uncollectible) invoice of this
/// customer in this currency; changes nothing.
async function checkPayableInvoice(executor, { invoiceId, customerId, currency }) {
  const row = await findInvoice(executor, invoiceId, '/invoice');
  if (row.customer_id !== customerId) throw notFound('invoice', invoiceId, '/invoice');
  if (!PAYABLE.includes(row.status)) throw invalidState(`invoice ${invoiceId} is ${row.status}; only an open or uncollectible invoice can be paid`, '/invoice');
  if (row.currency !== currency) throw new ApiError('INVALID_ARGUMENT', `invoice ${invoiceId} is in ${row.currency}, not ${currency}`, '/currency');
}

/// Payment statuses whose amount may still reach the invoice without the customer doing
/// anything: charging, debiting, held for a fraud review, or authorized for a capture. A payment
/// waiting for 3-D Secure is not among them (it may never be confirmed); its confirmation is
/// checked against the invoice instead (checkInvoiceRoom).
const IN_FLIGHT = ['processing', 'pending', 'requires_review', 'requires_capture'];

/// In the transaction that records a new payment of `amount` on invoice `invoiceId` (or
/// confirms one after 3-D Secure, `except` its own id): refuses with 409 PAYMENT_IN_PROGRESS
/// when other payments of the invoice still on their way leave less than `amount` to pay, so
/// no two paths (the automatic charge, dunning, the hosted page, the API) pay one invoice
/// twice; and with INVALID_STATE when the invoice is no longer payable. On PostgreSQL the
/// invoice row is locked until the payment is recorded (SQLite has one writer at a time).
async function checkInvoiceRoom(trx, { dialect }, { invoiceId, amount, except = null }) {
  let query = trx.selectFrom('invoices').selectAll().where('id', '=', invoiceId);
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('invoice', invoiceId, '/invoice');
  if (!PAYABLE.includes(row.status)) throw invalidState(`invoice ${invoiceId} is ${row.status}; only an open or uncollectible invoice can be paid`, '/invoice');
  let others = trx.selectFrom('payments').select(['id', 'amount']).where('invoice_id', '=', invoiceId).where('status', 'in', IN_FLIGHT);
  if (except) others = others.where('id', '!=', except);
  const inFlight = await others.execute();
  if (!inFlight.length) return;
  const remaining = presentInvoice(row).amount_remaining;
  const left = inFlight.reduce((room, payment) => subtractAmounts(room, payment.amount), remaining);
  if (toMinor(amount) > toMinor(left)) {
    throw new ApiError('PAYMENT_IN_PROGRESS', `invoice ${invoiceId} has ${remaining} ${row.currency} to pay and payments in progress `
      + `(${inFlight.map((payment) => payment.id).join(', ')}) hold ${subtractAmounts(remaining, left)} of it; wait for them to settle`, '/invoice');
  }
}

/// In the transaction recording `payment` (a payments row) as succeeded: applies it to its
/// still payable invoice, once (invoicing/payment-applications.js). The invoice becomes paid
/// (invoice.paid) when nothing remains; what the payment holds beyond the amount remaining stays
/// unapplied on the payment.
async function settleInvoice(trx, services, payment) {
  if (!payment.invoice_id) return;
  await applyToInvoice(trx, services, {
    invoiceId: payment.invoice_id, sourceType: 'payment', sourceId: payment.id, amount: payment.amount, currency: payment.currency,
  });
}

/// Outbox consumer: a finalized invoice with charge_automatically and something due, of a
/// customer with a default payment method, gets one `invoice.charge` job (a singleton per
/// invoice, so a redelivered event queues nothing more).
async function queueInvoiceCharge(trx, event, { clock }) {
  if (event.type !== 'invoice.finalized') return;
  const invoice = JSON.parse(event.data);
  if (invoice.collection_method !== 'charge_automatically' || invoice.status !== 'open') return;
  const method = await trx.selectFrom('payment_methods').select('id')
    .where('customer_id', '=', invoice.customer).where('is_default', '=', 1).where('status', '=', 'active').executeTakeFirst();
  if (!method) return;
  await enqueueJob(trx, { type: 'invoice.charge', payload: { invoice_id: invoice.id }, id: `job_invoice_charge_${invoice.id}` }, clock.now());
}

module.exports = { checkInvoiceRoom, checkPayableInvoice, settleInvoice, queueInvoiceCharge, PAYABLE };
