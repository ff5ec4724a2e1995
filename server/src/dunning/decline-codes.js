'use strict';
// Which failed charges dunning retries, and on which schedule, by the payment's decline code
// (a card's decline code, or a bank debit's return code).

/// Never retried: a retry cannot succeed, or must not be tried (the card is lost, stolen or
/// blocked; the bank account is closed, missing or the debit was not authorized).
const NEVER_RETRIED = new Set([
  'lost_card', 'stolen_card', 'pickup_card', 'restricted_card', 'fraudulent', 'highest_risk_level', 'blocked',
  'security_violation', 'revocation_of_authorization', 'stop_payment_order', 'fraud_blocked', 'fraud_rejected',
  'R02', 'R03', 'R04', 'R05', 'R07', 'R08', 'R10', 'R16', 'R20', 'R29',
]);
/// Bank debits returned for want of funds: retried on the policy's later bank schedule.
const BANK_RETRIED = new Set(['R01', 'R09']);

/// "never", "bank" (the policy's bank_retry_days) or "card" (its retry_days) for a failed
/// payment's { failure_code, decline_code }.
function retryClass({ failure_code: failureCode, decline_code: declineCode }) {
  if (NEVER_RETRIED.has(declineCode) || NEVER_RETRIED.has(failureCode)) return 'never';
  if (BANK_RETRIED.has(declineCode)) return 'bank';
  return 'card';
}

module.exports = { retryClass };
