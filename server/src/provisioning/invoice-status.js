'use strict';
const { findInvoice } = require('../invoicing/invoices');

// The one place provisioning asks whether an invoice is paid (invoices belong to invoicing).
// Called outside transactions (order checks).

/// null when `invoiceId` is paid, else the reason it is not.
async function invoicePaid(db, invoiceId) {
  let row;
  try {
    row = await findInvoice(db, invoiceId);
  } catch (error) {
    if (error.code === 'NOT_FOUND') return `no invoice "${invoiceId}"`;
    throw error;
  }
  return row.status === 'paid' ? null : `invoice ${invoiceId} is ${row.status}, not paid`;
}

module.exports = { invoicePaid };
