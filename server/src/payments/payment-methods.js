'use strict';
// Cards and US bank accounts on file per customer: attached from a vault token (the checkout
// posted the details to the vault), one default, detached when no longer wanted (the vault
// then forgets them). A bank account comes with the customer's mandate and is debited only
// once verified by micro-deposits, through the gateway that verified it.
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { ApiError, notFound, invalidArgument } = require('../http/errors');
const { recordEvent } = require('../outbox/outbox');
const { findCustomer } = require('../customers/customers');
const { describeVaultToken, removeVaultToken } = require('./vault-client');
const { paymentServices, gatewayTakes } = require('./settings');
const { startVerification, confirmVerification } = require('./gateway-client');
const { presentPaymentMethod } = require('./presenters');
const { checkTokenization } = require('../fraud/decisions');
const { enqueueJob } = require('../jobs/queue');

/// The job that debits a newly verified bank account's open invoices (bank-debits.js).
const BANK_DEBIT_JOB = 'bank_account.debit_open_invoices';

/// The text of the debit authorization a customer accepts (its version is kept with the mandate).
const MANDATE_TEXT_VERSION = 'ach-debit-2026-01';

/// Attaches the vault's card or bank account `vault_token` to customer `customerId`; the first
/// one on file becomes the default, as does one attached with `default: true`. The fraud rules
/// may refuse it (402 FRAUD_BLOCKED).
async function attachPaymentMethod(services, customerId, body) {
  const { db, config, clock } = services;
  const customer = await findCustomer(db, customerId);
  const card = await describeVaultToken(config, body.vault_token);
  if (!card) throw invalidArgument('is no card or bank account in the vault (post it to the vault first)', '/vault_token');
  await checkTokenization(db, services, {
    customer, fingerprint: card.fingerprint, cardCountry: card.country || null, ip: body.ip_address || (body.mandate && body.mandate.ip_address),
  });
  const bank = body.vault_token.startsWith('btok_') ? await bankAccountDetails(services, body, card) : null;
  if (!bank && body.mandate !== undefined) throw invalidArgument('is for bank accounts only', '/mandate');
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('payment_methods').select('id').where('vault_token', '=', body.vault_token).executeTakeFirst();
    if (taken) throw new ApiError('CONFLICT', `this vault token is already attached as ${taken.id}`, '/vault_token');
    const active = await activeMethods(trx, customerId);
    const duplicate = active.find((row) => row.fingerprint === card.fingerprint);
    if (duplicate) throw new ApiError('CONFLICT', `the customer already has this ${bank ? 'bank account' : 'card'} on file as ${duplicate.id}`, '/vault_token');
    const now = toInstant(clock.now());
    const makeDefault = body.default === true || !active.length;
    if (makeDefault) await clearDefault(trx, customerId);
    const row = {
      id: bank ? bank.id : newId('pm'), customer_id: customerId, type: bank ? 'us_bank_account' : 'card', vault_token: body.vault_token,
      brand: card.brand || null, last4: card.last4, card_country: card.country || null, exp_month: card.exp_month || null, exp_year: card.exp_year || null,
      fingerprint: card.fingerprint, is_default: makeDefault ? 1 : 0, status: 'active', created_at: now, detached_at: null,
      routing_number: bank ? card.routing_number : null, gateway: bank ? bank.gateway : null,
      verification_status: bank ? 'pending' : null, verification_id: bank ? bank.verificationId : null,
      mandate: bank ? JSON.stringify({ ...bank.mandate, accepted_at: now }) : null,
    };
    await trx.insertInto('payment_methods').values(row).execute();
    const object = presentPaymentMethod(row);
    await recordEvent(trx, { type: 'payment_method.attached', object, customerId }, clock.now());
    return object;
  });
}

