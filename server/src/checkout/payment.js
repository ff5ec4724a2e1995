'use strict';
// The checkout's card step (docs/server.md, "Checkout sessions"): the page posts the card to
// the vault and completes the session with the vault's token. The order is placed first
// (service.js: customer, incomplete subscription, first invoice); then the card is put on file
// as the customer's default and the first invoice is charged through the payments domain's
// invoice path. A decline leaves the session open with its order placed: the buyer tries
// another card and nothing is created twice. The session is complete once the invoice is paid.
const { ApiError, invalidArgument, fromDatabaseError } = require('../http/errors');
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { describeVaultToken, removeVaultToken } = require('../payments/vault-client');
const { attachPaymentMethod } = require('../payments/payment-methods');
const { payInvoice, confirmPayment } = require('../payments/payments');
const { PAYABLE } = require('../payments/invoice-payments');
const { findInvoice, presentInvoice } = require('../invoicing/invoices');
const { presentCheckoutSession, lockCheckoutSession, findCheckoutSession, bankAccountOf } = require('./sessions');

/// A payment of the first invoice that is under way or done: no other card is charged beside it.
const BUSY = ['processing', 'pending', 'requires_review', 'requires_capture', 'succeeded'];
/// The session's payment_status for the status of its latest payment (the invoice not yet paid).
const PAYMENT_TO_SESSION = {
  requires_action: 'requires_action', processing: 'processing', pending: 'processing', requires_review: 'processing', failed: 'unpaid',
};

/// The vault's description of card token `token`, asked before anything is created: an unknown
/// token is 400 INVALID_ARGUMENT at /vault_token, no vault 503 PAYMENTS_UNAVAILABLE.
async function checkCardToken({ config }, token) {
  const card = await describeVaultToken(config, token);
  if (!card) throw invalidArgument('is no card in the vault (post the card to the vault first)', '/vault_token');
  return card;
}

/// After the order of session `sessionId` is placed: puts card `vaultToken` (described as
/// `card`) on file and charges the first invoice with it, then records the outcome on the
/// session. Safe to repeat with the same token (a retry after a crash finds the card and its
/// payment). Returns the session as presented.
async function payCheckout(services, sessionId, { vaultToken, card, ip }, quote = null) {
  const row = await findCheckoutSession(services.db, sessionId);
  const methodId = await cardOnFile(services, row.customer_id, { vaultToken, card, ip });
  const payment = row.invoice_id ? await chargeFirstInvoice(services, row, methodId) : null;
  return settleCheckoutPayment(services, sessionId, payment ? payment.id : null, quote);
}

/// After the 3-D Secure step: has the gateway go on with the session's payment, then records
/// the outcome. INVALID_STATE when the session's payment does not wait for it.
async function confirmCheckoutPayment(services, sessionId) {
  const row = await findCheckoutSession(services.db, sessionId);
  if (row.payment_status !== 'requires_action') throw new ApiError('INVALID_STATE', 'this checkout has no payment waiting for 3-D Secure');
  await confirmPayment(services, row.payment_id);
  return settleCheckoutPayment(services, sessionId, row.payment_id);
}

// The card's payment method: the one attached by an earlier try with this token, the same
// card already on file (by fingerprint), or the token attached now as the default.
async function cardOnFile(services, customerId, { vaultToken, card, ip }) {
  const { db, config } = services;
  const byToken = await db.selectFrom('payment_methods').select(['id', 'customer_id']).where('vault_token', '=', vaultToken).executeTakeFirst();
  if (byToken && byToken.customer_id === customerId) return byToken.id;
  if (byToken) throw new ApiError('CONFLICT', 'this vault token belongs to another customer', '/vault_token');
  const same = await db.selectFrom('payment_methods').select('id').where('customer_id', '=', customerId)
    .where('status', '=', 'active').where('fingerprint', '=', card.fingerprint).executeTakeFirst();
  if (same) {
    await removeVaultToken(config, vaultToken).catch(() => {}); // the copy just posted is not needed
    return same.id;
  }
  return (await attachPaymentMethod(services, customerId, { vault_token: vaultToken, default: true, ...(ip ? { ip_address: ip } : {}) })).id;
}

