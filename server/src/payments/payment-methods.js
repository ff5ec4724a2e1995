'use strict';
// Cards on file per customer: attached from a vault token (the checkout posted the card to
// the vault), one default, detached when no longer wanted (the vault then forgets the card).
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { ApiError, notFound, invalidArgument } = require('../http/errors');
const { recordEvent } = require('../outbox/outbox');
const { findCustomer } = require('../customers/customers');
const { describeVaultCard, removeVaultCard } = require('./vault-client');
const { presentPaymentMethod } = require('./presenters');

/// Attaches the vault card `vault_token` to customer `customerId`; the first card on file
/// becomes the default, as does one attached with `default: true`.
async function attachPaymentMethod(services, customerId, body) {
  const { db, config, clock } = services;
  await findCustomer(db, customerId);
  const card = await describeVaultCard(config, body.vault_token);
  if (!card) throw invalidArgument('is no card in the vault (post the card to the vault first)', '/vault_token');
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('payment_methods').select('id').where('vault_token', '=', body.vault_token).executeTakeFirst();
    if (taken) throw new ApiError('CONFLICT', `this vault token is already attached as ${taken.id}`, '/vault_token');
    const active = await activeMethods(trx, customerId);
    const duplicate = active.find((row) => row.fingerprint === card.fingerprint);
    if (duplicate) throw new ApiError('CONFLICT', `the customer already has this card on file as ${duplicate.id}`, '/vault_token');
    const now = toInstant(clock.now());
    const makeDefault = body.default === true || !active.length;
    if (makeDefault) await clearDefault(trx, customerId);
    const row = {
      id: newId('pm'), customer_id: customerId, type: 'card', vault_token: body.vault_token, brand: card.brand, last4: card.last4,
      exp_month: card.exp_month, exp_year: card.exp_year, fingerprint: card.fingerprint, is_default: makeDefault ? 1 : 0,
      status: 'active', created_at: now, detached_at: null,
    };
    await trx.insertInto('payment_methods').values(row).execute();
    const object = presentPaymentMethod(row);
    await recordEvent(trx, { type: 'payment_method.attached', object, customerId }, clock.now());
    return object;
  });
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
    await removeVaultCard(config, row.vault_token);
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
    return row;
  }
  const row = await db.selectFrom('payment_methods').selectAll().where('customer_id', '=', customerId)
    .where('status', '=', 'active').where('is_default', '=', 1).executeTakeFirst();
  if (!row) throw new ApiError('INVALID_STATE', 'the customer has no default payment method; attach one or name payment_method', '/payment_method');
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

module.exports = { attachPaymentMethod, makeDefaultPaymentMethod, detachPaymentMethod, listPaymentMethods, paymentMethodToCharge };
