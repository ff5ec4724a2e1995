'use strict';
// Payment objects as the API shows them. A card is only ever its brand, last 4 digits,
// issuing country, expiry and fingerprint: the number and the security code are never in
// Ratecard.
const { parseJson, bool } = require('../db/rows');

const cardSchema = {
  type: 'object', title: 'PaymentMethodCard',
  properties: {
    brand: { type: 'string' }, last4: { type: 'string' },
    country: { type: ['string', 'null'], description: 'The issuing country (ISO 3166-1 alpha-2) the vault derived from the number\'s leading digits; null when unknown' },
    exp_month: { type: 'integer' }, exp_year: { type: 'integer' },
    fingerprint: { type: 'string', description: 'The same card has the same fingerprint (the vault\'s keyed hash of the number)' },
  },
};

const bankAccountSchema = {
  type: 'object', title: 'PaymentMethodBankAccount',
  properties: {
    routing_number: { type: 'string' }, last4: { type: 'string' }, fingerprint: { type: 'string' },
    verification_status: { type: 'string', enum: ['pending', 'verified', 'failed'], description: 'Debited only once verified (micro-deposits)' },
    mandate: {
      type: 'object', title: 'Mandate', description: 'The customer\'s authorization to debit the account',
      properties: {
        type: { type: 'string' }, accepted_at: { type: 'string' }, ip_address: { type: ['string', 'null'] },
        user_agent: { type: ['string', 'null'] }, text_version: { type: 'string' },
      },
    },
  },
};

const paymentMethodSchema = {
  type: 'object', title: 'PaymentMethod',
  properties: {
    id: { type: 'string' }, object: { type: 'string', enum: ['payment_method'] }, customer: { type: 'string' },
    type: { type: 'string', enum: ['card', 'us_bank_account'] },
    card: { anyOf: [cardSchema, { type: 'null' }] }, bank_account: { anyOf: [bankAccountSchema, { type: 'null' }] },
    default: { type: 'boolean' },
    status: { type: 'string', enum: ['active', 'detached'] }, created_at: { type: 'string' }, detached_at: { type: ['string', 'null'] },
  },
};

function presentPaymentMethod(row) {
  return {
    id: row.id, object: 'payment_method', customer: row.customer_id, type: row.type,
    card: row.type === 'card'
      ? { brand: row.brand, last4: row.last4, country: row.card_country, exp_month: row.exp_month, exp_year: row.exp_year, fingerprint: row.fingerprint } : null,
    bank_account: row.type === 'us_bank_account' ? {
      routing_number: row.routing_number, last4: row.last4, fingerprint: row.fingerprint,
      verification_status: row.verification_status, mandate: parseJson(row.mandate),
    } : null,
    default: bool(row.is_default), status: row.status, created_at: row.created_at, detached_at: row.detached_at,
  };
}

const attemptSchema = {
  type: 'object', title: 'PaymentAttempt',
  properties: {
    id: { type: 'string' }, number: { type: 'integer' }, gateway: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'unknown', 'submitted', 'succeeded', 'authorized', 'requires_action', 'declined', 'failed'] },
    idempotency_key: { type: 'string' }, gateway_charge: { type: ['string', 'null'] },
    failure_code: { type: ['string', 'null'] }, decline_code: { type: ['string', 'null'] }, error: { type: ['string', 'null'] },
    created_at: { type: 'string' },
  },
};

