'use strict';
const { ApiError, notFound } = require('../http/errors');
const { parseJson, bool } = require('../db/rows');
const { recordEvent } = require('../outbox/outbox');
const { updateObject } = require('../db/update-object');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { findProduct } = require('./products');
const { priceSchema, presentPrice, findPrice } = require('./prices');
const { validateMoney } = require('./price-validation');
const { portalPolicySchema, readPortalPolicy, validatePortalPolicy } = require('./portal-policy');

/// When a subscription's downgrade takes effect by default (subscriptions/change-service.js).
const DOWNGRADE_TIMINGS = ['period_end', 'immediately'];

const featureSchema = {
  title: 'PlanFeature',
  type: 'object', additionalProperties: false, required: ['code', 'value'],
  properties: {
    code: { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]{0,63}$' },
    name: { type: 'string', maxLength: 200 },
    value: { type: ['boolean', 'integer', 'string', 'null'], maxLength: 200, description: 'true/false for access, an integer limit, a text value, or null for unlimited' },
  },
};

const planSchema = {
  title: 'Plan',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'plan' }, code: { type: 'string' }, name: { type: 'string' },
    product: { type: 'string' }, currency: { type: 'string' }, interval: { type: 'string' },
    interval_count: { type: 'integer' }, trial_days: { type: 'integer' },
    minimum_amount: { type: ['string', 'null'] }, features: { type: 'array', items: featureSchema },
    prices: { type: 'array', items: priceSchema }, active: { type: 'boolean' }, portal: portalPolicySchema,
    downgrade_timing: { enum: DOWNGRADE_TIMINGS, description: 'When a downgrade takes effect unless the change says: period_end (default) or immediately, prorated' },
    version: { type: 'integer', description: 'The current version: editing the prices makes a new one; subscriptions keep theirs until migrated' },
    pay_later: { type: 'boolean', description: 'Whether a subscription created incomplete (for a checkout) starts active at once, paying its first invoice later. Default false' },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

/// The prices of each plan in `planIds`, in the plan's order, read in one query:
/// Map(plan id -> [price objects]).
async function pricesOfPlans(executor, planIds) {
  const byPlan = new Map(planIds.map((id) => [id, []]));
  if (!planIds.length) return byPlan;
  const rows = await executor.selectFrom('plan_prices').innerJoin('prices', 'prices.id', 'plan_prices.price_id')
    .selectAll('prices').select('plan_prices.plan_id as plan_id')
    .where('plan_prices.plan_id', 'in', planIds).orderBy('plan_prices.plan_id').orderBy('plan_prices.position').execute();
  for (const row of rows) byPlan.get(row.plan_id).push(presentPrice(row));
  return byPlan;
}

/// The prices of one plan, in order.
async function planPrices(executor, planId) {
  return (await pricesOfPlans(executor, [planId])).get(planId);
}

/// The prices of one version of a plan, in order (a subscription's, which may be an older one).
async function planVersionPrices(executor, planId, version) {
  const rows = await executor.selectFrom('plan_version_prices').innerJoin('prices', 'prices.id', 'plan_version_prices.price_id')
    .selectAll('prices').where('plan_version_prices.plan_id', '=', planId).where('plan_version_prices.version', '=', version)
    .orderBy('plan_version_prices.position').execute();
  return rows.map(presentPrice);
}

/// The API objects of plans, their prices expanded (one query for all of them).
async function presentPlans(executor, rows) {
  const prices = await pricesOfPlans(executor, rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id, object: 'plan', code: row.code, name: row.name, product: row.product_id,
    currency: row.currency, interval: row.interval, interval_count: row.interval_count,
    trial_days: row.trial_days, minimum_amount: row.minimum_amount, features: parseJson(row.features),
    prices: prices.get(row.id), active: bool(row.active), portal: readPortalPolicy(row),
    version: row.version, downgrade_timing: row.downgrade_timing, pay_later: bool(row.pay_later), metadata: parseJson(row.metadata),
    created_at: row.created_at, updated_at: row.updated_at,
  }));
}

/// The plan's API object, with its prices expanded.
async function presentPlan(executor, row) {
  return (await presentPlans(executor, [row]))[0];
}

async function findPlan(executor, id, path = '') {
  const row = await executor.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('plan', id, path);
  return row;
}

