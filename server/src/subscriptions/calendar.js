'use strict';
// The only place the server asks about billing dates and prorations; the core answers (ops
// `periods` and `prorate`, docs/core-api.md). The core works at second precision with RFC 3339
// instants; the database keeps instants with milliseconds (src/time.js). These helpers convert
// between the two forms, which changes no instant the core returns.

/// A stored instant in the core's form ("2026-01-31T09:00:00Z"); sub-second parts are dropped.
function coreInstant(stored) {
  return `${stored.slice(0, 19)}Z`;
}

/// An instant from the core in the stored form.
function storedInstant(fromCore) {
  return new Date(fromCore).toISOString();
}

/// The billing schedule of a subscription, as the core reads it.
function schedule({ startedAt, trialEnd, interval, intervalCount, timeZone, anchor = null }) {
  const value = { start: coreInstant(startedAt), interval, interval_count: intervalCount, time_zone: timeZone };
  if (trialEnd) value.trial_end = coreInstant(trialEnd);
  if (anchor) value.billing_anchor = coreInstant(anchor);
  return value;
}

/// The end of a trial of `days` whole days from `start` in the billing zone (same local time).
function trialEnd(core, { start, days, timeZone }) {
  const result = core.run({ op: 'periods', start: coreInstant(start), interval: 'day', interval_count: days, time_zone: timeZone });
  return storedInstant(result.periods[0].end);
}

/// The period of the schedule holding `at` (the trial, or a billing period): { start, end, kind }.
function periodAt(core, scheduleFields, at) {
  const result = core.run({ op: 'periods', ...schedule(scheduleFields), from: coreInstant(at), count: 1 });
  const [period] = result.periods;
  return { start: storedInstant(period.start), end: storedInstant(period.end), kind: period.kind };
}

/// The core's proration of a change at `changeAt`: credits for the unused part of the cycle on
/// `oldItems`, charges for the rest of it on `newItems` (items as subscriptions/items.js makes).
function prorate(core, { currency, scheduleFields, changeAt, behavior, oldItems, newItems }) {
  const item = ({ id, price, quantity }) => ({ id, price: price.pricing, quantity });
  return core.run({
    op: 'prorate', currency, schedule: schedule(scheduleFields), change_at: coreInstant(changeAt), behavior,
    old_items: oldItems.map(item), new_items: newItems.map(item),
  });
}

module.exports = { trialEnd, periodAt, prorate, coreInstant };
