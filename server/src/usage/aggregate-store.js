'use strict';
// SQL over usage_aggregates: one row per (subscription, metric, period start) holding the core's
// partial aggregate, the aggregate it finishes to, and what of it was billed.
const { sql } = require('kysely');
const { toInstant } = require('../time');
const { noticeAggregateWrite } = require('./open-usage-cache');

/// The text that names one aggregate: "<subscription>|<metric>|<period start>".
const groupKey = ({ subscription_id: subscriptionId, metric, period_start: periodStart }) => `${subscriptionId}|${metric}|${periodStart}`;

/// Serializes writers of the subscriptions' aggregates for the rest of the transaction:
/// PostgreSQL advisory transaction locks, one per subscription, all taken up front in id order,
/// so two writers never wait on each other in a cycle. SQLite transactions already hold the
/// database's write lock. A lock the transaction took already is not asked for again (it is
/// held to the transaction's end).
async function lockSubscriptionsUsage(trx, dialect, subscriptionIds) {
  if (dialect !== 'postgres') return;
  if (!heldUsageLocks.has(trx)) heldUsageLocks.set(trx, new Set());
  const held = heldUsageLocks.get(trx);
  const ids = [...new Set(subscriptionIds)].filter((id) => !held.has(id)).sort();
  if (!ids.length) return;
  // One statement: a scan of an array returns its elements in order, and each row's lock is
  // taken as the row is produced, so the locks are taken in id order, one after another.
  await sql`select pg_advisory_xact_lock(hashtextextended('usage:' || id, 0)) from unnest(${ids}::text[]) as id`.execute(trx);
  for (const id of ids) held.add(id);
}

// The usage locks each transaction holds.
const heldUsageLocks = new WeakMap();

/// The stored aggregates of `groups` ([{ subscription_id, metric, period_start }]): Map by groupKey.
async function readAggregates(executor, groups) {
  const found = new Map();
  const bySubscription = new Map();
  for (const group of groups) {
    if (!bySubscription.has(group.subscription_id)) bySubscription.set(group.subscription_id, []);
    bySubscription.get(group.subscription_id).push(group);
  }
  for (const [subscriptionId, list] of bySubscription) {
    const rows = await executor.selectFrom('usage_aggregates').selectAll()
      .where('subscription_id', '=', subscriptionId)
      .where('period_start', 'in', [...new Set(list.map((g) => g.period_start))])
      .where('metric', 'in', [...new Set(list.map((g) => g.metric))])
      .execute();
    for (const row of rows) found.set(groupKey(row), row);
  }
  return found;
}

/// One stored aggregate, or undefined.
function readAggregate(executor, { subscriptionId, metric, periodStart }) {
  return executor.selectFrom('usage_aggregates').selectAll()
    .where('subscription_id', '=', subscriptionId).where('metric', '=', metric).where('period_start', '=', periodStart)
    .executeTakeFirst();
}

/// The latest stored aggregate of the subscription's metric before `periodStart`, or undefined
/// (its final value is the level a weighted_sum carries into the periods after it).
function previousAggregate(executor, { subscriptionId, metric, periodStart }) {
  return executor.selectFrom('usage_aggregates').selectAll()
    .where('subscription_id', '=', subscriptionId).where('metric', '=', metric).where('period_start', '<', periodStart)
    .orderBy('period_start', 'desc').limit(1).executeTakeFirst();
}

/// The stored aggregates of the subscription's metric after `periodStart`, oldest first.
function laterAggregates(executor, { subscriptionId, metric, periodStart }) {
  return executor.selectFrom('usage_aggregates').selectAll()
    .where('subscription_id', '=', subscriptionId).where('metric', '=', metric).where('period_start', '>', periodStart)
    .orderBy('period_start').execute();
}

/// Writes a new state of an aggregate: inserted at revision 1, or its partial, aggregate and
/// initial value replaced and its revision raised by one. Billing columns are left alone.
async function saveAggregate(trx, existing, { subscription_id: subscriptionId, metric, period_start: periodStart, period_end: periodEnd, customer_id: customerId }, { partial, aggregate, initialValue }, now) {
  const updatedAt = toInstant(now);
  noticeAggregateWrite(customerId);
  if (existing) {
    await trx.updateTable('usage_aggregates')
      .set({ partial, aggregate, initial_value: initialValue, revision: existing.revision + 1, updated_at: updatedAt })
      .where('subscription_id', '=', subscriptionId).where('metric', '=', metric).where('period_start', '=', periodStart)
      .execute();
    return { ...existing, partial, aggregate, initial_value: initialValue, revision: existing.revision + 1, updated_at: updatedAt };
  }
  const row = {
    subscription_id: subscriptionId, metric, period_start: periodStart, period_end: periodEnd, customer_id: customerId,
    partial, aggregate, initial_value: initialValue, revision: 1, billed_revision: null, billed_aggregate: null,
    billed_invoice: null, billed_at: null, updated_at: updatedAt,
  };
  await trx.insertInto('usage_aggregates').values(row).execute();
  return row;
}

/// Records that `row` was billed at its current revision by `invoiceId`. Returns the row as
/// billed, or null when the stored row is no longer at that revision (nothing changed then).
async function markBilled(trx, row, invoiceId, now) {
  const billing = { billed_revision: row.revision, billed_aggregate: row.aggregate, billed_invoice: invoiceId, billed_at: toInstant(now) };
  const result = await trx.updateTable('usage_aggregates').set(billing)
    .where('subscription_id', '=', row.subscription_id).where('metric', '=', row.metric)
    .where('period_start', '=', row.period_start).where('revision', '=', row.revision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? { ...row, ...billing } : null;
}

/// Aggregates billed before and changed since (late events or voids): the subscriptions'
/// pending late adjustments, oldest period first.
function changedSinceBilled(executor, subscriptionIds) {
  return executor.selectFrom('usage_aggregates').selectAll()
    .where('subscription_id', 'in', subscriptionIds)
    .where('billed_revision', 'is not', null)
    .whereRef('revision', '>', 'billed_revision')
    .orderBy('period_start').orderBy('metric').execute();
}

module.exports = {
  groupKey, lockSubscriptionsUsage, readAggregates, readAggregate, previousAggregate, laterAggregates, saveAggregate, markBilled,
  changedSinceBilled,
};
