'use strict';
// The invoice email: a finalized invoice the customer pays itself (collection_method
// send_invoice) is mailed to it with its PDF attached and its hosted page's link, once (the
// mail's dedupe key).
const { enqueueMail } = require('../mail/enqueue');
const { parseJson } = require('../db/rows');
const { findCustomer } = require('../customers/customers');
const { documentOf } = require('./store');
const { displayZone } = require('./model');
const { invoiceLinkUrl } = require('../invoicing/invoice-links');

/// Outbox consumer of invoice.finalized (runs in the delivering transaction; a redelivered
/// event finds the mail already queued under its key). An invoice voided by then is not mailed.
async function mailIssuedInvoice(trx, event, services) {
  if (event.type !== 'invoice.finalized') return;
  const { id } = JSON.parse(event.data);
  const invoice = await trx.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
  // Voided before the event was delivered: nothing to pay, nothing to mail.
  if (!invoice || invoice.collection_method !== 'send_invoice' || !invoice.number || invoice.status === 'void') return;
  const customer = await findCustomer(trx, invoice.customer_id);
  const pdf = await documentOf(trx, services, 'invoice', invoice.id, 'pdf');
  const seller = parseJson(invoice.seller_details) || {};
  const data = { invoice_number: invoice.number, amount_due: JSON.parse(invoice.core_result).amount_due, currency: invoice.currency };
  if (invoice.due_at) data.due_at = invoice.due_at;
  if (invoice.period_start && invoice.period_end) Object.assign(data, { period_start: invoice.period_start, period_end: invoice.period_end });
  if (seller.legal_name) data.seller_name = seller.legal_name;
  data.time_zone = displayZone(customer.timezone);
  data.invoice_url = await invoiceLinkUrl(trx, services, invoice);
  await enqueueMail(trx, services, {
    template: 'invoice.issued', data, customerId: customer.id, key: `invoice.issued:${invoice.id}`,
    attachments: [{ filename: pdf.filename, contentType: 'application/pdf', content: pdf.content }],
  });
}

module.exports = { mailIssuedInvoice };
