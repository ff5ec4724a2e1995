'use strict';
// The usage domain's interface for other domains (invoicing, provisioning, dashboards): they
// read usage only through these functions, never the usage tables or the events themselves.
// docs/server.md, "Usage metering", describes them. Every function takes the caller's executor
// or transaction and `services` ({ db, dialect, core, clock }).
//
// A UsageAggregate is
//   { subscription, metric, period: { start, end }, aggregate, revision, billed }
// where `aggregate` is the core's aggregate entry ({ code, aggregation, value, event_count },
// weighted_sum adding final_value and time_unit), passed unchanged as a `usage` entry of the
// core's `invoice` op; `revision` counts the changes of the stored aggregate (0: nothing was
// ever recorded for the period); `billed` is null, or { invoice, at, revision, aggregate }:
// what was billed last.
const { PostgresAdapter } = require('kysely');
const { ApiError } = require('../http/errors');
const { parseInstant } = require('../time');
const { findMetricByCode } = require('../catalog/metrics');
const { planVersionPrices } = require('../catalog/plans');
const { caughtUpView } = require('../subscriptions/lifecycle');
const store = require('./aggregate-store');
const { emptyAggregateOf, createEmptyAggregateRow } = require('./aggregates');
const { quantityChange } = require('./aggregation');
const { mergePending, MERGE_BATCH_SIZE } = require('./processor');
const { usageSettings } = require('./settings');
const { openUsageRuntime } = require('./open-usage-cache');
const { waitingCounts } = require('./event-store');

/// The usage of one metric of a subscription over one of its billing periods (`period` as the
/// subscription's schedule gives it: { start, end }, RFC 3339). Reads the stored aggregate; a
/// period nothing was recorded in gives the empty aggregate (a weighted_sum keeps its level).
/// Events still waiting to be merged are not in it (see pendingEventCount).
async function usageForPeriod(executor, services, { subscriptionId, metric, period }) {
  const { group, row } = await groupAndRow(executor, { subscriptionId, metric, period });
  if (row) return presentUsage(group, row, row.aggregate);
  const metricRow = await findMetricByCode(executor, metric);
  return presentUsage(group, undefined, await emptyAggregateOf(executor, services.core, metricRow, group));
}

/// Bills a subscription's usage of `metric` for `period` on invoice `invoiceId`, inside the
/// invoicing transaction `trx`: merges the subscription's waiting events first (those no other
/// transaction is merging), then records the aggregate as billed and returns it (a
/// UsageAggregate). Later events and voids of the period become a late adjustment
/// (claimLateAdjustments). A period billed before is INVALID_STATE: bill its changes as late
/// adjustments. Rolled back with `trx`, nothing is recorded.
async function billUsageForPeriod(trx, services, { subscriptionId, metric, period, invoiceId }) {
  await mergePendingUsage(trx, services, { subscriptionId });
  await store.lockSubscriptionsUsage(trx, services.dialect, [subscriptionId]);
  const { group, row: stored } = await groupAndRow(trx, { subscriptionId, metric, period });
  const row = stored || await createEmptyAggregateRow(trx, services, await findMetricByCode(trx, metric), group);
  if (row.billed_revision !== null) {
    throw new ApiError('INVALID_STATE', `the ${metric} usage of ${subscriptionId} for the period from ${group.period_start} was billed by ${row.billed_invoice}; bill its changes as late adjustments`);
  }
  // The usage lock keeps the row as read, so the update finds it at its revision.
  const billed = await store.markBilled(trx, row, invoiceId, services.clock.now());
  if (!billed) throw new Error(`the ${metric} usage of ${subscriptionId} from ${group.period_start} changed while its usage lock was held`);
  return presentUsage(group, billed, billed.aggregate);
}

/// The subscription's pending late adjustments, inside the invoicing transaction `trx`: every
/// billed period whose usage changed since (late events, voids; a weighted_sum also when the
/// level it starts at changed), oldest period first, after merging the subscription's waiting
/// events. Each is { subscription, metric, period, billed: { invoice, at, revision, aggregate },
/// current: aggregate, billed_quantity, late_quantity, revision }: `billed_quantity` and
/// `late_quantity` (current − billed, negative after voids; computed by the core) are the
/// fields of a late item of the core's `invoice` op (`late_usage`). Bill them, then call
/// markLateAdjustmentsBilled in the same transaction. The subscription's usage stays locked until `trx` ends, so nothing
/// changes in between.
async function claimLateAdjustments(trx, services, { subscriptionId }) {
  return (await claimLateAdjustmentsOf(trx, services, [subscriptionId])).get(subscriptionId);
}

