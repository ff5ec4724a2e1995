'use strict';
const { ApiError, notFound } = require('../http/errors');
const { quantity } = require('../http/schemas');

// A plan's portal policy: what a customer may change through the customer portal (a portal
// session's token) on a subscription to the plan. Whatever it does not grant is the
// operator's alone, and so are the fields of OPERATOR_ONLY_FIELDS whatever the policy says.
// The subscription service enforces it (subscriptions/service.js), for previews and changes
// alike, so a portal sees exactly what it may do.
//
// To extend the policy (downgrades at period end, interval switches, cancellation modes...):
// add the field to portalPolicySchema with its default in DEFAULT_PORTAL_POLICY (stored
// policies are read over the defaults, so existing plans get it), check its references in
// validatePortalPolicy, enforce it in authorizePortalChange or authorizePortalCancel, test it
// in server/test/portal-policy.test.js and describe it in docs/server.md ("Portal policy").

/// Fields of a request body that only an operator may send, by action: a portal change is
/// always prorated, a portal cancellation never credits the rest of the period.
const OPERATOR_ONLY_FIELDS = {
  change: ['proration_behavior'],
  cancel: ['prorate'],
};

/// How a portal may cancel: only at the period end, only immediately, or either way.
const PORTAL_CANCELLATIONS = ['at_period_end', 'immediately', 'either'];

/// The policy of a plan that says nothing: the portal may change nothing but may cancel, and
/// its downgrades wait for the period end.
const DEFAULT_PORTAL_POLICY = {
  allowed_plans: [],
  allowed_intervals: [],
  quantity: { adjustable: false, minimum: '1', maximum: null },
  allowed_add_ons: [],
  downgrades_at_period_end: true,
  cancellation: 'either',
};

/// The plan's `portal` object in the API (requests and responses).
const portalPolicySchema = {
  type: 'object',
  title: 'PortalPolicy',
  additionalProperties: false,
  description: 'What a customer may change through the customer portal on subscriptions to this plan; everything else is the operator\'s alone (docs/server.md, "Portal policy")',
  properties: {
    allowed_plans: {
      type: 'array', maxItems: 50, uniqueItems: true, items: { type: 'string', maxLength: 100 },
      description: 'Plans (ids) a portal may move the subscription to (same currency; another billing interval only when allowed_intervals lists it). Default none',
    },
    allowed_intervals: {
      type: 'array', maxItems: 10,
      items: {
        type: 'object', additionalProperties: false, required: ['interval'],
        properties: { interval: { enum: ['day', 'week', 'month', 'year'] }, interval_count: { type: 'integer', minimum: 1, maximum: 120, default: 1 } },
      },
      description: 'Billing intervals other than the plan\'s a portal may switch to (through an allowed plan of that interval). Default none',
    },
    downgrades_at_period_end: {
      type: 'boolean', description: 'Whether a portal\'s downgrades always wait for the end of the period (default true); when false they follow the plan\'s downgrade_timing or the request',
    },
    cancellation: {
      enum: PORTAL_CANCELLATIONS, description: 'How a portal may cancel: at_period_end, immediately, or either (default; the request says)',
    },
    quantity: {
      type: 'object',
      additionalProperties: false,
      properties: {
        adjustable: { type: 'boolean', description: 'Whether a portal may change the quantity (seats). Default false' },
        minimum: { ...quantity, description: 'The least quantity a portal may choose. Default 1' },
        maximum: { anyOf: [...quantity.anyOf, { type: 'null' }], description: 'The most a portal may choose; null for no bound. Default null' },
      },
    },
    allowed_add_ons: {
      type: 'array', maxItems: 50, uniqueItems: true, items: { type: 'string', maxLength: 100 },
      description: 'Add-ons (ids) a portal may add, remove or change the quantity of. Default none',
    },
  },
};

/// The policy stored on a plan row (its `portal` column), over the defaults, so a field added
/// later has its default on plans stored before.
function readPortalPolicy(planRow) {
  return mergePolicy(DEFAULT_PORTAL_POLICY, planRow.portal ? JSON.parse(planRow.portal) : {});
}

