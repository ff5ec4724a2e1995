'use strict';
// The hosted invoice page's view of one invoice (GET /v1/hosted_invoice): what the customer
// reads and may do, with the core's amounts as stored. Nothing here is an operator's: no ids
// of other objects, no metadata, no card fingerprint.
const { findCustomer } = require('../customers/customers');
const { displayZone } = require('../documents/model');
const { parseJson } = require('../db/rows');
const { presentInvoice, lineSchema } = require('./invoices');
const { PAYABLE } = require('./payment-applications');
const { isZero } = require('./amounts');
const { vaultPublicUrl } = require('../payments/settings');
const { paymentAwaitingAction, bankAccountToVerify } = require('../payments/hosted-invoice-payments');

const amount = { type: 'string' };
const cardOnFileSchema = {
  type: ['object', 'null'], title: 'HostedInvoiceCard',
  properties: { brand: { type: ['string', 'null'] }, last4: { type: 'string' }, exp_month: { type: ['integer', 'null'] }, exp_year: { type: ['integer', 'null'] } },
};

const hostedInvoiceSchema = {
  title: 'HostedInvoice',
  type: 'object',
  properties: {
    object: { const: 'hosted_invoice' }, id: { type: 'string' }, number: { type: 'string' },
    status: { enum: ['open', 'paid', 'void', 'uncollectible'] }, currency: { type: 'string' },
    lines: { type: 'array', items: lineSchema },
    subtotal: amount, discount_total: amount, taxes: { type: 'array', items: { type: 'object', additionalProperties: true } },
    tax_total: amount, total: amount, credits_applied: amount, amount_due: amount, amount_paid: amount, amount_remaining: amount,
    period_start: { type: ['string', 'null'] }, period_end: { type: ['string', 'null'] },
    finalized_at: { type: ['string', 'null'] }, due_at: { type: ['string', 'null'] }, paid_at: { type: ['string', 'null'] },
    voided_at: { type: ['string', 'null'] }, overdue: { type: 'boolean' },
    customer_name: { type: ['string', 'null'] }, seller_name: { type: ['string', 'null'] },
    time_zone: { type: 'string', description: "The customer's billing zone, in which the page shows dates" },
    payable: { type: 'boolean', description: 'Open or uncollectible with something remaining: the page offers to pay' },
    payment_in_progress: { type: 'boolean', description: 'A payment of the invoice is still processing' },
    card_on_file: cardOnFileSchema,
    vault_url: { type: ['string', 'null'], description: 'Where the page posts a card (the vault; null when payments are not configured)' },
    bank_account_to_verify: {
      type: ['object', 'null'], title: 'HostedInvoiceBankAccount',
      description: "The customer's bank account awaiting its micro-deposits (POST /v1/hosted_invoice/verify_bank_account), or null",
      properties: { last4: { type: 'string' }, routing_number: { type: ['string', 'null'] } },
    },
    payment_requires_action: {
      type: ['object', 'null'], title: 'HostedInvoiceAwaitedPayment',
      description: "The page's payment waiting for 3-D Secure, so a reloaded page shows the bank's step again; null when none waits",
      properties: {
        id: { type: 'string' }, amount: amount, currency: { type: 'string' },
        next_action: { type: 'object', properties: { type: { type: 'string' }, url: { type: 'string' } } },
        card: { type: ['object', 'null'], properties: { brand: { type: ['string', 'null'] }, last4: { type: 'string' } } },
      },
    },
  },
};

const IN_PROGRESS = ['processing', 'pending', 'requires_action'];

/// The hosted page's view of invoice `row`.
async function presentHostedInvoice(db, config, row) {
  const invoice = presentInvoice(row);
  const customer = await findCustomer(db, row.customer_id);
  const card = await db.selectFrom('payment_methods').select(['brand', 'last4', 'exp_month', 'exp_year']).where('customer_id', '=', row.customer_id)
    .where('status', '=', 'active').where('is_default', '=', 1).where('type', '=', 'card').executeTakeFirst();
  const bankAccount = await bankAccountToVerify(db, row.customer_id);
  const inProgress = await db.selectFrom('payments').select('id').where('invoice_id', '=', row.id).where('status', 'in', IN_PROGRESS).executeTakeFirst();
  const awaiting = await paymentAwaitingAction(db, row.id);
  const seller = parseJson(row.seller_details) || {};
  const details = parseJson(row.customer_details) || {};
  return {
    object: 'hosted_invoice', id: invoice.id, number: invoice.number, status: invoice.status, currency: invoice.currency,
    lines: invoice.lines, subtotal: invoice.subtotal, discount_total: invoice.discount_total, taxes: invoice.taxes,
    tax_total: invoice.tax_total, total: invoice.total, credits_applied: invoice.credits_applied, amount_due: invoice.amount_due,
    amount_paid: invoice.amount_paid, amount_remaining: invoice.amount_remaining,
    period_start: invoice.period_start, period_end: invoice.period_end, finalized_at: invoice.finalized_at,
    due_at: invoice.due_at, paid_at: invoice.paid_at, voided_at: invoice.voided_at, overdue: invoice.overdue,
    customer_name: details.name ?? null, seller_name: seller.legal_name ?? null, time_zone: displayZone(customer.timezone),
    payable: PAYABLE.includes(row.status) && !isZero(invoice.amount_remaining), payment_in_progress: Boolean(inProgress),
    card_on_file: card ? { brand: card.brand, last4: card.last4, exp_month: card.exp_month, exp_year: card.exp_year } : null,
    vault_url: vaultPublicUrl(config),
    bank_account_to_verify: bankAccount ? { last4: bankAccount.last4, routing_number: bankAccount.routing_number } : null,
    payment_requires_action: awaiting && awaiting.next_action ? {
      id: awaiting.id, amount: awaiting.amount, currency: awaiting.currency, next_action: parseJson(awaiting.next_action), card: awaiting.card,
    } : null,
  };
}

module.exports = { hostedInvoiceSchema, presentHostedInvoice };
