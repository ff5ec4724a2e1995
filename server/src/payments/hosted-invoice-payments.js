'use strict';
// What the hosted invoice page does with money (invoicing/hosted-routes.js): pay the invoice
// with the card on file or a card just posted to the vault, put a card on file as the
// default, and verify a bank account's micro-deposits (a checkout paid by bank account). The payment goes through createPayment with a request key per attempt of the
// invoice, so a double click, a retried request or a crash mid-way finds the payment already
// made: one invoice is charged once unless an attempt failed.
const { invalidState, invalidArgument } = require('../http/errors');
const { findInvoice, presentInvoice } = require('../invoicing/invoices');
const { PAYABLE } = require('../invoicing/payment-applications');
const { describeVaultToken } = require('./vault-client');
const { attachPaymentMethod, makeDefaultPaymentMethod, verifyBankAccount } = require('./payment-methods');
const { createPayment, confirmPayment } = require('./payments');
const { presentPaymentMethod } = require('./presenters');

/// Request keys of hosted page payments: "invoice:<id>:hosted:<n>", n the failed attempts so far.
const keyPrefix = (invoiceId) => `invoice:${invoiceId}:hosted:`;

/// Pays invoice `invoiceId` in full (what remains) with the card `vaultToken` (put on file, not
/// as the default) or, without one, the default card. Returns the payment. While an attempt is
/// processing or has succeeded, every request answers that same payment.
async function payHostedInvoice(services, invoiceId, { vaultToken = null, ip = null } = {}) {
  const { db } = services;
  const failed = await db.selectFrom('payments').select('id').where('invoice_id', '=', invoiceId)
    .where('request_key', 'like', `${keyPrefix(invoiceId)}%`).where('status', 'in', ['failed', 'canceled']).execute();
  const requestKey = `${keyPrefix(invoiceId)}${failed.length}`;
  const made = await db.selectFrom('payments').select('id').where('request_key', '=', requestKey).executeTakeFirst();
  if (made) return createPayment(services, {}, { requestKey });

  const row = await findInvoice(db, invoiceId);
  if (!PAYABLE.includes(row.status)) throw invalidState(`the invoice is ${row.status}: there is nothing to pay`);
  const methodId = vaultToken ? (await cardOnFile(services, row.customer_id, vaultToken, { makeDefault: false, ip })).id : null;
  const { amount_remaining: amount } = presentInvoice(row);
  return createPayment(services, {
    customer: row.customer_id, amount, currency: row.currency, invoice: row.id,
    ...(methodId ? { payment_method: methodId } : {}), ...(ip ? { ip_address: ip } : {}),
  }, { requestKey });
}

/// After the 3-D Secure step the gateway offered for the page's payment of invoice `invoiceId`:
/// has the gateway go on with it (payments.js confirmPayment, as the checkout does), which
/// settles the invoice when it succeeds. Returns the payment; INVALID_STATE when no payment of
/// the page waits for it. Repeating it after the answer is recorded answers INVALID_STATE.
async function confirmHostedPayment(services, invoiceId) {
  const waiting = await paymentAwaitingAction(services.db, invoiceId);
  if (!waiting) throw invalidState('no payment of this invoice waits for 3-D Secure');
  return confirmPayment(services, waiting.id);
}

/// The page's payment of invoice `invoiceId` that waits for 3-D Secure (its row, with `card`:
/// { brand, last4 }), or null: a page reloaded mid-step shows that step again from it.
async function paymentAwaitingAction(db, invoiceId) {
  const row = await db.selectFrom('payments').selectAll().where('invoice_id', '=', invoiceId)
    .where('request_key', 'like', `${keyPrefix(invoiceId)}%`).where('status', '=', 'requires_action').executeTakeFirst();
  if (!row) return null;
  const card = await db.selectFrom('payment_methods').select(['brand', 'last4']).where('id', '=', row.payment_method_id).executeTakeFirst();
  return { ...row, card: card ?? null };
}

/// Puts the card `vaultToken` on file for the customer of invoice `invoiceId` (the link's) as
/// the default, while the invoice is payable: the link of a paid or void invoice no longer
/// changes the card on file. Returns the payment method.
async function setHostedDefaultCard(services, invoiceId, vaultToken, { ip = null } = {}) {
  const row = await findInvoice(services.db, invoiceId);
  if (!PAYABLE.includes(row.status)) throw invalidState(`the invoice is ${row.status}: its link no longer changes the card on file`);
  return cardOnFile(services, row.customer_id, vaultToken, { makeDefault: true, ip });
}

/// The customer's bank account awaiting its micro-deposits (the newest; its row), or null: the
/// hosted page of any of their invoices offers to verify it.
function bankAccountToVerify(db, customerId) {
  return db.selectFrom('payment_methods').selectAll().where('customer_id', '=', customerId).where('status', '=', 'active')
    .where('type', '=', 'us_bank_account').where('verification_status', '=', 'pending').orderBy('id', 'desc').executeTakeFirst()
    .then((row) => row ?? null);
}

/// Verifies the bank account of the customer of invoice `invoiceId` that awaits its
/// micro-deposits with the two `amounts` (payment-methods.js verifyBankAccount: wrong amounts
/// 400 INVALID_ARGUMENT at /amounts with the tries left, the last wrong try fails the
/// verification). Verified, its debit job debits the open invoices. INVALID_STATE when no
/// account awaits verification.
async function verifyHostedBankAccount(services, invoiceId, amounts) {
  const row = await findInvoice(services.db, invoiceId);
  const account = await bankAccountToVerify(services.db, row.customer_id);
  if (!account) throw invalidState('no bank account of this customer awaits its micro-deposits');
  return verifyBankAccount(services, row.customer_id, account.id, amounts);
}

// The customer's active card for `vaultToken`: the one already on file with that token or the
// same card (its fingerprint; a retry, or a card entered again), else the token attached now.
async function cardOnFile(services, customerId, vaultToken, { makeDefault, ip }) {
  const { db, config } = services;
  if (vaultToken.startsWith('btok_')) throw invalidArgument('must be a card token (tok_...)', '/vault_token');
  const card = await describeVaultToken(config, vaultToken);
  if (!card) throw invalidArgument('is no card in the vault (post it to the vault first)', '/vault_token');
  const same = await db.selectFrom('payment_methods').selectAll().where('customer_id', '=', customerId).where('status', '=', 'active')
    .where((where) => where.or([where('vault_token', '=', vaultToken), where('fingerprint', '=', card.fingerprint)])).executeTakeFirst();
  if (!same) return attachPaymentMethod(services, customerId, { vault_token: vaultToken, ...(makeDefault ? { default: true } : {}), ...(ip ? { ip_address: ip } : {}) });
  if (makeDefault && !same.is_default) return makeDefaultPaymentMethod(services, customerId, same.id);
  return presentPaymentMethod(same);
}

module.exports = {
  payHostedInvoice, confirmHostedPayment, paymentAwaitingAction, setHostedDefaultCard, bankAccountToVerify, verifyHostedBankAccount,
};
