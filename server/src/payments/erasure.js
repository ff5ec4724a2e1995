'use strict';
// The payments domain's part of a privacy erasure (server/src/privacy/): every card and bank
// account of the customer is detached, and the vault is asked to forget each one by a job
// queued in the erasure's transaction, so a vault that is down delays the deletion, retried
// with a backoff, and never leaves an erasure half done. Payments, refunds and disputes stay
// (they are the books); a bank account's mandate keeps its text version and moment and loses
// the address it was accepted from.
const { enqueueJob } = require('../jobs/queue');
const { removeVaultToken } = require('./vault-client');

/// The job type that has the vault forget a payment method's card or bank account.
const FORGET_JOB = 'payment_method.vault_forget';
/// Attempts of that job: with the queue's backoff (capped at an hour), about a day of retries.
const FORGET_ATTEMPTS = 30;

/// The addresses the customer's bank account mandates were accepted from.
async function paymentPersonalValues(trx, customerId) {
  const rows = await trx.selectFrom('payment_methods').select('mandate').where('customer_id', '=', customerId).where('mandate', 'is not', null).execute();
  return rows.flatMap((row) => Object.values(JSON.parse(row.mandate)).filter((value) => typeof value === 'string'));
}

/// Detaches the customer's payment methods, erases personal values from their mandates and
/// queues the vault's deletion of each. Returns how many payment methods the vault will forget.
async function erasePaymentMethods(trx, { customerId, redactor, now, services }) {
  const methods = await trx.selectFrom('payment_methods').select(['id', 'status', 'mandate']).where('customer_id', '=', customerId).execute();
  for (const method of methods) {
    await trx.updateTable('payment_methods').set({
      status: 'detached', is_default: 0, detached_at: method.status === 'detached' ? undefined : now, mandate: redactor.jsonText(method.mandate),
    }).where('id', '=', method.id).execute();
    await enqueueJob(trx, { type: FORGET_JOB, payload: { payment_method_id: method.id }, maxAttempts: FORGET_ATTEMPTS }, services.clock.now());
  }
  return methods.length;
}

/// The job: the vault forgets the payment method's card or bank account (one already gone is
/// fine); a vault that cannot be reached fails the attempt, and the queue retries it.
async function forgetVaultToken({ payment_method_id: methodId }, { db, config }) {
  const method = await db.selectFrom('payment_methods').select('vault_token').where('id', '=', methodId).executeTakeFirst();
  if (method) await removeVaultToken(config, method.vault_token);
  return {};
}

module.exports = { FORGET_JOB, paymentPersonalValues, erasePaymentMethods, forgetVaultToken };
