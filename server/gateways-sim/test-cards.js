'use strict';
// The simulated gateways' test cards, as the big gateways document theirs (docs/server.md,
// "Payments"). Any other valid number succeeds.

/// Outcome of a charge by card number: { decline: [code, decline_code] } (a hard decline, the
/// charge recorded as failed), { error } (the gateway fails before charging), { action }
/// (3-D Secure needed), { dispute } (succeeds, disputed as fraudulent right after; when only
/// authorized, right after the capture), { lost } (succeeds, and the response is never sent).
/// An authorization (`capture: false`) ends the same way, held (`requires_capture`) where a
/// charge would succeed.
const TEST_CARDS = {
  '4000000000000002': { decline: ['card_declined', 'generic_decline'] },
  '4000000000009995': { decline: ['card_declined', 'insufficient_funds'] },
  '4000000000009987': { decline: ['card_declined', 'lost_card'] },
  '4000000000009979': { decline: ['card_declined', 'stolen_card'] },
  '4000000000000069': { decline: ['expired_card', 'expired_card'] },
  '4000000000000127': { decline: ['incorrect_cvc', 'incorrect_cvc'] },
  '4000000000000341': { decline: ['card_declined', 'generic_decline'] },
  '4100000000000019': { decline: ['card_declined', 'highest_risk_level'] },
  '4000000000000119': { error: 'processing_error' },
  '4000002760003184': { action: 'three_d_secure' },
  '4000000000000259': { dispute: 'fraudulent' },
  '4000000000007775': { lost: true },
};

/// US bank accounts (routing number 110000000) by account number: how a debit ends once it
/// settles, days later on the gateway's clock: { settles } (succeeds), { returns: [code,
/// reason] } (an ACH return instead), or { dispute } (succeeds, then disputed).
const TEST_BANK_ACCOUNTS = {
  '000123456789': { settles: true },
  '000222222227': { returns: ['R01', 'insufficient_funds'] },
  '000111111113': { returns: ['R02', 'account_closed'] },
  '000111111116': { returns: ['R03', 'no_account'] },
  '000333333335': { returns: ['R10', 'debit_not_authorized'] },
  '000555555559': { dispute: 'debit_not_authorized' },
};
/// The two micro-deposits every verification sends.
const MICRO_DEPOSITS = ['0.32', '0.45'];
/// Days from a bank debit to its settlement (or return).
const SETTLEMENT_DAYS = 4;
/// Days an authorization (a charge with `capture: false`) can be captured; then it expires.
const AUTHORIZATION_DAYS = 7;
/// Days a merchant has to answer a dispute with evidence; unanswered, the dispute is lost.
const DISPUTE_RESPONSE_DAYS = 7;
/// Evidence whose `uncategorized_text` is one of these decides the dispute at once.
const DECIDING_EVIDENCE = { winning_evidence: 'won', losing_evidence: 'lost' };

/// The brand of a card number, by its leading digits.
function brandOf(number) {
  if (/^3[47]/.test(number)) return 'amex';
  if (number.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover';
  return 'unknown';
}

module.exports = {
  TEST_CARDS, TEST_BANK_ACCOUNTS, MICRO_DEPOSITS, SETTLEMENT_DAYS, AUTHORIZATION_DAYS, DISPUTE_RESPONSE_DAYS, DECIDING_EVIDENCE, brandOf,
};
