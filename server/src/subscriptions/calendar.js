'use strict';
// The only place the server asks about dates and prorations, all of them answered by the core
// (ops `periods` and `prorate`, docs/core-api.md). Instants from the core are re-written in the
// server's stored form (RFC 3339 UTC with milliseconds), which changes no instant.
const { parseInstant } = require('../time');

/// The billing period of a plan that starts at `start`, for a subscription anchored at
/// `anchor`, in the customer's billing time zone: { start, end } as instants.
function periodStartingAt(core, { anchor, start, plan, timeZone }) {
  const result = core.run({
    op: 'periods', anchor, time_zone: timeZone, interval: plan.interval, interval_count: plan.interval_count,
    from: start, count: 1,
  });
  const [period] = result.periods;
  return { start: parseInstant(period.start), end: parseInstant(period.end) };
}

/// The end of a trial of `days` days that starts at `start` (whole days in the billing zone).
function trialEnd(core, { start, days, timeZone }) {
  const result = core.run({ op: 'periods', anchor: start, time_zone: timeZone, interval: 'day', interval_count: days, from: start, count: 1 });
  return parseInstant(result.periods[0].end);
}

/// The core's proration of a change at `changeAt` inside [periodStart, periodEnd): old items
/// credited, new items charged, for the rest of the period.
function prorate(core, { currency, timeZone, periodStart, periodEnd, changeAt, oldItems, newItems }) {
  const item = ({ price, quantity }) => ({ price: price.pricing, quantity, price_id: price.id });
  return core.run({
    op: 'prorate', currency, time_zone: timeZone, period: { start: periodStart, end: periodEnd }, change_at: changeAt,
    old_items: oldItems.map(item), new_items: newItems.map(item),
  });
}

module.exports = { periodStartingAt, trialEnd, prorate };
