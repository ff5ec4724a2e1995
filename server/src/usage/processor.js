'use strict';
// Merges accepted events into their aggregates, a batch at a time: each batch is one
// transaction that reads the events past the merge watermark (event-store.js), asks the core to
// merge each aggregate's new events into its stored partial (all of the batch's aggregates in
// one `batch` call), writes the new states, counts the events as processed and moves the
// watermark past them. A crash before the commit leaves every event of the batch waiting;
// after it, none: each event is merged once. Invoicing merges a subscription's waiting events
// ahead of the job (marked in usage_merged_ahead, which the job then skips).
const { toInstant } = require('../time');
const store = require('./aggregate-store');
const {
  readWatermark, positionOf, moveWatermark, readPastWatermark, readSubscriptionsWaiting, mergedAheadAmong, failedAmong,
  markMergedAhead, forgetMergedAhead, recordMergeFailures, addToCounters,
} = require('./event-store');
const { aggregateRequest, storedResult, runAll, MAX_EVENTS_PER_REQUEST } = require('./aggregation');
const { saveState, initialValueFor } = require('./aggregates');
const { metricsByCode } = require('../catalog/metrics');

/// Events one batch merges by default.
const MERGE_BATCH_SIZE = 5000;

/// Merges up to `limit` waiting events inside `trx`: the next ones past the watermark, or with
/// `subscriptionIds` those subscriptions' (ahead of the watermark). Returns { events, merged,
/// unattributed, failed }: how many were read, merged into an aggregate, belonged to no
/// subscription, and were refused by the core (recorded in usage_merge_failures with the
/// core's error, reported by the status endpoint).
async function mergePending(trx, services, { subscriptionIds = null, limit = MERGE_BATCH_SIZE } = {}) {
  const { dialect, core, clock } = services;
  const now = toInstant(clock.now());
  let read;
  if (subscriptionIds === null) {
    read = await readPastWatermark(trx, dialect, await readWatermark(trx, dialect, { lock: true }), limit);
  } else {
    await store.lockSubscriptionsUsage(trx, dialect, subscriptionIds);
    read = await readSubscriptionsWaiting(trx, dialect, subscriptionIds, limit);
  }
  const outcome = { events: read.length, merged: 0, unattributed: 0, failed: 0 };
  if (!read.length) return outcome;

  // Voided events are passed, never merged (a void waits for the watermark's lock).
  let events = read.filter((event) => event.voided_at === null).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const groups = new Map();
  for (const event of events) {
    if (event.subscription_id === null) continue;
    const key = store.groupKey(event);
    if (!groups.has(key)) {
      groups.set(key, {
        group: {
          subscription_id: event.subscription_id, metric: event.metric, period_start: event.period_start,
          period_end: event.period_end, customer_id: event.customer_id,
        },
        events: [],
      });
    }
    groups.get(key).events.push(event);
  }
  let entries = [...groups.values()].sort((a, b) => (store.groupKey(a.group) < store.groupKey(b.group) ? -1 : 1));
  await store.lockSubscriptionsUsage(trx, dialect, entries.map(({ group }) => group.subscription_id));
  if (subscriptionIds === null) {
    // Read once the subscriptions are locked: invoicing may have merged some just before.
    const ids = events.map((event) => event.id);
    const [ahead, failed] = await Promise.all([mergedAheadAmong(trx, ids), failedAmong(trx, ids)]);
    const skip = (event) => ahead.has(event.id) || failed.has(event.id);
    events = events.filter((event) => !skip(event));
    for (const entry of entries) entry.events = entry.events.filter((event) => !skip(event));
    entries = entries.filter((entry) => entry.events.length);
  }

  const counts = new Map();
  const count = (customerId, field) => {
    if (!counts.has(customerId)) counts.set(customerId, { processed: 0, unattributed: 0, late: 0 });
    counts.get(customerId)[field] += 1;
  };
  for (const event of events.filter((e) => e.subscription_id === null)) {
    count(event.customer_id, 'processed');
    count(event.customer_id, 'unattributed');
    outcome.unattributed += 1;
  }

  const existing = await store.readAggregates(trx, entries.map(({ group }) => group));
  const metrics = await metricsByCode(trx, entries.map(({ group }) => group.metric));
  for (const entry of entries) {
    entry.metric = metrics.get(entry.group.metric);
    entry.row = existing.get(store.groupKey(entry.group));
    entry.initialValue = entry.row ? entry.row.initial_value : await initialValueFor(trx, entry.metric, entry.group);
  }
  mergeInCore(core, entries);

  // Periods in order (the keys sort so), so a weighted_sum's level reaches later periods.
  const mergedIds = [];
  for (const entry of entries) {
    if (entry.error) {
      await recordMergeFailures(trx, entry.events, entry.error);
      outcome.failed += entry.events.length;
      continue;
    }
    const { row, state } = await settleCarriedLevel(trx, core, entry);
    await saveState(trx, services, entry.metric, entry.group, row, state);
    outcome.merged += entry.events.length;
    for (const event of entry.events) {
      mergedIds.push(event.id);
      count(event.customer_id, 'processed');
      if (Number(event.late) === 1) count(event.customer_id, 'late');
    }
  }
  if (subscriptionIds === null) {
    await moveWatermark(trx, dialect, positionOf(dialect, read[read.length - 1]), now);
    await forgetMergedAhead(trx, read.map((event) => event.id));
  } else {
    await markMergedAhead(trx, mergedIds);
  }
  await addToCounters(trx, counts, now);
  return outcome;
}

