'use strict';
const { ApiError, invalidState, notFound } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant, parseInstant } = require('../time');
const { parseJson } = require('../db/rows');
const { recordEvent } = require('../outbox/outbox');
const { coreInstant } = require('../subscriptions/calendar');
const { loadContext, coreGrant } = require('./context');

// A customer's own entitlement terms: overrides (negotiated terms replacing the plan's) and
// grants (extra entitlement for a while: promotions, prepaid credits). The core reads both
// when it decides; each change is checked by the core against the customer's current terms.

const grantSchema = {
  type: 'object',
  title: 'EntitlementGrant',
  properties: {
    id: { type: 'string' }, object: { const: 'entitlement_grant' }, customer: { type: 'string' }, feature: { type: 'string' },
    amount: { type: ['string', 'null'] }, priority: { type: ['integer', 'null'] }, effective_at: { type: ['string', 'null'] },
    expires_at: { type: ['string', 'null'] }, recurring: { type: 'boolean' }, rollover: { type: ['object', 'null'], additionalProperties: true },
    reason: { type: ['string', 'null'] }, voided_at: { type: ['string', 'null'] }, created_at: { type: 'string' },
  },
};

function presentGrant(row) {
  return {
    id: row.id, object: 'entitlement_grant', customer: row.customer_id, feature: row.feature, amount: row.amount,
    priority: row.priority, effective_at: row.effective_at, expires_at: row.expires_at, recurring: Number(row.recurring) === 1,
    rollover: parseJson(row.rollover), reason: row.reason, voided_at: row.voided_at, created_at: row.created_at,
  };
}

// The customer's context for checking a change; the plan's features are empty without one.
async function checkingContext(trx, customerId) {
  const context = await loadContext(trx, customerId);
  if (!context) throw notFound('customer', customerId);
  return context.request || { plan: { features: [] }, overrides: [], add_ons: [], grants: [], seat_assignments: [], billing: { start: '2000-01-01T00:00:00Z', interval: 'month', time_zone: 'UTC' } };
}

/// Locks the customer's row (PostgreSQL; SQLite writes one transaction at a time), so
/// whoever reads the overrides to change one of them and writes them back is not interleaved
/// with another writer.
async function lockOverrides(trx, dialect, customerId) {
  if (dialect !== 'postgres') return;
  await trx.selectFrom('customers').select('id').where('id', '=', customerId).forUpdate().executeTakeFirst();
}

/// Replaces the customer's overrides (the core checks them against the plan and add-ons).
async function setOverrides(trx, { core, clock, dialect }, customerId, overrides) {
  await lockOverrides(trx, dialect, customerId);
  const request = await checkingContext(trx, customerId);
  core.run({ op: 'entitlements', at: coreInstant(toInstant(clock.now())), ...request, grants: [], overrides }, [['/overrides', '/overrides']]);
  const now = toInstant(clock.now());
  await trx.insertInto('entitlement_overrides').values({ customer_id: customerId, overrides: JSON.stringify(overrides), updated_at: now })
    .onConflict((conflict) => conflict.column('customer_id').doUpdateSet({ overrides: JSON.stringify(overrides), updated_at: now })).execute();
  const presented = { object: 'entitlement_overrides', customer: customerId, overrides, updated_at: now };
  await recordEvent(trx, { type: 'entitlement_overrides.updated', object: { ...presented, id: customerId }, customerId }, clock.now());
  return presented;
}

/// The customer's overrides ({ overrides, updated_at }).
async function getOverrides(executor, customerId) {
  const row = await executor.selectFrom('entitlement_overrides').selectAll().where('customer_id', '=', customerId).executeTakeFirst();
  return { object: 'entitlement_overrides', customer: customerId, overrides: row ? parseJson(row.overrides) : [], updated_at: row ? row.updated_at : null };
}

/// Grants extra entitlement (body: the core's grant fields without `id`, plus `reason`).
async function createGrant(trx, { core, clock }, customerId, body) {
  const request = await checkingContext(trx, customerId);
  const instants = {};
  for (const field of ['effective_at', 'expires_at']) {
    if (body[field] === undefined) continue;
    instants[field] = parseInstant(body[field]);
    if (!instants[field]) throw new ApiError('INVALID_ARGUMENT', 'must be an RFC 3339 instant', `/${field}`);
  }
  const row = {
    id: newId('grant'), customer_id: customerId, feature: body.feature, amount: body.amount ?? null, priority: body.priority ?? null,
    effective_at: instants.effective_at ?? null, expires_at: instants.expires_at ?? null, recurring: body.recurring ? 1 : 0,
    rollover: body.rollover ? JSON.stringify(body.rollover) : null, reason: body.reason ?? null, voided_at: null,
    created_at: toInstant(clock.now()),
  };
  core.run({ op: 'entitlements', at: coreInstant(toInstant(clock.now())), ...request, grants: [coreGrant(row)] }, [['/grants/0', '']]);
  await trx.insertInto('entitlement_grants').values(row).execute();
  const presented = presentGrant(row);
  await recordEvent(trx, { type: 'entitlement_grant.created', object: presented, customerId }, clock.now());
  return presented;
}

async function findGrant(executor, customerId, grantId) {
  const row = await executor.selectFrom('entitlement_grants').selectAll().where('id', '=', grantId).where('customer_id', '=', customerId).executeTakeFirst();
  if (!row) throw notFound('grant', grantId);
  return row;
}

/// Voids a grant: it no longer counts, from now on and for the past.
async function voidGrant(trx, { clock }, grant) {
  if (grant.voided_at) throw invalidState('the grant is already void');
  const row = { ...grant, voided_at: toInstant(clock.now()) };
  await trx.updateTable('entitlement_grants').set({ voided_at: row.voided_at }).where('id', '=', grant.id).execute();
  const presented = presentGrant(row);
  await recordEvent(trx, { type: 'entitlement_grant.voided', object: presented, customerId: grant.customer_id }, clock.now());
  return presented;
}

module.exports = { grantSchema, presentGrant, lockOverrides, setOverrides, getOverrides, createGrant, findGrant, voidGrant };
