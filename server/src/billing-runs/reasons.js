'use strict';

/// An invoice's billing_reason from the kinds of its subscriptions' billings.
function billingReason(entries) {
  if (entries.some((entry) => entry.kind === 'first')) return 'subscription_create';
  if (entries.every((entry) => entry.kind === 'final')) return 'subscription_final';
  if (entries.every((entry) => entry.kind === 'late')) return 'subscription_late_usage';
  return 'subscription_cycle';
}

module.exports = { billingReason };
