'use strict';
// The only place usage asks the core to aggregate (op `aggregate`, docs/core-api.md). Partials
// are kept without event ids (`keep_event_ids: false`): the database deduplicates events at one
// point (usage_event_keys) and each event is merged once (the merge watermark), so a stored state
// stays small however many events it counts.
const { parseJson } = require('../db/rows');
const { coreMetric } = require('../catalog/metrics');
const { coreInstant } = require('../subscriptions/calendar');
const { canonicalJson } = require('../idempotency/idempotency');

/// The most events one core request reads (the core's limit is 100,000).
const MAX_EVENTS_PER_REQUEST = 20000;

/// The core request that merges `partials` (stored partial texts) and `events` (stored usage
/// event rows) of one metric for one period. `initialValue` is a weighted_sum's level at the
/// period start.
function aggregateRequest(metric, period, { partials = [], events = [], initialValue = null }) {
  const definition = coreMetric(metric);
  if (metric.aggregation === 'weighted_sum') definition.initial_value = initialValue ?? '0';
  const read = readProperties(metric);
  return {
    op: 'aggregate',
    period: { start: coreInstant(period.start), end: coreInstant(period.end) },
    metrics: [definition],
    keep_event_ids: false,
    partials: partials.map((text) => JSON.parse(text)),
    events: events.map((event) => coreEvent(event, metric.code, read)),
  };
}

// The properties a metric reads: its property and its filtered ones (the rest stay out of the
// core request).
function readProperties(metric) {
  const names = Object.keys(parseJson(metric.filters));
  if (metric.property !== null) names.push(metric.property);
  return names;
}

// A stored event as the core reads it. Its id is the event's Ratecard id (unique, increasing in
// arrival order), so `latest` breaks a tie between equal timestamps by the later arrival; the
// core works in whole seconds, so a timestamp's fraction is dropped (which never moves an event
// across a period boundary: boundaries are whole seconds).
function coreEvent(event, metricCode, read) {
  const all = typeof event.properties === 'string' ? JSON.parse(event.properties) : event.properties;
  const properties = {};
  for (const name of read) if (Object.hasOwn(all, name)) properties[name] = all[name];
  return { id: event.id, event_name: metricCode, timestamp: coreInstant(event.occurred_at), properties };
}

/// A core result as stored: { partial, aggregate } as canonical JSON texts (the same state
/// always gives the same bytes).
function storedResult(result) {
  return { partial: canonicalJson(result.partial), aggregate: canonicalJson(result.aggregates[0]) };
}

/// Runs several aggregate requests in one crossing into the core (op `batch`): an array of
/// { ok: true, result } or { ok: false, error } in request order.
function runAll(core, requests) {
  if (!requests.length) return [];
  if (requests.length === 1) {
    try {
      return [{ ok: true, result: core.run(requests[0]) }];
    } catch (error) {
      return [{ ok: false, error: { code: error.code, message: error.message, path: error.path } }];
    }
  }
  return core.run({ op: 'batch', requests }).responses;
}

/// Aggregates `metric` over no events for `period`: the aggregate of a period nothing was
/// recorded in (a weighted_sum still has its level).
function emptyAggregate(core, metric, period, initialValue) {
  return storedResult(core.run(aggregateRequest(metric, period, { initialValue })));
}

/// `after` − `before` (quantities as decimal strings), computed by the core: the sum of two
/// events, +after and −before. The server does no decimal arithmetic of its own.
function quantityChange(core, before, after) {
  const negated = before.startsWith('-') ? before.slice(1) : `-${before}`;
  const change = (id, value) => ({ id, event_name: 'change', timestamp: '2000-01-01T00:00:00Z', properties: { value } });
  const result = core.run({
    op: 'aggregate', period: { start: '2000-01-01T00:00:00Z', end: '2000-01-02T00:00:00Z' }, keep_event_ids: false,
    metrics: [{ code: 'change', event_name: 'change', aggregation: 'sum', property: 'value' }],
    events: [change('after', after), change('before', negated)],
  });
  return result.aggregates[0].value;
}

/// The final value a stored aggregate carries into the next period (weighted_sum), or null.
function carriedValue(aggregateText) {
  const aggregate = JSON.parse(aggregateText);
  return aggregate.final_value ?? null;
}

module.exports = {
  MAX_EVENTS_PER_REQUEST, aggregateRequest, storedResult, runAll, emptyAggregate, carriedValue, quantityChange,
};
