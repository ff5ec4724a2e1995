'use strict';
const { parseJson } = require('../db/rows');
const { coreInstant } = require('../subscriptions/calendar');
const { currentSubscriptionOf } = require('../subscriptions/current');
const { planTerms, addOnTerms, SEAT_FEATURE } = require('./terms');
const { metricsByCode } = require('../catalog/metrics');

/// Subscription statuses that entitle a customer to their plan's features (past_due: while
/// dunning retries, as before its first charge failed; unpaid does not).
const ENTITLED_STATUSES = ['active', 'trialing', 'past_due'];

/// Everything the core needs to decide a customer's entitlements except the time and the
/// metered usage: the cacheable part of a decision. Returns
/// { customerId, testClockId, access, reason, subscriptionId, planId, planVersion,
///   addOnVersions, definedFeatures, meteredFeatures, meteredMetrics, request } where `access`
/// is false (with `reason`) when the customer holds nothing: no subscription, a paused one, or
/// a suspended account. `definedFeatures` is the set of feature keys the plan, overrides and
/// add-ons define (grants of others are left out). `meteredMetrics` are the metered features
/// named after a billable metric (those whose usage counts; a `metric.` event clears the
/// cache). `request` holds the core request's plan, overrides, add_ons, billing, grants and
/// seat_assignments.
/// `ignoreAccount` decides as if the customer had no account (an order about to activate one).
async function loadContext(executor, customerId, { ignoreAccount = false } = {}) {
  const customer = await executor.selectFrom('customers').select(['id', 'test_clock_id'])
    .where('id', '=', customerId).executeTakeFirst();
  if (!customer) return null;
  // A test clock's time is part of the context: moving the clock clears the cache.
  const frozenTime = customer.test_clock_id
    ? (await executor.selectFrom('test_clocks').select('frozen_time').where('id', '=', customer.test_clock_id).executeTakeFirstOrThrow()).frozen_time
    : null;
  const base = { customerId, frozenTime, subscriptionId: null, planId: null, planVersion: null, addOnVersions: {}, meteredFeatures: [], meteredMetrics: [], request: null };
  const account = ignoreAccount ? null : await executor.selectFrom('provisioned_accounts').select(['id', 'status'])
    .where('customer_id', '=', customerId).executeTakeFirst();
  if (account && account.status !== 'active' && account.status !== 'pending') {
    return { ...base, access: false, reason: `account_${account.status}` };
  }
  const subscription = await currentSubscriptionOf(executor, customerId);
  if (!subscription) return { ...base, access: false, reason: 'no_subscription' };
  if (!ENTITLED_STATUSES.includes(subscription.status)) {
    return { ...base, subscriptionId: subscription.id, access: false, reason: `subscription_${subscription.status}` };
  }
  const plan = await executor.selectFrom('plans').selectAll().where('id', '=', subscription.plan_id).executeTakeFirstOrThrow();
  const terms = await planTerms(executor, plan);
  const features = seatFeatureFollowingQuantity(terms.features, subscription.quantity);

  const addOns = [];
  const addOnVersions = {};
  for (const { add_on: addOnId, quantity } of parseJson(subscription.add_ons) || []) {
    const addOn = await addOnTerms(executor, addOnId);
    addOnVersions[addOnId] = addOn.version;
    if (addOn.features.length) addOns.push({ id: addOnId, quantity: Number(quantity), features: addOn.features });
  }
  const overrides = (await executor.selectFrom('entitlement_overrides').select('overrides')
    .where('customer_id', '=', customerId).executeTakeFirst()) || null;
  const overrideList = overrides ? parseJson(overrides.overrides) : [];
  const defined = new Set([...features, ...overrideList, ...addOns.flatMap((a) => a.features)].map((f) => f.key));
  const grants = (await executor.selectFrom('entitlement_grants').selectAll().where('customer_id', '=', customerId)
    .where('voided_at', 'is', null).orderBy('id').execute())
    .filter((row) => defined.has(row.feature)).map(coreGrant);

  const request = {
    plan: { features }, overrides: overrideList, add_ons: addOns,
    billing: billingOf(subscription, plan), grants,
    seat_assignments: features.some((f) => f.key === SEAT_FEATURE) && account ? await seatAssignments(executor, account.id) : [],
  };
  const metered = new Set([...features, ...overrideList, ...addOns.flatMap((a) => a.features)]
    .filter((f) => f.kind === 'metered').map((f) => f.key));
  const meteredFeatures = [...metered].sort();
  const metrics = await metricsByCode(executor, meteredFeatures);
  return {
    ...base, access: true, reason: null, subscriptionId: subscription.id, planId: plan.id, planVersion: terms.version,
    addOnVersions, definedFeatures: defined, meteredFeatures, meteredMetrics: meteredFeatures.filter((key) => metrics.has(key)), request,
  };
}

// The plan's seat feature, if it has one, with the subscription's quantity as its limit.
function seatFeatureFollowingQuantity(features, quantity) {
  return features.map((feature) => {
    if (feature.key !== SEAT_FEATURE) return feature;
    const { unlimited, ...rest } = feature;
    return { ...rest, limit: quantity };
  });
}

/// The seat holders of an account in the order they were assigned, as the core reads them.
async function seatAssignments(executor, accountId) {
  const rows = await executor.selectFrom('seat_assignments').select(['user_id'])
    .where('account_id', '=', accountId).where('unassigned_at', 'is', null)
    .orderBy('assigned_at').orderBy('id').execute();
  return rows.map((row) => ({ feature: SEAT_FEATURE, assignee: row.user_id }));
}

/// A subscription's billing schedule as the core reads it (Op `periods`, "Billing schedules").
function billingOf(subscription, plan) {
  const billing = {
    start: coreInstant(subscription.started_at), interval: plan.interval, interval_count: plan.interval_count,
    time_zone: subscription.time_zone,
  };
  if (subscription.trial_end) billing.trial_end = coreInstant(subscription.trial_end);
  return billing;
}

function coreGrant(row) {
  const grant = { id: row.id, feature: row.feature };
  if (row.amount !== null) grant.amount = row.amount;
  if (row.priority !== null) grant.priority = row.priority;
  if (row.effective_at) grant.effective_at = coreInstant(row.effective_at);
  if (row.expires_at) grant.expires_at = coreInstant(row.expires_at);
  if (Number(row.recurring) === 1) grant.recurring = true;
  if (row.rollover) grant.rollover = parseJson(row.rollover);
  return grant;
}

module.exports = { loadContext, seatAssignments, billingOf, coreGrant, ENTITLED_STATUSES };