/// Creates a plan from prices of its currency and interval in `trx`, and records plan.created.
async function createPlan(trx, { core, clock }, body) {
  const plan = { interval_count: 1, trial_days: 0, features: [], ...body };
  if (plan.minimum_amount !== undefined) validateMoney(core, { currency: plan.currency, amount: plan.minimum_amount }, '/minimum_amount');
  await findProduct(trx, plan.product, '/product');
  const taken = await trx.selectFrom('plans').select('id').where('code', '=', plan.code).executeTakeFirst();
  if (taken) throw new ApiError('CONFLICT', `plan code "${plan.code}" is taken by ${taken.id}`, '/code');
  for (const [index, priceId] of plan.prices.entries()) {
    checkPlanPrice(plan, await findPrice(trx, priceId, `/prices/${index}`), index);
  }
  const portal = await validatePortalPolicy(trx, plan.portal || {});
  const now = clock.now();
  const row = {
    id: newId('plan'), code: plan.code, name: plan.name, product_id: plan.product, currency: plan.currency,
    interval: plan.interval, interval_count: plan.interval_count, trial_days: plan.trial_days,
    minimum_amount: plan.minimum_amount ?? null, features: JSON.stringify(plan.features), active: 1, portal: JSON.stringify(portal),
    downgrade_timing: plan.downgrade_timing ?? 'period_end', pay_later: plan.pay_later ? 1 : 0, version: 1,
    metadata: JSON.stringify(plan.metadata || {}), created_at: toInstant(now), updated_at: toInstant(now),
  };
  await trx.insertInto('plans').values(row).execute();
  await storePrices(trx, row.id, 1, plan.prices);
  const presented = await presentPlan(trx, row);
  await recordEvent(trx, { type: 'plan.created', object: presented }, now);
  return presented;
}

function checkPlanPrice(plan, price, index) {
  const path = `/prices/${index}`;
  if (price.currency !== plan.currency) {
    throw new ApiError('INVALID_ARGUMENT', `price ${price.id} is in ${price.currency}, the plan in ${plan.currency}`, path);
  }
  if (price.type !== 'one_time' && (price.interval !== plan.interval || price.interval_count !== plan.interval_count)) {
    throw new ApiError('INVALID_ARGUMENT',
      `price ${price.id} bills every ${price.interval_count} ${price.interval}, the plan every ${plan.interval_count} ${plan.interval}`, path);
  }
  if (!Number(price.active)) throw new ApiError('INVALID_ARGUMENT', `price ${price.id} is archived`, path);
}

// The prices of version `version` of a plan, which becomes its current prices.
async function storePrices(trx, planId, version, priceIds) {
  const rows = priceIds.map((priceId, position) => ({ plan_id: planId, price_id: priceId, position }));
  await trx.deleteFrom('plan_prices').where('plan_id', '=', planId).execute();
  await trx.insertInto('plan_prices').values(rows).execute();
  await trx.insertInto('plan_version_prices').values(rows.map((row) => ({ ...row, version }))).execute();
}

/// The fields PATCH /v1/plans/:id changes besides `prices` (a new version).
const PLAN_UPDATE_FIELDS = {
  name: 'value', active: 'flag', trial_days: 'value', features: 'json', metadata: 'json', portal: 'json', downgrade_timing: 'value', pay_later: 'flag',
};

/// Updates a plan's fields of PLAN_UPDATE_FIELDS in `trx` and records plan.updated. A `portal`
/// policy replaces the plan's whole policy (what it leaves out takes its default).
async function updatePlan(trx, { clock }, id, body) {
  const found = await findPlan(trx, id);
  const changes = body.portal ? { ...body, portal: await validatePortalPolicy(trx, body.portal) } : body;
  const row = body.prices ? await newVersion(trx, found, body.prices) : found;
  return updateObject(trx, {
    table: 'plans', row, body: changes, fields: PLAN_UPDATE_FIELDS, present: (updated) => presentPlan(trx, updated),
    eventType: 'plan.updated', now: clock.now(),
  });
}

// Editing a plan's prices makes its next version (same currency and interval, as on creation);
// existing subscriptions stay on theirs (grandfathered) until a price migration moves them.
async function newVersion(trx, plan, priceIds) {
  for (const [index, priceId] of priceIds.entries()) {
    checkPlanPrice(plan, await findPrice(trx, priceId, `/prices/${index}`), index);
  }
  const version = plan.version + 1;
  await storePrices(trx, plan.id, version, priceIds);
  await trx.updateTable('plans').set({ version }).where('id', '=', plan.id).execute();
  return { ...plan, version };
}

module.exports = {
  planSchema, featureSchema, DOWNGRADE_TIMINGS, presentPlan, presentPlans, findPlan, planPrices, planVersionPrices, createPlan, updatePlan,
};