// A bank account's mandate (required) and its micro-deposit verification, started at the
// first gateway that debits bank accounts before anything is stored: { id, gateway,
// verificationId, mandate }.
async function bankAccountDetails({ config }, body, account) {
  if (!body.mandate) throw new ApiError('MISSING_FIELD', 'is required: the customer\'s authorization to debit the account', '/mandate');
  const gateway = [...paymentServices(config).gateways.values()].find((candidate) => gatewayTakes(candidate, 'us_bank_account'));
  if (!gateway) throw new ApiError('PAYMENTS_UNAVAILABLE', 'no configured gateway debits bank accounts');
  const id = newId('pm');
  const answer = await startVerification(config, { gateway: gateway.name, idempotencyKey: `rc_${id}_verification`, token: account.token });
  if (answer.outcome !== 'response' || answer.status !== 201) throw new ApiError('PAYMENTS_UNAVAILABLE', 'the gateway did not start the bank account\'s verification; nothing was stored, retry');
  return {
    id, gateway: gateway.name, verificationId: answer.body.id,
    mandate: { type: 'online', ip_address: body.mandate.ip_address || null, user_agent: body.mandate.user_agent || null, text_version: MANDATE_TEXT_VERSION },
  };
}

/// Verifies a bank account with the two micro-deposit amounts the customer saw on their
/// statement. Wrong amounts: INVALID_ARGUMENT (three tries, then the verification fails).
/// Verified, the account's debit job is queued in the same transaction: it debits the
/// customer's open invoices that waited for it (one job per account).
async function verifyBankAccount(services, customerId, methodId, amounts) {
  const { db, config, clock } = services;
  const row = await findActiveMethod(db, customerId, methodId);
  if (row.type !== 'us_bank_account') throw new ApiError('INVALID_STATE', 'only a bank account is verified by micro-deposits');
  if (row.verification_status !== 'pending') throw new ApiError('INVALID_STATE', `the bank account's verification is ${row.verification_status}`);
  const answer = await confirmVerification(config, { gateway: row.gateway, verificationId: row.verification_id, amounts });
  if (answer.outcome !== 'response' || answer.status >= 500) throw new ApiError('PAYMENTS_UNAVAILABLE', 'the gateway did not answer; retry');
  const code = answer.body.error && answer.body.error.code;
  const status = answer.status === 200 ? 'verified' : code === 'verification_failed' ? 'failed' : 'pending';
  const object = await db.transaction().execute(async (trx) => {
    if (status !== 'pending') await trx.updateTable('payment_methods').set({ verification_status: status }).where('id', '=', row.id).execute();
    const updated = presentPaymentMethod({ ...row, verification_status: status });
    if (status !== 'pending') await recordEvent(trx, { type: 'payment_method.updated', object: updated, customerId }, clock.now());
    if (status === 'verified') {
      await enqueueJob(trx, { type: BANK_DEBIT_JOB, payload: { payment_method_id: row.id }, id: `job_bank_debit_${row.id}` }, clock.now());
    }
    return updated;
  });
  if (status === 'pending') {
    const left = answer.body.error.attempts_left;
    throw invalidArgument(`are not the two micro-deposits (${left} ${left === 1 ? 'try' : 'tries'} left)`, '/amounts');
  }
  if (status === 'failed') throw new ApiError('INVALID_STATE', 'the verification failed: too many wrong amounts; attach the account again');
  return object;
}

async function makeDefaultPaymentMethod(services, customerId, methodId) {
  const { db, clock } = services;
  return db.transaction().execute(async (trx) => {
    const row = await findActiveMethod(trx, customerId, methodId);
    await clearDefault(trx, customerId);
    await trx.updateTable('payment_methods').set({ is_default: 1 }).where('id', '=', row.id).execute();
    const object = presentPaymentMethod({ ...row, is_default: 1 });
    await recordEvent(trx, { type: 'payment_method.updated', object, customerId }, clock.now());
    return object;
  });
}

