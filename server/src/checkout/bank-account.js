'use strict';
// The checkout's bank account option (docs/server.md, "Checkout sessions"): the page posts the
// US bank account to the vault and completes the session with the vault's `btok_` token and
// the buyer's acceptance of the debit authorization. The order is placed as with a card
// (service.js); the account is put on file as the customer's default, which starts its
// micro-deposit verification, and the session completes with the first invoice left open:
// `payment_status: "requires_verification"`, as Stripe completes a checkout paid by
// micro-deposits. Once the customer verifies the two amounts (the portal, the invoice's hosted
// page), the job the verification queues debits the invoice (payments/bank-debits.js), and the
// subscription is activated, and provisioned, when that debit settles and pays the invoice.
const { ApiError, invalidArgument } = require('../http/errors');
const { toInstant, addMilliseconds } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { describeVaultToken, removeVaultToken } = require('../payments/vault-client');
const { attachPaymentMethod } = require('../payments/payment-methods');
const { findInvoice } = require('../invoicing/invoices');
const { invoiceLinkUrl } = require('../invoicing/invoice-links');
const { presentCheckoutSession, lockCheckoutSession, findCheckoutSession, bankAccountOf } = require('./sessions');

const DAY_MS = 24 * 60 * 60 * 1000;

/// Checks a completion with a bank account before anything is created: the session is in USD
/// (400 INVALID_ARGUMENT at /vault_token), the vault knows the account (400 INVALID_ARGUMENT at
/// /vault_token; no vault, 503 PAYMENTS_UNAVAILABLE) and the buyer accepted the debit
/// authorization (400 MISSING_FIELD at /mandate_accepted). Returns the vault's description.
async function checkBankAccountToken({ config }, session, body) {
  if (session.currency !== 'USD') throw invalidArgument(`is a US bank account, which pays USD only; this checkout is in ${session.currency}`, '/vault_token');
  const account = await describeVaultToken(config, body.vault_token);
  if (!account) throw invalidArgument('is no bank account in the vault (post the account to the vault first)', '/vault_token');
  if (body.mandate_accepted !== true) {
    throw new ApiError('MISSING_FIELD', 'is required: the buyer accepts the authorization to debit the account', '/mandate_accepted');
  }
  return account;
}

/// After the order of session `sessionId` is placed: puts the bank account on file (the
/// mandate: the buyer's IP address and browser) and completes the session awaiting the
/// account's verification. Safe to repeat with the same token (a retry after a crash finds the
/// account on file and the session complete). Returns the session as presented, with the first
/// invoice's hosted page (`hosted_invoice_url`), where the buyer verifies the deposits.
async function payCheckoutByBankAccount(services, sessionId, { vaultToken, account, ip, userAgent }, quote = null) {
  const row = await findCheckoutSession(services.db, sessionId);
  const methodId = await bankAccountOnFile(services, row.customer_id, { vaultToken, account, ip, userAgent });
  return completeAwaitingVerification(services, sessionId, methodId, quote);
}

// The account's payment method: the one attached by an earlier try with this token, the same
// account already on file (by fingerprint), or the token attached now as the default.
async function bankAccountOnFile(services, customerId, { vaultToken, account, ip, userAgent }) {
  const { db, config } = services;
  const byToken = await db.selectFrom('payment_methods').select(['id', 'customer_id']).where('vault_token', '=', vaultToken).executeTakeFirst();
  if (byToken && byToken.customer_id === customerId) return byToken.id;
  if (byToken) throw new ApiError('CONFLICT', 'this vault token belongs to another customer', '/vault_token');
  const same = await db.selectFrom('payment_methods').select('id').where('customer_id', '=', customerId)
    .where('status', '=', 'active').where('fingerprint', '=', account.fingerprint).executeTakeFirst();
  if (same) {
    await removeVaultToken(config, vaultToken).catch(() => {}); // the copy just posted is not needed
    return same.id;
  }
  const mandate = { ...(ip ? { ip_address: ip } : {}), ...(userAgent ? { user_agent: userAgent.slice(0, 500) } : {}) };
  return (await attachPaymentMethod(services, customerId, { vault_token: vaultToken, default: true, mandate })).id;
}

// Completes the session (checkout_session.completed) with payment_status requires_verification
// and the account, and gives its incomplete subscription until bankVerificationDays after its
// start to be paid (micro-deposits and the debit's settlement take days, not the card's hours).
async function completeAwaitingVerification(services, sessionId, methodId, quote) {
  const { db, clock, dialect, config } = services;
  return db.transaction().execute(async (trx) => {
    const row = await lockCheckoutSession(trx, dialect, sessionId);
    const now = clock.now();
    let updated = row;
    if (row.status === 'open' && row.payment_status) {
      const changes = { status: 'complete', completed_at: toInstant(now), payment_status: 'requires_verification', payment_method_id: methodId, updated_at: toInstant(now) };
      await trx.updateTable('checkout_sessions').set(changes).where('id', '=', row.id).execute();
      await trx.updateTable('subscriptions').set({ incomplete_expires_at: addMilliseconds(row.start_at, config.bankVerificationDays * DAY_MS) })
        .where('id', '=', row.subscription_id).where('status', '=', 'incomplete').execute();
      updated = { ...row, ...changes };
    }
    const invoice = updated.invoice_id ? await findInvoice(trx, updated.invoice_id) : null;
    const presented = presentCheckoutSession(updated, now, quote, {
      invoiceNumber: invoice ? invoice.number : null, bankAccount: await bankAccountOf(trx, updated),
    });
    if (updated !== row) await recordEvent(trx, { type: 'checkout_session.completed', object: presented, customerId: row.customer_id }, now);
    return { ...presented, hosted_invoice_url: invoice ? await invoiceLinkUrl(trx, services, invoice) : null };
  });
}

module.exports = { checkBankAccountToken, payCheckoutByBankAccount };
