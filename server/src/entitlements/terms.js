'use strict';
const { ApiError } = require('../http/errors');
const { parseJson } = require('../db/rows');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');

// Entitlement terms of a plan or an add-on, versioned: each change adds a version, the highest
// is in force, and a snapshot names the version it was built from. A plan's terms are the
// core's plan features plus how seats and payment work for it; an add-on's are the features
// it adds (amounts only) and the plans it needs.

/// The seat feature's key: its limit follows the subscription's quantity.
const SEAT_FEATURE = 'seats';
const SEAT_POLICIES = ['refuse', 'bill'];
const PAYMENT_POLICIES = ['pay_later', 'paid_first'];

// A billing schedule for checking terms alone (metered features that reset need one).
const CHECKING = { at: '2000-01-01T00:00:00Z', billing: { start: '2000-01-01T00:00:00Z', interval: 'month', time_zone: 'UTC' } };

const DEFAULT_PLAN_TERMS = { seats: { over_limit: 'refuse', proration_behavior: 'create_prorations' }, payment: 'pay_later' };

/// The terms in force for a plan: its latest version, or version 0 derived from the catalog's
/// `features` (true/false: a boolean feature; an integer: a hard limit; null: unlimited; text
/// values are descriptive and grant nothing). Returns { version, features, seats, payment }.
async function planTerms(executor, plan) {
  const latest = await latestTerms(executor, 'plan', plan.id);
  if (latest) return { ...DEFAULT_PLAN_TERMS, ...latest.terms, version: latest.version };
  return { ...DEFAULT_PLAN_TERMS, version: 0, features: catalogFeatures(parseJson(plan.features) || []) };
}

/// The terms in force for an add-on: { version, features, requires_plans }.
async function addOnTerms(executor, addOnId) {
  const latest = await latestTerms(executor, 'add_on', addOnId);
  if (latest) return { requires_plans: [], ...latest.terms, version: latest.version };
  return { version: 0, features: [], requires_plans: [] };
}

async function latestTerms(executor, ownerType, ownerId) {
  const row = await executor.selectFrom('entitlement_terms').selectAll()
    .where('owner_type', '=', ownerType).where('owner_id', '=', ownerId)
    .orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row ? { version: row.version, terms: parseJson(row.terms) } : null;
}

function catalogFeatures(features) {
  const result = [];
  for (const { code, value } of features) {
    if (typeof value === 'boolean') result.push({ key: code, kind: 'boolean', enabled: value });
    else if (Number.isInteger(value)) result.push({ key: code, kind: 'limit', limit: value });
    else if (value === null) result.push({ key: code, kind: 'limit', unlimited: true });
  }
  return result;
}

/// Adds a version of a plan's terms (body: { features, seats, payment }), after the core has
/// read the features; records entitlement_terms.updated. Returns the presented terms.
async function setPlanTerms(trx, { core, clock }, plan, body) {
  const features = body.features;
  core.run({ op: 'entitlements', ...CHECKING, plan: { features } }, [['/plan/features', '/features']]);
  if (features.some((f) => f.key === SEAT_FEATURE && f.kind !== 'limit')) {
    throw new ApiError('INVALID_ARGUMENT', `"${SEAT_FEATURE}" is the seat feature: it must be a limit (its limit follows the subscription's quantity)`, '/features');
  }
  const terms = { features, seats: { ...DEFAULT_PLAN_TERMS.seats, ...(body.seats || {}) }, payment: body.payment || DEFAULT_PLAN_TERMS.payment };
  return saveTerms(trx, clock, { ownerType: 'plan', ownerId: plan.id, terms });
}

/// Adds a version of an add-on's terms (body: { features, requires_plans }).
async function setAddOnTerms(trx, { core, clock }, addOn, body) {
  core.run({ op: 'entitlements', ...CHECKING, plan: { features: [] }, add_ons: [{ id: addOn.id, features: body.features }] },
    [['/add_ons/0/features', '/features']]);
  for (const [index, planId] of (body.requires_plans || []).entries()) {
    const plan = await trx.selectFrom('plans').select('id').where('id', '=', planId).executeTakeFirst();
    if (!plan) throw new ApiError('NOT_FOUND', `no plan "${planId}"`, `/requires_plans/${index}`);
  }
  const terms = { features: body.features, requires_plans: body.requires_plans || [] };
  return saveTerms(trx, clock, { ownerType: 'add_on', ownerId: addOn.id, terms });
}

async function saveTerms(trx, clock, { ownerType, ownerId, terms }) {
  const latest = await latestTerms(trx, ownerType, ownerId);
  const row = {
    id: newId('ent'), owner_type: ownerType, owner_id: ownerId, version: (latest ? latest.version : 0) + 1,
    terms: JSON.stringify(terms), created_at: toInstant(clock.now()),
  };
  await trx.insertInto('entitlement_terms').values(row).execute();
  const presented = presentTerms(row);
  await recordEvent(trx, { type: 'entitlement_terms.updated', object: presented }, clock.now());
  return presented;
}

/// The API object of a version of terms (derived terms have id null and version 0).
function presentTerms({ id = null, owner_type: ownerType, owner_id: ownerId, version, terms, created_at: createdAt = null }) {
  const parsed = typeof terms === 'string' ? parseJson(terms) : terms;
  return { id, object: 'entitlement_terms', owner_type: ownerType, owner_id: ownerId, version, ...parsed, created_at: createdAt };
}

module.exports = {
  planTerms, addOnTerms, setPlanTerms, setAddOnTerms, presentTerms, catalogFeatures,
  SEAT_FEATURE, SEAT_POLICIES, PAYMENT_POLICIES,
};
