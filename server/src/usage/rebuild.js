'use strict';
// Recomputing every aggregate from the stored events: the check that incremental merging kept
// exactly the state the events give (byte for byte), and the repair should it not have.
const { inTransaction } = require('../db/rows');
const { metricsByCode } = require('../catalog/metrics');
const store = require('./aggregate-store');
const { recomputeState, saveState } = require('./aggregates');

/// Recomputes each aggregate (of one customer when `customerId` is given) from its merged,
/// not voided events, one transaction per aggregate, and compares partial, aggregate and
/// initial level with the stored ones. Unless `check`, writes the ones that differ (a new
/// revision; an invoiced period then carries a late adjustment). Aggregates of archived months
/// are skipped. `onProgress(done, total)` is called as it goes. Returns
/// { aggregates, unchanged, changed: [{ subscription, metric, period_start }], skipped }.
async function rebuildAggregates(services, { check = false, customerId = null, onProgress = () => {} } = {}) {
  const { db } = services;
  const groups = await allGroups(db, customerId);
  const archive = await db.selectFrom('usage_archive').select('archived_before').where('id', '=', 1).executeTakeFirst();
  const metrics = await metricsByCode(db, groups.map((group) => group.metric));
  const report = { aggregates: groups.length, unchanged: 0, changed: [], skipped: 0 };
  for (const [index, group] of groups.entries()) {
    if (archive && group.period_start < archive.archived_before) {
      report.skipped += 1;
    } else {
      const changed = await inTransaction(db, (trx) => rebuildGroup(trx, services, metrics.get(group.metric), group, check));
      if (changed) report.changed.push({ subscription: group.subscription_id, metric: group.metric, period_start: group.period_start });
      else report.unchanged += 1;
    }
    onProgress(index + 1, groups.length);
  }
  return report;
}

// Every aggregate there is or should be: those stored and those the events name, in
// (subscription, metric, period) order, so a weighted_sum's level reaches later periods.
async function allGroups(db, customerId) {
  const columns = ['subscription_id', 'metric', 'period_start', 'period_end', 'customer_id'];
  let fromEvents = db.selectFrom('usage_events').select(columns).distinct().where('subscription_id', 'is not', null);
  let stored = db.selectFrom('usage_aggregates').select(columns);
  if (customerId) {
    fromEvents = fromEvents.where('customer_id', '=', customerId);
    stored = stored.where('customer_id', '=', customerId);
  }
  const byKey = new Map();
  for (const row of [...await stored.execute(), ...await fromEvents.execute()]) byKey.set(store.groupKey(row), row);
  return [...byKey.values()].sort((a, b) => (store.groupKey(a) < store.groupKey(b) ? -1 : 1));
}

// True when the recomputed state differs from the stored one (and, unless `check`, was written).
async function rebuildGroup(trx, services, metric, group, check) {
  await store.lockSubscriptionsUsage(trx, services.dialect, [group.subscription_id]);
  const existing = await store.readAggregate(trx, { subscriptionId: group.subscription_id, metric: group.metric, periodStart: group.period_start });
  const state = await recomputeState(trx, services.core, metric, group);
  if (!existing) {
    // Nothing stored and nothing merged yet (its events still wait): nothing to compare.
    if (JSON.parse(state.aggregate).event_count === 0) return false;
  } else if (existing.partial === state.partial && existing.aggregate === state.aggregate && existing.initial_value === state.initialValue) {
    return false;
  }
  if (!check) await saveState(trx, services, metric, group, existing, state);
  return true;
}

module.exports = { rebuildAggregates };