const paymentSchema = {
  type: 'object', title: 'Payment',
  properties: {
    id: { type: 'string' }, object: { type: 'string', enum: ['payment'] }, customer: { type: 'string' },
    invoice: { type: ['string', 'null'] }, payment_method: { type: 'string' },
    amount: { type: 'string' }, currency: { type: 'string' },
    status: {
      type: 'string', enum: ['processing', 'requires_action', 'requires_review', 'requires_capture', 'pending', 'succeeded', 'failed', 'canceled'],
      description: 'pending: a bank debit submitted, settling in days; processing: the gateway\'s outcome is not known yet; requires_review: held by the fraud rules for review (GET /v1/fraud_decisions); requires_capture: authorized (capture_method manual), to be captured or canceled; canceled: its authorization was voided or expired',
    },
    capture_method: { type: 'string', enum: ['automatic', 'manual'] },
    amount_authorized: { type: ['string', 'null'], description: 'What was authorized (capture_method manual; null otherwise). Once captured, amount is what was captured' },
    cancellation_reason: { type: ['string', 'null'], description: 'Why a payment was canceled: the reason given to POST /v1/payments/:id/cancel, or expired' },
    amount_withdrawn: { type: ['string', 'null'], description: 'What the gateway took back for lost disputes; null while no dispute was lost' },
    gateway: { type: ['string', 'null'] }, gateway_charge: { type: ['string', 'null'] },
    failure_code: { type: ['string', 'null'] }, decline_code: { type: ['string', 'null'] },
    next_action: { type: ['object', 'null'], additionalProperties: true },
    amount_refunded: { type: 'string' }, refunded: { type: 'boolean' }, disputed: { type: 'boolean' },
    route: { type: 'array', items: { type: 'string' } }, routing_version: { type: ['integer', 'null'] },
    attempt_count: { type: 'integer' }, attempts: { type: 'array', items: attemptSchema },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

function presentPayment(row, attempts) {
  return {
    id: row.id, object: 'payment', customer: row.customer_id, invoice: row.invoice_id, payment_method: row.payment_method_id,
    amount: row.amount, currency: row.currency, status: row.status, gateway: row.gateway, gateway_charge: row.gateway_charge_id,
    capture_method: row.capture_method, amount_authorized: row.amount_authorized, cancellation_reason: row.cancellation_reason,
    amount_withdrawn: row.amount_withdrawn,
    failure_code: row.failure_code, decline_code: row.decline_code, next_action: parseJson(row.next_action),
    amount_refunded: row.amount_refunded, refunded: row.amount_refunded === row.amount, disputed: bool(row.disputed),
    route: JSON.parse(row.route), routing_version: row.routing_version,
    attempt_count: attempts.length, attempts: attempts.map(presentAttempt),
    metadata: parseJson(row.metadata) || {},
    created_at: row.created_at, updated_at: row.updated_at,
  };
}

function presentAttempt(row) {
  return {
    id: row.id, number: row.number, gateway: row.gateway, status: row.status, idempotency_key: row.idempotency_key,
    gateway_charge: row.gateway_charge_id, failure_code: row.failure_code, decline_code: row.decline_code, error: row.error,
    created_at: row.created_at,
  };
}

const refundSchema = {
  type: 'object', title: 'Refund',
  properties: {
    id: { type: 'string' }, object: { type: 'string', enum: ['refund'] }, payment: { type: 'string' },
    amount: { type: 'string' }, currency: { type: 'string' }, status: { type: 'string', enum: ['pending', 'succeeded', 'failed'] },
    reason: { type: ['string', 'null'] }, credit_note: { type: ['string', 'null'] }, gateway_refund: { type: ['string', 'null'] },
    failure_code: { type: ['string', 'null'] }, created_at: { type: 'string' },
  },
};

function presentRefund(row, payment) {
  return {
    id: row.id, object: 'refund', payment: row.payment_id, amount: row.amount, currency: payment.currency, status: row.status,
    reason: row.reason, credit_note: row.credit_note_id, gateway_refund: row.gateway_refund_id, failure_code: row.failure_code,
    created_at: row.created_at,
  };
}

const disputeSchema = {
  type: 'object', title: 'Dispute',
  properties: {
    id: { type: 'string' }, object: { type: 'string', enum: ['dispute'] }, payment: { type: 'string' },
    invoice: { type: ['string', 'null'] }, customer: { type: 'string' }, amount: { type: 'string' }, currency: { type: 'string' },
    reason: { type: 'string' },
    status: { type: 'string', enum: ['needs_response', 'under_review', 'won', 'lost'], description: 'lost: the gateway took the amount back (the payment\'s amount_withdrawn)' },
    evidence: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
    evidence_submitted_at: { type: ['string', 'null'] }, closed_at: { type: ['string', 'null'] }, created_at: { type: 'string' },
  },
};

function presentDispute(row, payment) {
  return {
    id: row.id, object: 'dispute', payment: row.payment_id, invoice: payment.invoice_id, customer: payment.customer_id,
    amount: row.amount, currency: payment.currency, reason: row.reason, status: row.status,
    evidence: parseJson(row.evidence || null), evidence_submitted_at: row.evidence_submitted_at || null, closed_at: row.closed_at || null,
    created_at: row.created_at,
  };
}

module.exports = {
  paymentMethodSchema, presentPaymentMethod, paymentSchema, presentPayment, refundSchema, presentRefund, disputeSchema, presentDispute,
};
