'use strict';
// The service the payments domain calls when a payment settles an invoice.
const { lockInvoice } = require('./invoices');
const { payInvoice } = require('./lifecycle');

/// Marks invoice `invoiceId` paid by the payment `paymentId`, inside the payment's transaction
/// `trx` (so the payment and the invoice's state commit together), and records invoice.paid.
/// INVALID_STATE (409) when the invoice is not open or uncollectible (already paid, void, a
/// draft). Returns the invoice row after the change.
async function markInvoicePaid(trx, services, invoiceId, { paymentId }) {
  const row = await lockInvoice(trx, services.dialect, invoiceId);
  return payInvoice(trx, services, row, { outOfBand: false, reference: paymentId });
}

module.exports = { markInvoicePaid };
