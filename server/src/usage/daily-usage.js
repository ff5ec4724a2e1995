'use strict';
// A customer's usage per day of the open billing period, for charts: for each metric of each
// subscription (as openPeriodUsage lists them), the core aggregates each day's merged events
// (the same events the stored period aggregate counts, read from the one usage store) with the
// metric's own definition. The period's stored aggregate and the limit the customer's
// entitlements put on the feature named after the metric come beside the days.
const { findCustomer, customerNow } = require('../customers/customers');
const { findMetricByCode } = require('../catalog/metrics');
const { listEntitlements } = require('../entitlements/decisions');
const { coreInstant } = require('../subscriptions/calendar');
const { toInstant } = require('../time');
const { openPeriodUsage } = require('./index');
const { initialValueFor } = require('./aggregates');
const { mergedEventsOf } = require('./event-store');
const { aggregateRequest, MAX_EVENTS_PER_REQUEST } = require('./aggregation');

/// The most days the core lists in one `periods` request.
const DAYS_PER_REQUEST = 1000;

/// GET /v1/customers/:id/usage/daily.
async function dailyUsage(executor, services, customerId) {
  const customer = await findCustomer(executor, customerId);
  const now = toInstant(await customerNow(executor, customer, services.clock));
  const usages = await openPeriodUsage(executor, services, { customerId: customer.id });
  const limits = usages.length ? await featureLimits(services, customer.id) : new Map();
  const metrics = [];
  for (const usage of usages) {
    const metric = await findMetricByCode(executor, usage.metric);
    const subscription = await executor.selectFrom('subscriptions').select('time_zone').where('id', '=', usage.subscription).executeTakeFirstOrThrow();
    const group = {
      subscription_id: usage.subscription, metric: metric.code, period_start: usage.period.start, period_end: usage.period.end,
    };
    const days = daysUntil(services.core, usage.period, subscription.time_zone, now);
    const limit = limits.get(metric.code) || { limit: null, unlimited: false };
    metrics.push({
      subscription: usage.subscription, metric: metric.code, name: metric.name, aggregation: metric.aggregation, period: usage.period,
      total: usage.aggregate.value, event_count: usage.aggregate.event_count, ...limit,
      days: withRunningValues(services.core, metric, await aggregateDays(executor, services.core, metric, group, days)),
    });
  }
  return { object: 'daily_usage', customer: customer.id, as_of: now, metrics };
}

// The days of `period` in the billing zone (each from the period's local start time) that have
// begun by `now`, the last one ending at the period's end at most: [{ start, end }], core instants.
function daysUntil(core, period, timeZone, now) {
  const start = coreInstant(period.start);
  const end = coreInstant(period.end);
  const through = coreInstant(now);
  const days = [];
  let from = start;
  for (;;) {
    const result = core.run({ op: 'periods', start, interval: 'day', time_zone: timeZone, from, count: DAYS_PER_REQUEST });
    for (const day of result.periods) {
      if (day.start > through || day.start >= end) return days;
      days.push({ start: day.start, end: day.end < end ? day.end : end });
    }
    if (!result.has_more) return days;
    from = result.periods[result.periods.length - 1].end;
  }
}

// Each day's aggregate ({ start, end, value, event_count }): the events of the period are read
// page by page and merged chunk by chunk into their day's partial state, then each day is
// finished in order (a weighted_sum starts a day at the level the day before ended at).
async function aggregateDays(executor, core, metric, group, days) {
  const partials = days.map(() => null);
  const aggregateChunk = (index, events) => {
    const request = aggregateRequest(metric, days[index], { partials: partials[index] ? [partials[index]] : [], events });
    partials[index] = JSON.stringify(core.run(request).partial);
  };
  let afterId = '';
  for (;;) {
    const events = await mergedEventsOf(executor, group, { afterId, limit: MAX_EVENTS_PER_REQUEST });
    const byDay = new Map();
    for (const event of events) {
      const index = dayIndex(days, coreInstant(event.occurred_at));
      if (index < 0) continue; // timestamped after now: in the period's total, not in a day yet
      if (!byDay.has(index)) byDay.set(index, []);
      byDay.get(index).push(event);
    }
    for (const [index, dayEvents] of byDay) aggregateChunk(index, dayEvents);
    if (events.length < MAX_EVENTS_PER_REQUEST) break;
    afterId = events[events.length - 1].id;
  }
  let level = await initialValueFor(executor, metric, group);
  return days.map((day, index) => {
    const request = aggregateRequest(metric, day, { partials: partials[index] ? [partials[index]] : [], initialValue: level });
    const [aggregate] = core.run(request).aggregates;
    if (metric.aggregation === 'weighted_sum') level = aggregate.final_value;
    return { start: day.start, end: day.end, value: aggregate.value, event_count: aggregate.event_count };
  });
}

// How each day's value adds to the days before it: a sum or count adds up, a max keeps the
// largest, a weighted_sum in a unit of time adds up (in `period` units, an average, it does not);
// unique_count and latest have no running value.
const RUNNING = { sum: 'sum', count: 'sum', max: 'max', weighted_sum: 'sum' };

// The days with `to_date`: the running value from the period's start through each day's end,
// combined by the core (the server does no decimal arithmetic), or null.
function withRunningValues(core, metric, days) {
  const combine = metric.aggregation === 'weighted_sum' && metric.time_unit === 'period' ? undefined : RUNNING[metric.aggregation];
  let toDate = null;
  return days.map((day) => {
    if (combine) toDate = toDate === null ? day.value : combined(core, combine, toDate, day.value);
    return { ...day, to_date: combine ? toDate : null };
  });
}

// Two quantities combined by the core's aggregation `aggregation` (sum or max).
function combined(core, aggregation, first, second) {
  const event = (id, value) => ({ id, event_name: 'day', timestamp: '2000-01-01T00:00:00Z', properties: { value } });
  const result = core.run({
    op: 'aggregate', period: { start: '2000-01-01T00:00:00Z', end: '2000-01-02T00:00:00Z' }, keep_event_ids: false,
    metrics: [{ code: 'to_date', event_name: 'day', aggregation, property: 'value' }],
    events: [event('before', first), event('day', second)],
  });
  return result.aggregates[0].value;
}

// The index of the day holding `instant` (core instants compare as text), or -1.
function dayIndex(days, instant) {
  let low = 0;
  let high = days.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (instant < days[middle].start) high = middle - 1;
    else if (instant >= days[middle].end) low = middle + 1;
    else return middle;
  }
  return -1;
}

// The limit of each limit or metered feature the customer holds now, by feature key:
// { limit (the core's: allowance plus grants; null when unlimited), unlimited }.
async function featureLimits(services, customerId) {
  const { features } = await listEntitlements(services, customerId);
  const limits = new Map();
  for (const entry of features) {
    if (entry.kind !== 'limit' && entry.kind !== 'metered') continue;
    limits.set(entry.feature, { limit: entry.limit, unlimited: entry.limit === null });
  }
  return limits;
}

module.exports = { dailyUsage };
