'use strict';
const { recoverPayment, chargeInvoice } = require('./payments');
const { resendRefund } = require('./refunds');
const { resendOperation } = require('./captures');
const { sendCardExpiryNotices } = require('./expiry-notices');
const { FORGET_JOB, forgetVaultToken } = require('./erasure');
const { BANK_DEBIT_JOB } = require('./payment-methods');
const { debitOpenInvoices } = require('./bank-debits');

/// The payments domain's jobs (docs/server.md, "Payments"): settling a payment, a refund, a
/// capture or a void whose gateway answer was never recorded; charging an invoice collected
/// automatically; debiting the open invoices of a bank account just verified; the daily
/// expiring-card notice; the vault's deletion of an erased customer's cards.
const PAYMENT_HANDLERS = {
  'payment.recover': recoverPayment,
  'invoice.charge': chargeInvoice,
  [BANK_DEBIT_JOB]: debitOpenInvoices,
  'refund.send': resendRefund,
  'payment_operation.send': resendOperation,
  'payment.card_expiry_notices': sendCardExpiryNotices,
  [FORGET_JOB]: forgetVaultToken,
};

module.exports = { PAYMENT_HANDLERS };