/// claimLateAdjustments for several subscriptions at once (a billing batch's round): their
/// waiting events merged in one pass, their adjustments read in one query. Returns a Map from
/// each subscription's id to its adjustments.
async function claimLateAdjustmentsOf(trx, services, subscriptionIds) {
  const adjustments = new Map(subscriptionIds.map((id) => [id, []]));
  if (!subscriptionIds.length) return adjustments;
  await mergePendingUsage(trx, services, { subscriptionIds });
  await store.lockSubscriptionsUsage(trx, services.dialect, subscriptionIds);
  for (const adjustment of presentAdjustments(services, await store.changedSinceBilled(trx, subscriptionIds))) {
    adjustments.get(adjustment.subscription).push(adjustment);
  }
  return adjustments;
}

/// The subscription's pending late adjustments as claimLateAdjustments gives them, read only:
/// nothing is merged or locked, so events still waiting are not in them (the upcoming invoice).
async function pendingLateAdjustments(executor, services, { subscriptionId }) {
  return presentAdjustments(services, await store.changedSinceBilled(executor, [subscriptionId]));
}

function presentAdjustments(services, rows) {
  return rows.map((row) => {
    const usage = presentUsage(groupFromRow(row), row, row.aggregate);
    const billedQuantity = usage.billed.aggregate.value;
    return {
      subscription: usage.subscription, metric: usage.metric, period: usage.period, billed: usage.billed, current: usage.aggregate,
      billed_quantity: billedQuantity, late_quantity: quantityChange(services.core, billedQuantity, usage.aggregate.value),
      revision: usage.revision,
    };
  });
}

/// Records the adjustments claimLateAdjustments returned as billed by `invoiceId` (in the same
/// transaction): their current aggregate becomes what was billed, so each change is billed once.
async function markLateAdjustmentsBilled(trx, services, adjustments, { invoiceId }) {
  for (const adjustment of adjustments) {
    const row = await store.readAggregate(trx, {
      subscriptionId: adjustment.subscription, metric: adjustment.metric, periodStart: storedInstant(adjustment.period.start),
    });
    if (!row || row.revision !== adjustment.revision || !await store.markBilled(trx, row, invoiceId, services.clock.now())) {
      throw new Error(`the late adjustment of ${adjustment.subscription} ${adjustment.metric} changed after it was claimed; claim and mark in one transaction`);
    }
  }
}

/// How long after a period late events for it may still arrive (RATECARD_USAGE_LOOKBACK_DAYS),
/// in milliseconds: after that, only voids can change a billed period.
function lateEventWindowMs(services) {
  return usageSettings(services.config).lookbackMs;
}

/// The open period's usage of a customer: for each of its subscriptions not canceled (as of the
/// customer's now), one UsageAggregate per metric its plan charges for or that recorded usage in
/// the period (only `metric` when given).
async function openPeriodUsage(executor, services, { customerId, metric = null }) {
  const subscriptions = await executor.selectFrom('subscriptions').selectAll()
    .where('customer_id', '=', customerId).where('status', 'not in', ['canceled', 'incomplete_expired']).orderBy('id').execute();
  const usages = [];
  for (const stored of subscriptions) {
    const subscription = await caughtUpView(executor, services.core, services.clock, stored);
    if (subscription.status === 'canceled') continue;
    const period = { start: subscription.current_period_start, end: subscription.current_period_end };
    for (const code of metric ? [metric] : await metricsOf(executor, subscription, period)) {
      usages.push(await usageForPeriod(executor, services, { subscriptionId: subscription.id, metric: code, period }));
    }
  }
  return usages;
}

/// openPeriodUsage of one metric on the server's database, from this process's cache of it
/// (open-usage-cache.js) while the cache's watcher runs, else read. For the entitlement check.
async function cachedOpenPeriodUsage(services, { customerId, metric }) {
  const { cache, watcher } = openUsageRuntime(services);
  const read = () => openPeriodUsage(services.db, services, { customerId, metric });
  if (!watcher.running) return read();
  return cache.get(customerId, metric, async () => {
    const usages = await read();
    return { usages, until: Math.min(Infinity, ...usages.map((usage) => Date.parse(usage.period.end))) };
  });
}

/// Takes the usage locks of several subscriptions at once, in `trx`, in a fixed order. A
/// transaction that bills usage of more than one subscription calls this first with all of
/// them (the functions above lock one subscription each, and the aggregation job takes its
/// batch's in id order: taking them in other orders could deadlock).
async function lockUsage(trx, services, subscriptionIds) {
  await store.lockSubscriptionsUsage(trx, services.dialect, subscriptionIds);
}

