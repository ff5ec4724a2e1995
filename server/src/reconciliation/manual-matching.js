'use strict';
// Matching by hand: apply what a received payment holds unapplied to invoices the operator
// names, or take back what it applied (while the invoices are still open).
const { ApiError, invalidState, invalidArgument } = require('../http/errors');
const { findInvoice } = require('../invoicing/invoices');
const { PAYABLE, withdrawApplications } = require('../invoicing/payment-applications');
const { isPositive, zeroLike } = require('../invoicing/amounts');
const { recordEvent } = require('../outbox/outbox');
const { lockReceivedPayment } = require('./queries');
const { applyReceived, save } = require('./matching');
const { presentReceivedPayment } = require('./presenters');

/// The invoice rows `invoiceIds` (from the request at `path`), checked to be payable invoices in
/// the row's currency, of one customer (the row's, when it has one). Changes nothing.
async function invoicesToMatch(executor, row, invoiceIds, path) {
  const invoices = [];
  for (const [index, id] of invoiceIds.entries()) {
    const at = `${path}/${index}`;
    const invoice = await findInvoice(executor, id, at);
    if (!PAYABLE.includes(invoice.status)) throw invalidState(`invoice ${invoice.number || id} is ${invoice.status}; only an open or uncollectible invoice can be paid`, at);
    if (invoice.currency !== row.currency) throw invalidArgument(`invoice ${invoice.number} is in ${invoice.currency}, the payment in ${row.currency}`, at);
    const customer = row.customer_id || invoices[0]?.customer_id;
    if (customer && invoice.customer_id !== customer) throw invalidArgument(`invoice ${invoice.number} is another customer's`, at);
    invoices.push(invoice);
  }
  return invoices;
}

/// Applies the unapplied money of received payment `id` to `invoiceIds`, in order
/// (received_payment.matched). INVALID_STATE when nothing is unapplied.
async function matchReceivedPayment(trx, services, id, invoiceIds) {
  const row = await lockReceivedPayment(trx, services.dialect, id);
  if (!isPositive(row.amount_unapplied)) throw invalidState(`received payment ${id} is ${row.status} with nothing unapplied; unmatch it first`);
  const invoices = await invoicesToMatch(trx, row, invoiceIds, '/invoices');
  const next = await applyReceived(trx, services, row, invoices, 'manual');
  if (next === row) throw new ApiError('INVALID_STATE', 'nothing could be applied to these invoices: this payment already paid them', '/invoices');
  return announce(trx, services, next, 'received_payment.matched');
}

/// Takes back everything received payment `id` applied (each invoice's amount_paid goes down)
/// and leaves it unmatched (received_payment.unmatched). INVALID_STATE when it is unmatched, or
/// when an invoice it paid is no longer open (a credit note takes such money back).
async function unmatchReceivedPayment(trx, services, id) {
  const row = await lockReceivedPayment(trx, services.dialect, id);
  if (row.status === 'unmatched') throw invalidState(`received payment ${id} is unmatched already`);
  await withdrawApplications(trx, services, { sourceType: 'received_payment', sourceId: id });
  const next = await save(trx, services, row, {
    status: 'unmatched', matched_by: null, payment_id: null, amount_applied: zeroLike(row.amount), amount_unapplied: row.amount,
  });
  return announce(trx, services, next, 'received_payment.unmatched');
}

/// Records `type` with the received payment as it now is; returns its API object.
async function announce(trx, services, row, type) {
  const object = await presentReceivedPayment(trx, row);
  await recordEvent(trx, { type, object, customerId: row.customer_id }, services.clock.now());
  return object;
}

module.exports = { matchReceivedPayment, unmatchReceivedPayment, invoicesToMatch, announce };