/// Detaches a card: it is no longer charged; the newest other card becomes the default if
/// this one was; the vault forgets the card once the change is committed.
async function detachPaymentMethod(services, customerId, methodId) {
  const { db, clock, config } = services;
  const object = await db.transaction().execute(async (trx) => {
    const row = await findActiveMethod(trx, customerId, methodId);
    const now = toInstant(clock.now());
    await trx.updateTable('payment_methods').set({ status: 'detached', is_default: 0, detached_at: now }).where('id', '=', row.id).execute();
    if (row.is_default) {
      const next = (await activeMethods(trx, customerId)).pop();
      if (next) await trx.updateTable('payment_methods').set({ is_default: 1 }).where('id', '=', next.id).execute();
    }
    const detached = presentPaymentMethod({ ...row, status: 'detached', is_default: 0, detached_at: now });
    await recordEvent(trx, { type: 'payment_method.detached', object: detached, customerId }, clock.now());
    return detached;
  });
  const row = await db.selectFrom('payment_methods').select('vault_token').where('id', '=', methodId).executeTakeFirstOrThrow();
  try {
    await removeVaultToken(config, row.vault_token);
  } catch (error) {
    services.logger.warn({ payment_method: methodId, error: error.message }, 'the vault could not forget a detached card yet');
  }
  return object;
}

async function listPaymentMethods(db, customerId) {
  await findCustomer(db, customerId);
  return (await activeMethods(db, customerId)).map(presentPaymentMethod);
}

/// The card to charge for a customer: `methodId` (active, theirs) or their default.
async function paymentMethodToCharge(db, customerId, methodId) {
  if (methodId) {
    const row = await db.selectFrom('payment_methods').selectAll().where('id', '=', methodId).where('customer_id', '=', customerId).executeTakeFirst();
    if (!row || row.status !== 'active') throw invalidArgument('is no active payment method of this customer', '/payment_method');
    return chargeable(row);
  }
  const row = await db.selectFrom('payment_methods').selectAll().where('customer_id', '=', customerId)
    .where('status', '=', 'active').where('is_default', '=', 1).executeTakeFirst();
  if (!row) throw new ApiError('INVALID_STATE', 'the customer has no default payment method; attach one or name payment_method', '/payment_method');
  return chargeable(row);
}

/// Whether customer `customerId`'s default payment method is a bank account not yet verified:
/// an invoice's automatic charge then waits for the debit job its verification queues.
async function defaultAwaitsVerification(db, customerId) {
  const row = await db.selectFrom('payment_methods').select(['type', 'verification_status']).where('customer_id', '=', customerId)
    .where('status', '=', 'active').where('is_default', '=', 1).executeTakeFirst();
  return Boolean(row && row.type === 'us_bank_account' && row.verification_status !== 'verified');
}

function chargeable(row) {
  if (row.type === 'us_bank_account' && row.verification_status !== 'verified') {
    throw new ApiError('INVALID_STATE', `the bank account is not verified (verification ${row.verification_status})`, '/payment_method');
  }
  return row;
}

function activeMethods(executor, customerId) {
  return executor.selectFrom('payment_methods').selectAll().where('customer_id', '=', customerId)
    .where('status', '=', 'active').orderBy('id').execute();
}

async function findActiveMethod(executor, customerId, methodId) {
  const row = await executor.selectFrom('payment_methods').selectAll().where('id', '=', methodId)
    .where('customer_id', '=', customerId).where('status', '=', 'active').executeTakeFirst();
  if (!row) throw notFound('active payment method', methodId);
  return row;
}

function clearDefault(trx, customerId) {
  return trx.updateTable('payment_methods').set({ is_default: 0 }).where('customer_id', '=', customerId).where('is_default', '=', 1).execute();
}

module.exports = {
  BANK_DEBIT_JOB, attachPaymentMethod, verifyBankAccount, makeDefaultPaymentMethod, detachPaymentMethod, listPaymentMethods, paymentMethodToCharge,
  defaultAwaitsVerification,
};
