'use strict';

// The one place provisioning asks whether an invoice is paid. Invoices belong to invoicing
// (issue 17); until its tables land there is no invoice to read, and an order that must wait
// for payment is blocked with that reason. Called outside transactions (order checks).

/// null when `invoiceId` is paid, else the reason it is not (or cannot be known).
async function invoicePaid(db, invoiceId) {
  let row;
  try {
    row = await db.selectFrom('invoices').select(['id', 'status']).where('id', '=', invoiceId).executeTakeFirst();
  } catch (error) {
    if (/no such table|does not exist/.test(String(error.message))) return 'invoices are not kept on this server yet, so payment cannot be confirmed';
    throw error;
  }
  if (!row) return `no invoice "${invoiceId}"`;
  return row.status === 'paid' ? null : `invoice ${invoiceId} is ${row.status}, not paid`;
}

module.exports = { invoicePaid };