/// The policy a request sets (on creation, or replacing the plan's policy in a PATCH): what it
/// says over the defaults, quantities as decimal strings. Throws on a bound that cannot be or a
/// plan or add-on that does not exist.
async function validatePortalPolicy(executor, requested, path = '/portal') {
  const policy = mergePolicy(DEFAULT_PORTAL_POLICY, requested);
  for (const [index, planId] of policy.allowed_plans.entries()) {
    const plan = await executor.selectFrom('plans').select('id').where('id', '=', planId).executeTakeFirst();
    if (!plan) throw notFound('plan', planId, `${path}/allowed_plans/${index}`);
  }
  for (const [index, addOnId] of policy.allowed_add_ons.entries()) {
    const addOn = await executor.selectFrom('add_ons').select('id').where('id', '=', addOnId).executeTakeFirst();
    if (!addOn) throw notFound('add-on', addOnId, `${path}/allowed_add_ons/${index}`);
  }
  const { minimum, maximum } = policy.quantity;
  if (isZero(minimum)) throw new ApiError('INVALID_ARGUMENT', 'must be greater than 0', `${path}/quantity/minimum`);
  if (maximum !== null && compareQuantities(maximum, minimum) < 0) {
    throw new ApiError('INVALID_ARGUMENT', `must not be less than the minimum ${minimum}`, `${path}/quantity/maximum`);
  }
  return policy;
}

/// Throws FORBIDDEN (at the field's path) unless a portal may make the change `body` describes
/// ({plan, quantity, add_ons, ...}) on `subscription` (a row), now on `currentPlan`, moving to
/// `targetPlan` (the same plan when the body names none). The target plan's policy bounds the
/// quantity and add-ons the subscription will have.
function authorizePortalChange({ subscription, currentPlan, targetPlan, body }) {
  refuseOperatorFields(body, OPERATOR_ONLY_FIELDS.change);
  const current = readPortalPolicy(currentPlan);
  const target = readPortalPolicy(targetPlan);
  if (targetPlan.id !== currentPlan.id && !current.allowed_plans.includes(targetPlan.id)) {
    throw forbidden(`the portal may not move a subscription from plan ${currentPlan.id} to plan ${targetPlan.id}`, '/plan');
  }
  const sameInterval = targetPlan.interval === currentPlan.interval && targetPlan.interval_count === currentPlan.interval_count;
  const allowedInterval = current.allowed_intervals
    .some((rule) => rule.interval === targetPlan.interval && (rule.interval_count ?? 1) === targetPlan.interval_count);
  if (!sameInterval && !allowedInterval) {
    throw forbidden(`the portal may not switch plan ${currentPlan.id} to billing every ${targetPlan.interval_count} ${targetPlan.interval}`, '/plan');
  }
  if (body.quantity !== undefined) checkPortalQuantity(target.quantity, String(body.quantity), subscription.quantity);
  if (body.add_ons !== undefined) checkPortalAddOns(target.allowed_add_ons, JSON.parse(subscription.add_ons || '[]'), body.add_ons);
}

/// When a portal's change takes effect under `currentPlan`'s policy: `requested` is the body's
/// effective_at, `downgrade` whether the change is one (outside a trial). Returns the
/// effective_at to use, or throws FORBIDDEN: a portal never picks an instant, and its
/// downgrades wait for the period end when the policy says so.
function authorizePortalTiming({ currentPlan, requested, downgrade }) {
  if (requested !== undefined && requested !== 'now' && requested !== 'period_end') {
    throw forbidden('only an operator may schedule a change for an instant', '/effective_at');
  }
  if (!downgrade || !readPortalPolicy(currentPlan).downgrades_at_period_end) return requested;
  if (requested === 'now') throw forbidden('on this plan the portal\'s downgrades take effect at the end of the period', '/effective_at');
  return 'period_end';
}

