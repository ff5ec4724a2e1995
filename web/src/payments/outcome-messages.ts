// What a buyer reads for a payment that did not go through, by the payment's failure and
// decline codes (docs/server.md, "The simulated gateways' test cards"). Lost and stolen cards
// read as a plain decline: the reason is the issuer's, not the buyer's to learn.

const BY_DECLINE: Record<string, string> = {
  insufficient_funds: 'The card was declined for insufficient funds.',
  expired_card: 'The card has expired.',
  incorrect_cvc: 'The security code (CVC) is not the card\'s.',
  authentication_required: 'Your bank did not confirm the payment (3-D Secure).',
};

const BY_FAILURE: Record<string, string> = {
  expired_card: 'The card has expired.',
  incorrect_cvc: 'The security code (CVC) is not the card\'s.',
  authentication_failed: 'Your bank did not confirm the payment (3-D Secure).',
  processing_error: 'The payment could not be processed just now. Nothing was charged.',
  gateway_unavailable: 'The payment service did not answer. Nothing was charged.',
  fraud_blocked: 'This payment was refused.',
};

/// The sentence for a failed payment: the decline's reason when the buyer can act on it.
export function failureMessage(failureCode: string | null, declineCode: string | null): string {
  return (declineCode && BY_DECLINE[declineCode]) || (failureCode && BY_FAILURE[failureCode]) || 'The card was declined.';
}
