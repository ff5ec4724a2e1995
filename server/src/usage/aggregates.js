'use strict';
// Keeping a stored aggregate right: a new state written with the level a weighted_sum carries
// from period to period, and one aggregate recomputed from its events (voids and rebuilds).
const store = require('./aggregate-store');
const { mergedEventsOf } = require('./event-store');
const { aggregateRequest, storedResult, emptyAggregate, carriedValue, MAX_EVENTS_PER_REQUEST } = require('./aggregation');

/// The level a weighted_sum starts `group`'s period at: the final value of the latest stored
/// aggregate before it ("0" when none); null for other aggregations.
async function initialValueFor(executor, metric, group) {
  if (metric.aggregation !== 'weighted_sum') return null;
  const previous = await store.previousAggregate(executor, {
    subscriptionId: group.subscription_id, metric: group.metric, periodStart: group.period_start,
  });
  return previous ? carriedValue(previous.aggregate) : '0';
}

/// Writes `state` ({ partial, aggregate, initialValue }) as `group`'s aggregate (`existing` is
/// its stored row or undefined) and, for a weighted_sum whose final level changed, finishes the
/// later periods again from their new starting level. Returns the saved row. The caller holds
/// the subscription's usage lock (aggregate-store.js).
async function saveState(trx, { core, clock }, metric, group, existing, state) {
  const row = await store.saveAggregate(trx, existing, group, state, clock.now());
  if (metric.aggregation === 'weighted_sum' && (!existing || carriedValue(existing.aggregate) !== carriedValue(state.aggregate))) {
    await carryForward(trx, { core, clock }, metric, group, carriedValue(state.aggregate));
  }
  return row;
}

// The later aggregates of a weighted_sum, each finished again from the level the one before it
// ends at, until a level is unchanged.
async function carryForward(trx, { core, clock }, metric, group, finalValue) {
  let level = finalValue;
  const later = await store.laterAggregates(trx, {
    subscriptionId: group.subscription_id, metric: group.metric, periodStart: group.period_start,
  });
  for (const row of later) {
    if (row.initial_value === level) return;
    const period = { start: row.period_start, end: row.period_end };
    const state = storedResult(core.run(aggregateRequest(metric, period, { partials: [row.partial], initialValue: level })));
    await store.saveAggregate(trx, row, row, { ...state, initialValue: level }, clock.now());
    level = carriedValue(state.aggregate);
  }
}

/// Aggregates `group` from its stored events (merged ones, not voided), chunk by chunk in id
/// order, as the aggregation job would have merged them: { partial, aggregate, initialValue }.
async function recomputeState(executor, core, metric, group) {
  const initialValue = await initialValueFor(executor, metric, group);
  const period = { start: group.period_start, end: group.period_end };
  let state = null;
  let afterId = '';
  for (;;) {
    const events = await mergedEventsOf(executor, group, { afterId, limit: MAX_EVENTS_PER_REQUEST });
    if (!events.length) break;
    const partials = state ? [state.partial] : [];
    state = storedResult(core.run(aggregateRequest(metric, period, { partials, events, initialValue })));
    afterId = events[events.length - 1].id;
    if (events.length < MAX_EVENTS_PER_REQUEST) break;
  }
  return { ...(state || emptyAggregate(core, metric, period, initialValue)), initialValue };
}

/// The aggregate (text) of `group`'s period when nothing was recorded in it (a weighted_sum
/// carries its level from the period before).
async function emptyAggregateOf(executor, core, metric, group) {
  const period = { start: group.period_start, end: group.period_end };
  return emptyAggregate(core, metric, period, await initialValueFor(executor, metric, group)).aggregate;
}

/// Stores `group`'s empty aggregate, for a group with no row yet (so billing can be recorded on
/// it), and returns the row.
async function createEmptyAggregateRow(trx, services, metric, group) {
  const initialValue = await initialValueFor(trx, metric, group);
  const state = emptyAggregate(services.core, metric, { start: group.period_start, end: group.period_end }, initialValue);
  return store.saveAggregate(trx, undefined, group, { ...state, initialValue }, services.clock.now());
}

module.exports = { initialValueFor, saveState, recomputeState, emptyAggregateOf, createEmptyAggregateRow };