/// Throws FORBIDDEN unless a portal may cancel with `body` ({ effective_at, prorate }) under
/// `plan`'s policy; returns the body with effective_at ("now" or "period_end") as the policy
/// decides it (left out, under "either": now). A portal never picks an instant. `timingPath`:
/// where the request said when.
function authorizePortalCancel(body, plan, timingPath = '/effective_at') {
  refuseOperatorFields(body, OPERATOR_ONLY_FIELDS.cancel);
  if (![undefined, 'now', 'period_end'].includes(body.effective_at)) {
    throw forbidden('only an operator may schedule a cancellation for an instant', timingPath);
  }
  const { cancellation } = readPortalPolicy(plan);
  if (cancellation === 'either') return body;
  const atPeriodEnd = cancellation === 'at_period_end';
  if (body.effective_at !== undefined && body.effective_at !== (atPeriodEnd ? 'period_end' : 'now')) {
    throw forbidden(`on this plan the portal cancels ${atPeriodEnd ? 'at the end of the period' : 'immediately'}`, timingPath);
  }
  return { ...body, effective_at: atPeriodEnd ? 'period_end' : 'now' };
}

function refuseOperatorFields(body, fields) {
  for (const field of fields) {
    if (body[field] !== undefined) throw forbidden(`only an operator may set ${field}`, `/${field}`);
  }
}

function checkPortalQuantity(rule, requested, currentQuantity) {
  if (compareQuantities(requested, currentQuantity) === 0) return;
  if (!rule.adjustable) throw forbidden('the portal may not change the quantity of this plan', '/quantity');
  if (compareQuantities(requested, rule.minimum) < 0 || (rule.maximum !== null && compareQuantities(requested, rule.maximum) > 0)) {
    const range = rule.maximum === null ? `at least ${rule.minimum}` : `from ${rule.minimum} to ${rule.maximum}`;
    throw forbidden(`the portal may choose a quantity ${range}`, '/quantity');
  }
}

// The add-ons list replaces the subscription's: every add-on whose presence or quantity it
// changes must be one the policy allows.
function checkPortalAddOns(allowed, currentAddOns, requested) {
  const before = new Map(currentAddOns.map((item) => [item.add_on, item.quantity]));
  const after = new Map(requested.map((item) => [item.add_on, String(item.quantity ?? '1')]));
  for (const [index, item] of requested.entries()) {
    const unchanged = before.has(item.add_on) && compareQuantities(before.get(item.add_on), after.get(item.add_on)) === 0;
    if (!unchanged && !allowed.includes(item.add_on)) {
      throw forbidden(`the portal may not add or change add-on ${item.add_on} on this plan`, `/add_ons/${index}/add_on`);
    }
  }
  for (const addOnId of before.keys()) {
    if (!after.has(addOnId) && !allowed.includes(addOnId)) throw forbidden(`the portal may not remove add-on ${addOnId} from this plan`, '/add_ons');
  }
}

const forbidden = (message, path) => new ApiError('FORBIDDEN', message, path);

function mergePolicy(base, requested) {
  const quantityRule = { ...base.quantity, ...(requested.quantity || {}) };
  for (const bound of ['minimum', 'maximum']) {
    if (typeof quantityRule[bound] === 'number') quantityRule[bound] = String(quantityRule[bound]);
  }
  return { ...base, ...requested, quantity: quantityRule };
}

/// Whether a quantity (a decimal string as the API reads it, or an integer) is zero.
function isZero(value) {
  return /^0(\.0+)?$/.test(String(value));
}

/// Compares two non-negative decimal strings of the API's grammar exactly: -1, 0 or 1. Text
/// only, no floating point: the integer parts by length then digits, then the fractions.
function compareQuantities(a, b) {
  const [aInteger, aFraction = ''] = String(a).split('.');
  const [bInteger, bFraction = ''] = String(b).split('.');
  if (aInteger.length !== bInteger.length) return aInteger.length < bInteger.length ? -1 : 1;
  if (aInteger !== bInteger) return aInteger < bInteger ? -1 : 1;
  const width = Math.max(aFraction.length, bFraction.length);
  const [x, y] = [aFraction.padEnd(width, '0'), bFraction.padEnd(width, '0')];
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

module.exports = {
  portalPolicySchema, DEFAULT_PORTAL_POLICY, readPortalPolicy, validatePortalPolicy,
  authorizePortalChange, authorizePortalTiming, authorizePortalCancel, isZero, compareQuantities,
};
