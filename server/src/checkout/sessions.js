'use strict';
const { notFound } = require('../http/errors');
const { parseJson } = require('../db/rows');
const { toInstant } = require('../time');

const STATUSES = ['open', 'complete', 'expired'];
const PAYMENT_STATUSES = ['unpaid', 'requires_action', 'processing', 'paid', 'no_payment_required', 'requires_verification'];

const quoteItemSchema = { type: 'object', additionalProperties: true, description: "An item of the core's quote request (docs/core-api.md, op quote)" };

const checkoutSessionSchema = {
  title: 'CheckoutSession',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'checkout_session' }, status: { enum: STATUSES },
    plan: { type: 'string', description: 'The plan the session was opened for' },
    currency: { type: 'string' }, time_zone: { type: 'string', description: 'The billing zone of the customer it will create' },
    customer: { type: 'string', description: 'The id of the customer completing the session creates' },
    subscription: { type: 'string', description: 'The id of the subscription completing the session creates' },
    start_at: { type: 'string', description: 'The pinned start instant of the subscription (core form)' },
    expires_at: { type: 'string' }, completed_at: { type: ['string', 'null'] }, created_at: { type: 'string' },
    success_url: { type: ['string', 'null'] },
    quote_hash: { type: ['string', 'null'], description: "The content hash of the first invoice, once completed" },
    plans: {
      type: 'array', description: 'The plans offered (the one asked for and its product\'s other plans in the currency), with their quote items',
      items: {
        type: 'object',
        properties: {
          plan: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' }, interval: { type: 'string' },
          interval_count: { type: 'integer' }, trial_days: { type: 'integer' }, trial_end: { type: ['string', 'null'] },
          version: { type: 'integer', description: 'The version of the plan (its prices) quoted' }, seats_adjustable: { type: 'boolean' },
          items: { type: 'array', items: quoteItemSchema },
        },
      },
    },
    add_ons: {
      type: 'array',
      items: { type: 'object', properties: { add_on: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' }, item: quoteItemSchema } },
    },
    seller: { type: 'object', additionalProperties: true, description: "The seller of the quote's tax object" },
    coupon: {
      type: ['object', 'null'],
      properties: { id: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' }, core: { type: 'object', additionalProperties: true } },
    },
    quote: { type: ['object', 'null'], additionalProperties: true, description: "The server's quote (the core's quote result), on completion" },
    card_vault_url: { type: ['string', 'null'], description: 'Where the page posts the card (POST <card_vault_url>/cards); null when this server takes no card payments' },
    payment_status: {
      type: ['string', 'null'], enum: [...PAYMENT_STATUSES, null],
      description: 'The card step: null when completed without a card; unpaid (the order is placed, no card charged yet or the last one declined), requires_action (3-D Secure), processing, paid, no_payment_required (nothing due now: a trial); requires_verification (complete, paid by a bank account awaiting its micro-deposits: the first invoice stays open until it is verified and debited)',
    },
    bank_account: {
      type: ['object', 'null'], description: 'The bank account a checkout was paid with (payment_status requires_verification)',
      properties: { id: { type: 'string' }, last4: { type: 'string' }, verification_status: { type: 'string' } },
    },
    hosted_invoice_url: {
      type: ['string', 'null'],
      description: "The first invoice's hosted page, where the micro-deposits are verified: only in the answer to the completion with a bank account",
    },
    invoice: { type: ['string', 'null'], description: 'The first invoice, once the order is placed with a card' },
    invoice_number: { type: ['string', 'null'], description: 'Its number, for the confirmation' },
    payment: {
      type: ['object', 'null'], description: 'The latest payment of the first invoice',
      properties: {
        id: { type: 'string' }, status: { type: 'string' }, amount: { type: 'string' }, currency: { type: 'string' },
        failure_code: { type: ['string', 'null'] }, decline_code: { type: ['string', 'null'] },
        next_action: { type: ['object', 'null'], properties: { type: { type: 'string' }, url: { type: 'string' } } },
        card: { type: ['object', 'null'], properties: { brand: { type: ['string', 'null'] }, last4: { type: 'string' } } },
      },
    },
  },
};

/// The session's status at `now`: an open session past its expiry is expired.
function statusAt(row, now) {
  return row.status === 'open' && row.expires_at <= toInstant(now) ? 'expired' : row.status;
}

/// The session as the API shows it; `quote` the server's quote when just computed; with a card
/// step, `payment` the latest payment's row (with `card`: { brand, last4 }) and `invoiceNumber`
/// the first invoice's number; paid by bank account, `bankAccount` (bankAccountOf).
function presentCheckoutSession(row, now, quote = null, { payment = null, invoiceNumber = null, bankAccount = null } = {}) {
  const pinned = parseJson(row.pinned);
  return {
    id: row.id, object: 'checkout_session', status: statusAt(row, now), plan: row.plan_id, currency: row.currency,
    time_zone: row.time_zone, customer: row.customer_id, subscription: row.subscription_id, start_at: row.start_at,
    expires_at: row.expires_at, completed_at: row.completed_at, created_at: row.created_at, success_url: row.success_url,
    quote_hash: row.quote_hash, plans: pinned.plans, add_ons: pinned.add_ons, seller: pinned.seller, coupon: pinned.coupon,
    quote, payment_status: row.payment_status ?? null, invoice: row.invoice_id ?? null, invoice_number: invoiceNumber,
    payment: payment ? {
      id: payment.id, status: payment.status, amount: payment.amount, currency: payment.currency,
      failure_code: payment.failure_code, decline_code: payment.decline_code, next_action: parseJson(payment.next_action), card: payment.card ?? null,
    } : null,
    bank_account: bankAccount,
  };
}

/// The bank account session `row` was paid with ({ id, last4, verification_status }), or null.
async function bankAccountOf(executor, row) {
  if (!row.payment_method_id) return null;
  const method = await executor.selectFrom('payment_methods').select(['id', 'last4', 'verification_status']).where('id', '=', row.payment_method_id).executeTakeFirst();
  return method ? { id: method.id, last4: method.last4, verification_status: method.verification_status } : null;
}

/// Reads a session to change it, locking its row on PostgreSQL.
async function lockCheckoutSession(trx, dialect, id) {
  let query = trx.selectFrom('checkout_sessions').selectAll().where('id', '=', id);
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('checkout session', id);
  return row;
}

async function findCheckoutSession(executor, id) {
  const row = await executor.selectFrom('checkout_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('checkout session', id);
  return row;
}

module.exports = { checkoutSessionSchema, presentCheckoutSession, bankAccountOf, lockCheckoutSession, findCheckoutSession, statusAt };
