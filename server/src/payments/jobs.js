'use strict';
const { recoverPayment } = require('./payments');
const { resendRefund } = require('./refunds');

/// The payments domain's jobs (docs/server.md, "Payments"): settling a payment or a refund
/// whose gateway answer was never recorded.
const PAYMENT_HANDLERS = {
  'payment.recover': recoverPayment,
  'refund.send': resendRefund,
};

module.exports = { PAYMENT_HANDLERS };
