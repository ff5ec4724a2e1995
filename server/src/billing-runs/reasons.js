'use strict';

/// An invoice's billing_reason from the kinds of its subscriptions' billings.
function billingReason(entries) {
  if (entries.some((entry) => entry.kind === 'first')) return 'subscription_create';
  if (entries.every((entry) => entry.kind === 'final')) return 'subscription_final';
  return 'subscription_cycle';
}

module.exports = { billingReason };
