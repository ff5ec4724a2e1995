'use strict';
const { currentSubscriptionOf } = require('../subscriptions/current');
const { coreInstant } = require('../subscriptions/calendar');
const { customerNow } = require('../customers/customers');
const { parseJson } = require('../db/rows');
const { loadContext, ENTITLED_STATUSES } = require('../entitlements/context');
const { planTerms, addOnTerms, SEAT_FEATURE } = require('../entitlements/terms');
const { maySeatsBeAssigned, hasSeatFeature } = require('../entitlements/seat-question');
const { accountOfCustomer, seatedUserIds } = require('./accounts');
const { callTarget } = require('./target-client');
const { invoicePaid } = require('./invoice-status');

// The dependency checks an order passes before any of its steps runs. Each returns null when
// it passes, or the reason the order is blocked. They read the database and ask the target
// service's health, outside any transaction.

/// The reason `order` cannot start, or null. `ctx` is the step context (order-steps.js).
async function blockingReason(services, order, ctx) {
  const checks = [accountState, subscriptionState, addOnsNeedTheirPlans, seatsCoverUsers, invoiceSettled, targetHealthy];
  for (const check of checks) {
    const reason = await check(services, order, ctx);
    if (reason) return reason;
  }
  return null;
}

// What each type needs of the account: activation a customer without an active account,
// suspension an active account, restoration a suspended one, and so on.
async function accountState(services, order) {
  const account = await accountOfCustomer(services.db, order.customer_id);
  const status = account ? account.status : 'none';
  const needs = {
    activate: ['none', 'pending', 'deprovisioned'],
    change: ['none', 'active', 'pending'],
    add_seats: ['active'],
    suspend: ['active'],
    restore: ['suspended'],
    refresh: ['active'],
    deprovision: ['active', 'suspended'],
  }[order.type];
  if (needs.includes(status)) return null;
  return account ? `the account is ${status}; a ${order.type} order needs it ${needs.filter((s) => s !== 'none').join(' or ')}` : 'the customer has no provisioned account';
}

// Activations and changes provision a subscription: the customer needs an active or trialing
// one (the account's own state is accountState's concern).
async function subscriptionState(services, order) {
  if (!['activate', 'change', 'add_seats'].includes(order.type)) return null;
  const subscription = await currentSubscriptionRow(services.db, order.customer_id);
  if (!subscription) return 'the customer holds nothing to provision (no_subscription)';
  if (!ENTITLED_STATUSES.includes(subscription.status)) return `the customer holds nothing to provision (subscription_${subscription.status})`;
  return null;
}

// An add-on whose terms name base plans needs the subscription to be on one of them.
async function addOnsNeedTheirPlans(services, order, ctx) {
  if (!['activate', 'change'].includes(order.type)) return null;
  const subscription = await currentSubscriptionRow(services.db, order.customer_id);
  if (!subscription) return null;
  const planId = ctx.params.plan || subscription.plan_id;
  const addOns = ctx.params.add_ons || parseJson(subscription.add_ons) || [];
  for (const { add_on: addOnId } of addOns) {
    const terms = await addOnTerms(services.db, addOnId);
    if (terms.requires_plans.length && !terms.requires_plans.includes(planId)) {
      return `add-on ${addOnId} needs the base plan ${terms.requires_plans.join(' or ')}; the subscription would be on ${planId}`;
    }
  }
  return null;
}

// The seats must cover the users the order seats, unless the plan bills extra seats.
async function seatsCoverUsers(services, order, ctx) {
  if (!['activate', 'add_seats'].includes(order.type)) return null;
  const wanted = (ctx.params.users || []).filter((user) => user.seat !== false);
  if (!wanted.length) return null;
  const context = await loadContext(services.db, order.customer_id, { ignoreAccount: order.type === 'activate' });
  if (!context.request || !hasSeatFeature(context.request)) return `plan ${context.planId} has no seat feature to seat ${wanted.length} users`;
  const plan = await services.db.selectFrom('plans').selectAll().where('id', '=', context.planId).executeTakeFirstOrThrow();
  if ((await planTerms(services.db, plan)).seats.over_limit === 'bill') return null;
  const account = await accountOfCustomer(services.db, order.customer_id);
  const seated = account ? await seatedUserIds(services.db, account.id) : new Set();
  const existing = account ? await services.db.selectFrom('account_users').select(['id', 'email']).where('account_id', '=', account.id).execute() : [];
  const count = wanted.filter((user) => !existing.some((row) => row.email === user.email && seated.has(row.id))).length;
  const request = order.type === 'add_seats' ? withMoreSeats(context.request, ctx.params.seats) : context.request;
  const customer = await services.db.selectFrom('customers').selectAll().where('id', '=', order.customer_id).executeTakeFirstOrThrow();
  const at = coreInstant((await customerNow(services.db, customer, services.clock)).toISOString());
  const answer = maySeatsBeAssigned(services.core, { at, request, count });
  if (answer.allowed) return null;
  return `the seats do not cover the users: ${count} more needed, ${answer.available} of ${answer.limit} free`;
}

function withMoreSeats(request, seats) {
  const features = request.plan.features.map((feature) => (feature.key === SEAT_FEATURE && feature.limit !== undefined
    ? { ...feature, limit: (BigInt(String(feature.limit).split('.')[0]) + BigInt(seats)).toString() } : feature));
  return { ...request, plan: { features } };
}

// The invoice must be paid, unless the plan lets the customer pay later.
async function invoiceSettled(services, order, ctx) {
  if (!['activate', 'change', 'add_seats'].includes(order.type)) return null;
  const subscription = await currentSubscriptionRow(services.db, order.customer_id);
  if (!subscription) return null;
  const plan = await services.db.selectFrom('plans').selectAll().where('id', '=', ctx.params.plan || subscription.plan_id).executeTakeFirstOrThrow();
  if ((await planTerms(services.db, plan)).payment === 'pay_later') return null;
  if (!ctx.params.invoice) return `plan ${plan.id} is paid before it is provisioned: the order must name the invoice that pays for it`;
  return invoicePaid(services.db, ctx.params.invoice);
}

// The target service must answer its health check.
async function targetHealthy(services, order, ctx) {
  if (!ctx.target) return 'no provisioning target';
  try {
    await callTarget(services, ctx.target, { method: 'GET', path: '/health' });
    return null;
  } catch (error) {
    return `the target service is not healthy: ${error.message}`;
  }
}

function currentSubscriptionRow(db, customerId) {
  return currentSubscriptionOf(db, customerId);
}

module.exports = { blockingReason };
