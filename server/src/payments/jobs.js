'use strict';
const { recoverPayment, chargeInvoice } = require('./payments');
const { resendRefund } = require('./refunds');
const { resendOperation } = require('./captures');
const { sendCardExpiryNotices } = require('./expiry-notices');

/// The payments domain's jobs (docs/server.md, "Payments"): settling a payment, a refund, a
/// capture or a void whose gateway answer was never recorded; charging an invoice collected automatically; the
/// daily expiring-card notice.
const PAYMENT_HANDLERS = {
  'payment.recover': recoverPayment,
  'invoice.charge': chargeInvoice,
  'refund.send': resendRefund,
  'payment_operation.send': resendOperation,
  'payment.card_expiry_notices': sendCardExpiryNotices,
};

module.exports = { PAYMENT_HANDLERS };