// Charges the first invoice with payment method `methodId`, once per card: this card's payment
// when it has one; none while another card's payment is under way or done; else a new payment.
// The first is the payment the job invoice.charge makes for a finalized invoice (its request
// key, invoice:<id>:auto), so the job and the checkout find each other's payment; the n-th is
// checkout:<session>:<n>, so two tries at once make one payment. Returns the payment's row, or
// null when the invoice is not payable.
async function chargeFirstInvoice(services, row, methodId) {
  const { db } = services;
  const autoKey = `invoice:${row.invoice_id}:auto`;
  const ours = await db.selectFrom('payments').selectAll().where('invoice_id', '=', row.invoice_id)
    .where((eb) => eb.or([eb('request_key', '=', autoKey), eb('request_key', 'like', `checkout:${row.id}:%`)])).execute();
  const invoice = await findInvoice(db, row.invoice_id);
  const pay = (requestKey) => payOnce(services, invoice, methodId, requestKey);
  const mine = ours.find((payment) => payment.payment_method_id === methodId);
  if (mine) return pay(mine.request_key); // finds it, and settles it should its outcome be unknown
  const busy = ours.find((payment) => BUSY.includes(payment.status));
  if (busy) return busy;
  if (!PAYABLE.includes(invoice.status)) return null;
  return pay(ours.length ? `checkout:${row.id}:${ours.length + 1}` : autoKey);
}

// One payment per request key; when another process inserted it at the same moment (the
// unique key), the second call finds it.
async function payOnce(services, invoice, methodId, requestKey) {
  const { amount_remaining: amount } = presentInvoice(invoice);
  const pay = () => payInvoice(services, { id: invoice.id, customer_id: invoice.customer_id, amount_due: amount, currency: invoice.currency }, { paymentMethod: methodId, requestKey });
  let payment;
  try {
    payment = await pay();
  } catch (error) {
    if (!fromDatabaseError(error)) throw error;
    payment = await pay();
  }
  return services.db.selectFrom('payments').selectAll().where('id', '=', payment.id).executeTakeFirstOrThrow();
}

/// Brings the session's payment_status up to date (its payment `paymentId` when given, else
/// the one it holds): complete (event checkout_session.completed) once the first invoice is
/// paid, or when there is none to pay now (a trial); else requires_action, processing or
/// unpaid. Returns the session as presented, with its latest payment.
async function settleCheckoutPayment(services, sessionId, paymentId = null, quote = null) {
  const { db, clock, dialect } = services;
  return db.transaction().execute(async (trx) => {
    const row = await lockCheckoutSession(trx, dialect, sessionId);
    const now = clock.now();
    const payment = await latestPayment(trx, paymentId || row.payment_id);
    const changes = {};
    const invoice = row.invoice_id ? await findInvoice(trx, row.invoice_id) : null;
    if (row.status === 'open' && row.payment_status) {
      const nothingDue = invoice && invoice.status === 'open' && ZERO.test(presentInvoice(invoice).amount_remaining);
      if (!invoice || invoice.status === 'paid' || nothingDue) {
        Object.assign(changes, { status: 'complete', completed_at: toInstant(now), payment_status: invoice ? 'paid' : 'no_payment_required' });
      } else if (payment) {
        changes.payment_status = PAYMENT_TO_SESSION[payment.status] || row.payment_status;
      }
      if (payment && payment.id !== row.payment_id) changes.payment_id = payment.id;
    }
    const updated = { ...row, ...changes };
    if (Object.keys(changes).length) {
      await trx.updateTable('checkout_sessions').set({ ...changes, updated_at: toInstant(now) }).where('id', '=', row.id).execute();
    }
    const presented = presentCheckoutSession(updated, now, quote, {
      payment, invoiceNumber: invoice ? invoice.number : null, bankAccount: await bankAccountOf(trx, updated),
    });
    if (changes.status === 'complete') {
      await recordEvent(trx, { type: 'checkout_session.completed', object: presented, customerId: row.customer_id }, now);
    }
    return presented;
  });
}

// A decimal string that is zero ("0", "0.00").
const ZERO = /^0+(\.0+)?$/;

async function latestPayment(executor, paymentId) {
  if (!paymentId) return null;
  const payment = await executor.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirst();
  if (!payment) return null;
  const method = await executor.selectFrom('payment_methods').select(['brand', 'last4']).where('id', '=', payment.payment_method_id).executeTakeFirst();
  return { ...payment, card: method ? { brand: method.brand, last4: method.last4 } : null };
}

module.exports = { checkCardToken, payCheckout, confirmCheckoutPayment, settleCheckoutPayment };
