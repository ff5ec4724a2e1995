'use strict';
const { recoverPayment } = require('./payments');
const { resendRefund } = require('./refunds');
const { sendCardExpiryNotices } = require('./expiry-notices');

/// The payments domain's jobs (docs/server.md, "Payments"): settling a payment or a refund
/// whose gateway answer was never recorded; the daily expiring-card notice.
const PAYMENT_HANDLERS = {
  'payment.recover': recoverPayment,
  'refund.send': resendRefund,
  'payment.card_expiry_notices': sendCardExpiryNotices,
};

module.exports = { PAYMENT_HANDLERS };