// Asks the core to merge each entry's events into its stored partial: one request per entry
// and chunk of events, every entry's next chunk in one `batch` call. Sets entry.state
// ({ partial, aggregate }) or entry.error.
function mergeInCore(core, entries) {
  let round = entries;
  let offset = 0;
  while (round.length) {
    const requests = round.map((entry) => {
      const partial = entry.state ? entry.state.partial : entry.row && entry.row.partial;
      const period = { start: entry.group.period_start, end: entry.group.period_end };
      return aggregateRequest(entry.metric, period, {
        partials: partial ? [partial] : [], initialValue: entry.initialValue,
        events: entry.events.slice(offset, offset + MAX_EVENTS_PER_REQUEST),
      });
    });
    const responses = runAll(core, requests);
    const next = [];
    for (const [index, entry] of round.entries()) {
      const response = responses[index];
      if (!response.ok) {
        entry.error = `${response.error.code} at ${response.error.path}: ${response.error.message}`;
        continue;
      }
      entry.state = storedResult(response.result);
      if (offset + MAX_EVENTS_PER_REQUEST < entry.events.length) next.push(entry);
    }
    round = next;
    offset += MAX_EVENTS_PER_REQUEST;
  }
}

// A weighted_sum whose earlier period was saved in this batch may start at a new level now:
// its row is read again and its new partial finished from that level. Other aggregations are
// as merged. Returns { row, state } to save.
async function settleCarriedLevel(trx, core, entry) {
  const state = { ...entry.state, initialValue: entry.initialValue };
  if (entry.metric.aggregation !== 'weighted_sum') return { row: entry.row, state };
  const row = await store.readAggregate(trx, {
    subscriptionId: entry.group.subscription_id, metric: entry.group.metric, periodStart: entry.group.period_start,
  });
  const level = await initialValueFor(trx, entry.metric, entry.group);
  if (level === entry.initialValue) return { row, state };
  const period = { start: entry.group.period_start, end: entry.group.period_end };
  const finished = storedResult(core.run(aggregateRequest(entry.metric, period, { partials: [state.partial], initialValue: level })));
  return { row, state: { ...finished, initialValue: level } };
}

module.exports = { mergePending, MERGE_BATCH_SIZE };
