'use strict';
// Prepaid credit grants (the wallet). At finalization an invoice spends, in this order: the
// usable grants (not voided, not expired at the customer's now, something remaining) by
// priority (0 first), then the earliest expiry (grants that never expire last), then the oldest;
// then the customer balance. The core spends them (the invoice's `credits`, in that order) and
// says what each grant has left. A grant past its expiry is not spent; the expiry job
// (grant-expiry.js) then records what it had left as expired.
const { newId } = require('../ids');
const { insertRow } = require('../db/held-inserts');
const { toInstant } = require('../time');
const { ApiError, notFound, invalidState } = require('../http/errors');
const { recordEvent } = require('../outbox/outbox');
const { findCustomer, customerNow } = require('../customers/customers');
const { computeInvoice, isZeroAmount } = require('../invoicing/core-invoice');

const GRANT_PREFIX = 'grant:';

const creditGrantSchema = {
  title: 'CreditGrant',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'credit_grant' }, customer: { type: 'string' }, currency: { type: 'string' },
    amount: { type: 'string' }, remaining: { type: 'string' }, priority: { type: 'integer', description: 'Spent first: 0, then 1, ...' },
    expires_at: { type: ['string', 'null'] }, status: { enum: ['active', 'depleted', 'expired', 'voided'] },
    voided_at: { type: ['string', 'null'] },
    expired_amount: { type: ['string', 'null'], description: 'What remained when the grant expired (its remaining is then zero)' },
    expired_at: { type: ['string', 'null'], description: 'When that expiry was recorded: the grant\'s expires_at' },
    description: { type: ['string', 'null'] }, created_at: { type: 'string' },
  },
};

function grantStatus(row, now) {
  if (row.voided_at) return 'voided';
  if (row.expired_amount && !isZeroAmount(row.expired_amount)) return 'expired';
  if (isZeroAmount(row.remaining)) return 'depleted';
  if (row.expires_at && row.expires_at <= toInstant(now)) return 'expired';
  return 'active';
}

function presentGrant(row, now) {
  return {
    id: row.id, object: 'credit_grant', customer: row.customer_id, currency: row.currency, amount: row.amount, remaining: row.remaining,
    priority: row.priority, expires_at: row.expires_at, status: grantStatus(row, now), voided_at: row.voided_at,
    expired_amount: row.expired_amount ?? null, expired_at: row.expired_at ?? null, description: row.description, created_at: row.created_at,
  };
}

/// Grants `body.amount` to customer `customerId` (in its currency; exact at the minor unit and
/// positive, checked by the core). Records credit_grant.created.
async function createGrant(trx, services, customerId, body) {
  const { core, clock } = services;
  const customer = await findCustomer(trx, customerId);
  const { result } = computeInvoice(core, {
    op: 'invoice', customer: { currency: customer.currency }, period: { start: '2020-01-01T00:00:00Z', end: '2020-01-02T00:00:00Z' },
    subscriptions: [], prorations: [{ amount: body.amount }],
  }, [['/prorations/0/amount', '/amount']]);
  const amount = result.subtotal;
  if (amount.startsWith('-') || isZeroAmount(amount)) throw new ApiError('INVALID_ARGUMENT', 'must be more than zero', '/amount');
  const now = await customerNow(trx, customer, clock);
  if (body.expires_at && toInstant(new Date(body.expires_at)) <= toInstant(now)) throw new ApiError('INVALID_ARGUMENT', 'must be in the future', '/expires_at');
  const row = {
    id: newId('cgrant'), customer_id: customer.id, currency: customer.currency, amount, remaining: amount, priority: body.priority ?? 50,
    expires_at: body.expires_at ? toInstant(new Date(body.expires_at)) : null, voided_at: null, expired_amount: null, expired_at: null, description: body.description ?? null,
    created_at: toInstant(clock.now()), updated_at: toInstant(clock.now()),
  };
  await trx.insertInto('credit_grants').values(row).execute();
  await recordEvent(trx, { type: 'credit_grant.created', object: presentGrant(row, now), customerId: customer.id }, clock.now());
  return { row, now };
}

/// Voids a grant: what remains of it is no longer spent.
async function voidGrant(trx, services, id) {
  const { clock } = services;
  const row = await trx.selectFrom('credit_grants').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('credit grant', id);
  if (row.voided_at) throw invalidState('the credit grant is voided already');
  const next = { ...row, voided_at: toInstant(clock.now()), updated_at: toInstant(clock.now()) };
  await trx.updateTable('credit_grants').set({ voided_at: next.voided_at, updated_at: next.updated_at }).where('id', '=', id).execute();
  const now = await customerNow(trx, await findCustomer(trx, row.customer_id), clock);
  await recordEvent(trx, { type: 'credit_grant.voided', object: presentGrant(next, now), customerId: row.customer_id }, clock.now());
  return { row: next, now };
}

/// The grants invoice `row` may spend, in spending order, as core credits ({ id, balance }).
/// `known`: { customer, now } as the caller read them in `trx` (each saves a read).
async function usableGrantCredits(trx, services, row, known = {}) {
  const customer = known.customer || await findCustomer(trx, row.customer_id);
  const now = known.now || await customerNow(trx, customer, services.clock);
  let query = trx.selectFrom('credit_grants').selectAll().where('customer_id', '=', row.customer_id)
    .where('currency', '=', row.currency).where('voided_at', 'is', null);
  if (services.dialect === 'postgres') query = query.forUpdate();
  const grants = (await query.execute()).filter((grant) => grantStatus(grant, now) === 'active');
  grants.sort((a, b) => (a.priority - b.priority) || compareExpiry(a.expires_at, b.expires_at) || (a.id < b.id ? -1 : 1));
  return grants.map((grant) => ({ id: `${GRANT_PREFIX}${grant.id}`, balance: grant.remaining }));
}

const compareExpiry = (a, b) => {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
};

/// Records what finalized invoice `row` spent of each grant (the core's `remaining`), with
/// credit_grant.applied.
async function recordGrantUses(trx, services, row, credits) {
  const { clock } = services;
  for (const credit of credits) {
    if (!credit.credit_id.startsWith(GRANT_PREFIX) || isZeroAmount(credit.applied)) continue;
    const grantId = credit.credit_id.slice(GRANT_PREFIX.length);
    const use = { id: newId('cguse'), grant_id: grantId, invoice_id: row.id, amount: credit.applied, remaining: credit.remaining, created_at: toInstant(clock.now()) };
    await insertRow(trx, 'credit_grant_uses', use); // held, after its invoice, in a billing batch (db/held-inserts.js)
    await trx.updateTable('credit_grants').set({ remaining: credit.remaining, updated_at: use.created_at }).where('id', '=', grantId).execute();
    await recordEvent(trx, {
      type: 'credit_grant.applied', customerId: row.customer_id,
      object: { object: 'credit_grant_use', id: use.id, credit_grant: grantId, invoice: row.id, amount: use.amount, remaining: use.remaining, created_at: use.created_at },
    }, clock.now());
  }
}

module.exports = { creditGrantSchema, presentGrant, createGrant, voidGrant, usableGrantCredits, recordGrantUses, GRANT_PREFIX };
