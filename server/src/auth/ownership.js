'use strict';
const { notFound } = require('../http/errors');

// A portal session reaches only its own customer's objects. Objects of other customers answer
// 404, exactly like ids that do not exist, so a token cannot probe for ids.

/// Throws NOT_FOUND when a portal principal asks for another customer.
function assertOwnCustomer(principal, customerId) {
  if (principal.kind === 'portal' && principal.customerId !== customerId) throw notFound('customer', customerId);
}

/// Throws NOT_FOUND when a portal principal asks for another customer's subscription.
function assertOwnSubscription(principal, subscription) {
  if (principal.kind === 'portal' && principal.customerId !== subscription.customer_id) {
    throw notFound('subscription', subscription.id);
  }
}

module.exports = { assertOwnCustomer, assertOwnSubscription };
