'use strict';
const { notFound } = require('../http/errors');
const { coreInstant } = require('../subscriptions/calendar');
const { loadContext } = require('./context');
const { meteredUsage } = require('./usage-source');
const { EntitlementCache } = require('./cache');
const { eventWatcherOf } = require('../outbox/event-watcher');

const byDatabase = new WeakMap();

/// The entitlement cache of this process and the outbox event watcher that keeps it current:
/// one per database handle, so the routes and the job handlers (which get copies of
/// `services`) share them.
function entitlementRuntime(services) {
  let runtime = byDatabase.get(services.db);
  if (!runtime) {
    const cache = new EntitlementCache();
    const watcher = eventWatcherOf(services);
    watcher.subscribe((event) => cache.applyEvent(event));
    runtime = { cache, watcher };
    byDatabase.set(services.db, runtime);
  }
  return runtime;
}

/// The customer's cached context (context.js); NOT_FOUND at `path` for an unknown customer.
async function contextOf(services, customerId, path = '') {
  const { cache } = entitlementRuntime(services);
  const context = await cache.get(customerId, () => loadContext(services.db, customerId));
  if (!context) throw notFound('customer', customerId, path);
  return context;
}

/// Drops the customer's cached context in this process at once (after a change this process
/// committed; other processes hear of it through the outbox).
function invalidateEntitlements(services, customerId) {
  entitlementRuntime(services).cache.invalidate(customerId);
}

/// Drops every cached context in this process at once (terms of a plan or an add-on changed).
function clearEntitlements(services) {
  entitlementRuntime(services).cache.clear();
}

/// The decision time of a context: its test clock's time, or now, in the core's form.
function decisionTime(services, context) {
  return coreInstant(context.frozenTime || services.clock.now().toISOString());
}

/// The core request deciding `context` at `at` (feature, amount, assignee optional).
async function decisionRequest(services, context, at, { feature, amount, assignee } = {}) {
  const wanted = feature === undefined ? context.meteredFeatures : context.meteredFeatures.filter((key) => key === feature);
  const usage = wanted.length ? await meteredUsage(services, { customerId: context.customerId, features: wanted }) : [];
  const request = { op: 'entitlements', at, ...context.request, usage };
  if (feature !== undefined) request.feature = feature;
  if (amount !== undefined) request.amount = amount;
  if (assignee !== undefined) request.assignee = assignee;
  return request;
}

/// May the customer use `feature` now (`amount` more units, or as `assignee`)? Answers
/// { allowed, balance, limit, usage, overage, reset_at, reason, kind } from the core, or a
/// refusal with the reason the customer holds nothing (no subscription, paused, suspended).
async function checkEntitlement(services, { customer, feature, amount, assignee }) {
  const context = await contextOf(services, customer, '/query/customer');
  const base = { object: 'entitlement_check', customer, feature, amount: amount ?? null, assignee: assignee ?? null };
  if (!context.access) {
    return { ...base, allowed: false, kind: null, limit: null, usage: null, balance: null, overage: null, reset_at: null, reason: context.reason };
  }
  const at = decisionTime(services, context);
  const request = await decisionRequest(services, context, at, { feature, amount, assignee });
  const result = services.core.run(request, [['/amount', '/query/amount'], ['/assignee', '/query/assignee'], ['/feature', '/query/feature']]);
  return {
    ...base, allowed: result.has_access, kind: result.kind, limit: result.limit, usage: result.usage,
    balance: result.balance, overage: result.overage, reset_at: result.next_reset_at, reason: result.reason || null,
    amount: result.amount ?? base.amount,
  };
}

/// Every feature of the customer: { at, access, reason, plan_version, features: [...] }.
async function listEntitlements(services, customerId) {
  const context = await contextOf(services, customerId);
  const base = { object: 'entitlements', customer: customerId, subscription: context.subscriptionId, plan: context.planId, plan_version: context.planVersion };
  const at = decisionTime(services, context);
  if (!context.access) return { ...base, at, access: false, reason: context.reason, features: [] };
  const result = services.core.run(await decisionRequest(services, context, at));
  return { ...base, at: result.at, access: true, reason: null, features: result.features };
}

module.exports = { entitlementRuntime, contextOf, invalidateEntitlements, clearEntitlements, decisionTime, decisionRequest, checkEntitlement, listEntitlements };
