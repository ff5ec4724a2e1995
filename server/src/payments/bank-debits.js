'use strict';
// A bank account's first debits (docs/server.md, "Bank accounts (ACH)"): invoices collected
// automatically while the customer's bank account waited for its micro-deposits (a checkout
// paid by bank account) are debited once it is verified. The job is queued in the transaction
// that records the verification (payment-methods.js). Each debit is the invoice's first automatic
// attempt: it carries the request key of the job `invoice.charge` (`invoice:<id>:auto`), so a run
// after a crash, or that job, finds the debit already made instead of making another, and a
// returned debit opens the invoice's dunning case as a failed automatic charge does.
const { ApiError } = require('../http/errors');
const { presentInvoice } = require('../invoicing/invoices');
const { isZero } = require('../invoicing/amounts');
const { payInvoice } = require('./payments');

/// Job `bank_account.debit_open_invoices`: debits each open invoice of the account's customer
/// collected automatically (in USD, something remaining) with the account, once per invoice
/// (request key invoice:<id>:auto, the automatic charge's). An account no longer active and verified debits
/// nothing; an invoice another payment is on its way for, or no longer payable, is left.
async function debitOpenInvoices({ payment_method_id: methodId }, services) {
  const { db } = services;
  const method = await db.selectFrom('payment_methods').selectAll().where('id', '=', methodId).executeTakeFirst();
  if (!method || method.status !== 'active' || method.verification_status !== 'verified') return {};
  const invoices = await db.selectFrom('invoices').selectAll().where('customer_id', '=', method.customer_id)
    .where('status', '=', 'open').where('collection_method', '=', 'charge_automatically').where('currency', '=', 'USD').orderBy('id').execute();
  for (const row of invoices) {
    const { amount_remaining: amount } = presentInvoice(row);
    if (isZero(amount)) continue;
    try {
      await payInvoice(services, { id: row.id, customer_id: row.customer_id, amount_due: amount, currency: row.currency }, {
        paymentMethod: methodId, requestKey: `invoice:${row.id}:auto`,
      });
    } catch (error) {
      if (!(error instanceof ApiError) || !['PAYMENT_IN_PROGRESS', 'INVALID_STATE'].includes(error.code)) throw error;
    }
  }
  return {};
}

module.exports = { debitOpenInvoices };
