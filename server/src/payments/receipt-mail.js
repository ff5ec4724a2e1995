'use strict';
// The payment receipt: every payment that succeeds is mailed to its customer (template
// payment.receipt) through the mail outbox, in the transaction that records the success, once
// per payment (the mail's dedupe key).
const { enqueueMail } = require('../mail/enqueue');

/// Queues the receipt of succeeded payment `payment` (its row) in `trx`.
async function mailReceipt(trx, services, payment) {
  const method = await trx.selectFrom('payment_methods').select(['brand', 'last4']).where('id', '=', payment.payment_method_id).executeTakeFirst();
  const invoice = payment.invoice_id ? await trx.selectFrom('invoices').select('number').where('id', '=', payment.invoice_id).executeTakeFirst() : null;
  const data = { amount: payment.amount, currency: payment.currency, paid_at: payment.updated_at, receipt_number: payment.id };
  if (invoice && invoice.number) data.invoice_number = invoice.number;
  if (method) data.payment_method = `${method.brand ? method.brand.toUpperCase() : 'Bank account'} •••• ${method.last4}`;
  await enqueueMail(trx, services, { template: 'payment.receipt', customerId: payment.customer_id, data, key: `payment.receipt:${payment.id}` });
}

module.exports = { mailReceipt };