/// How many accepted events of a customer (or a subscription) still wait to be merged into
/// their aggregates (normally seconds' worth; GET /v1/usage/status shows the lag).
async function pendingEventCount(executor, { customerId = null, subscriptionId = null }) {
  const dialect = executor.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
  const where = (query) => {
    let narrowed = query;
    if (customerId) narrowed = narrowed.where('usage_events.customer_id', '=', customerId);
    if (subscriptionId) narrowed = narrowed.where('usage_events.subscription_id', '=', subscriptionId);
    return narrowed;
  };
  const [counts] = await waitingCounts(executor, dialect, { where });
  return counts.pending;
}

/// Merges the waiting events of a subscription (`subscriptionId`) or of several
/// (`subscriptionIds`: their usage locks taken in id order) into their aggregates now, in `trx`
/// (what the aggregation job does for everyone, a batch at a time). Events another transaction
/// is merging at that moment are left to it. Once per subscription and transaction: invoicing
/// asks again for each metric it bills and for the late adjustments, and what became waiting
/// since the first merge arrived while the invoice was being made, so it is as much a later
/// event as one that arrives after the commit (the job merges it; billed periods get it as a
/// late adjustment). A billing batch merges each round's subscriptions in one pass.
async function mergePendingUsage(trx, services, { subscriptionId = null, subscriptionIds = [subscriptionId] }) {
  if (!mergedInTransaction.has(trx)) mergedInTransaction.set(trx, new Set());
  const merged = mergedInTransaction.get(trx);
  const waiting = [...new Set(subscriptionIds)].filter((id) => !merged.has(id));
  if (!waiting.length) return;
  for (;;) {
    const { events } = await mergePending(trx, services, { subscriptionIds: waiting, limit: MERGE_BATCH_SIZE });
    if (events < MERGE_BATCH_SIZE) break;
  }
  for (const id of waiting) merged.add(id);
}

// The subscriptions whose waiting events each transaction has merged.
const mergedInTransaction = new WeakMap();

// The metrics the subscription's plan charges for, then those with usage recorded in the period.
async function metricsOf(executor, subscription, period) {
  const codes = (await planVersionPrices(executor, subscription.plan_id, subscription.plan_version)).filter((price) => price.type === 'usage').map((price) => price.metric);
  const recorded = await executor.selectFrom('usage_aggregates').select('metric')
    .where('subscription_id', '=', subscription.id).where('period_start', '=', period.start).orderBy('metric').execute();
  return [...new Set([...codes, ...recorded.map((row) => row.metric)])];
}

// The aggregate group of a subscription's metric over `period` and its stored row, if any. The
// subscription is read only when there is none (a row names the customer).
async function groupAndRow(executor, { subscriptionId, metric, period }) {
  const start = storedInstant(period.start);
  const end = storedInstant(period.end);
  const row = await store.readAggregate(executor, { subscriptionId, metric, periodStart: start });
  if (row) {
    if (row.period_end !== end) {
      throw new Error(`the period of ${subscriptionId} from ${start} ends at ${row.period_end}, not ${end}: pass the period as the subscription's schedule gives it`);
    }
    return { group: groupFromRow(row), row };
  }
  const subscription = await executor.selectFrom('subscriptions').select(['id', 'customer_id'])
    .where('id', '=', subscriptionId).executeTakeFirst();
  if (!subscription) throw new ApiError('NOT_FOUND', `no subscription "${subscriptionId}"`);
  return { group: { subscription_id: subscriptionId, metric, period_start: start, period_end: end, customer_id: subscription.customer_id }, row: undefined };
}

function groupFromRow(row) {
  return { subscription_id: row.subscription_id, metric: row.metric, period_start: row.period_start, period_end: row.period_end, customer_id: row.customer_id };
}

function storedInstant(text) {
  const instant = parseInstant(text);
  if (!instant) throw new Error(`"${text}" is not an RFC 3339 instant`);
  return instant;
}

function presentUsage(group, row, aggregate) {
  return {
    subscription: group.subscription_id, metric: group.metric,
    period: { start: group.period_start, end: group.period_end },
    aggregate: JSON.parse(aggregate),
    revision: row ? row.revision : 0,
    billed: row && row.billed_revision !== null
      ? { invoice: row.billed_invoice, at: row.billed_at, revision: row.billed_revision, aggregate: JSON.parse(row.billed_aggregate) }
      : null,
  };
}

module.exports = {
  usageForPeriod, billUsageForPeriod, claimLateAdjustments, claimLateAdjustmentsOf, pendingLateAdjustments, markLateAdjustmentsBilled, openPeriodUsage, cachedOpenPeriodUsage,
  pendingEventCount, mergePendingUsage, lockUsage, lateEventWindowMs,
};
