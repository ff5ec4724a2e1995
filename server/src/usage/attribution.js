'use strict';
// Where an event counts: its customer (by id or external id), the customer's now (a test
// clock's time for its customers), the subscription that runs at the event's timestamp and
// that subscription's billing period holding it. Everything a batch needs is read up front in
// a few queries.
//
// A subscription whose billing cycle restarted (an interval switch, a billing threshold that
// resets the cycle: its billing_anchor moved) had periods the schedule no longer gives: the
// period the restart cut short ran by the old schedule. An event timestamped before the restart
// counts in the billed period holding it (subscription_billings), so a late event of the cut
// period lands in that period's aggregate, not in one the new schedule would make up.
const { ApiError } = require('../http/errors');
const { toInstant } = require('../time');
const { scheduleOf, cancelAt } = require('../subscriptions/subscriptions');
const calendar = require('../subscriptions/calendar');

/// Reads what attributing a batch's events needs, for the customer references `refs` (ids or
/// external ids), in a few queries (independent ones at once, on PostgreSQL's pool). Returns a
/// BatchContext (see `attribute` and `checkTime`).
async function loadBatchContext(executor, core, clock, refs) {
  const unique = [...new Set(refs)];
  const customers = unique.length
    ? await executor.selectFrom('customers').select(['id', 'external_id', 'test_clock_id'])
      .where((eb) => eb.or([eb('id', 'in', unique), eb('external_id', 'in', unique)])).execute()
    : [];
  const byRef = new Map();
  for (const row of customers) if (row.external_id !== null) byRef.set(row.external_id, row);
  for (const row of customers) byRef.set(row.id, row); // an id wins over an external id

  const customerIds = customers.map((row) => row.id);
  const clockIds = [...new Set(customers.map((row) => row.test_clock_id).filter(Boolean))];
  const [subscriptions, clocks, archive] = await Promise.all([
    customerIds.length
      ? executor.selectFrom('subscriptions').selectAll().where('customer_id', 'in', customerIds).orderBy('started_at').orderBy('id').execute()
      : [],
    clockIds.length ? executor.selectFrom('test_clocks').select(['id', 'frozen_time']).where('id', 'in', clockIds).execute() : [],
    executor.selectFrom('usage_archive').select('archived_before').where('id', '=', 1).executeTakeFirst(),
  ]);
  const planIds = [...new Set(subscriptions.map((row) => row.plan_id))];
  const [plans, charged] = planIds.length ? await Promise.all([
    executor.selectFrom('plans').selectAll().where('id', 'in', planIds).execute(),
    executor.selectFrom('plan_prices').innerJoin('prices', 'prices.id', 'plan_prices.price_id')
      .select(['plan_prices.plan_id as plan_id', 'prices.metric as metric'])
      .where('plan_prices.plan_id', 'in', planIds).where('prices.type', '=', 'usage').execute(),
  ]) : [[], []];

  const restarted = subscriptions.filter((row) => row.billing_anchor && row.billing_anchor !== (row.trial_end || row.started_at));
  const billedBefore = restarted.length
    ? await executor.selectFrom('subscription_billings').innerJoin('subscriptions', 'subscriptions.id', 'subscription_billings.subscription_id')
      .select(['subscription_billings.subscription_id as subscription_id', 'subscription_billings.period_start as start', 'subscription_billings.period_end as end'])
      .where('subscription_billings.subscription_id', 'in', restarted.map((row) => row.id))
      .where('subscription_billings.period_start', 'is not', null)
      .whereRef('subscription_billings.period_start', '<', 'subscriptions.billing_anchor')
      .orderBy('subscription_billings.period_start', 'desc').execute()
    : [];
  const periodsBeforeRestart = new Map(restarted.map((row) => [row.id, []]));
  for (const row of billedBefore) periodsBeforeRestart.get(row.subscription_id).push({ start: row.start, end: row.end });

  const subscriptionsOf = new Map(customerIds.map((id) => [id, []]));
  for (const row of subscriptions) subscriptionsOf.get(row.customer_id).push(row);
  const chargedMetrics = new Map(planIds.map((id) => [id, new Set()]));
  for (const row of charged) chargedMetrics.get(row.plan_id).add(row.metric);
  const frozen = new Map(clocks.map((row) => [row.id, row.frozen_time]));
  return {
    core,
    wallNow: toInstant(clock.now()),
    byRef,
    subscriptionsOf,
    plans: new Map(plans.map((row) => [row.id, row])),
    chargedMetrics,
    frozen,
    archivedBefore: archive ? archive.archived_before : null,
    periodsBeforeRestart,
    periods: new Map(),
  };
}

/// The customer a reference names, or NOT_FOUND at /customer.
function customerOf(context, ref) {
  const customer = context.byRef.get(ref);
  if (!customer) throw new ApiError('NOT_FOUND', `no customer with id or external id "${ref}"`, '/customer');
  return customer;
}

/// Refuses a timestamp too far ahead of the customer's now, older than the lookback limit or
/// the archived months, or before the customer's first subscription (errors at /timestamp).
function checkTime(context, settings, customer, timestamp) {
  const now = nowOf(context, customer);
  const nowMs = Date.parse(now);
  const at = Date.parse(timestamp);
  if (at > nowMs + settings.futureMs) {
    throw new ApiError('EVENT_IN_FUTURE', `is more than ${settings.futureSeconds} seconds after the customer's now (${now})`, '/timestamp');
  }
  if (at < nowMs - settings.lookbackMs) {
    throw new ApiError('EVENT_TOO_OLD', `is more than ${settings.lookbackDays} days before the customer's now (${now}), beyond the lookback limit for late events`, '/timestamp');
  }
  if (context.archivedBefore && timestamp < context.archivedBefore) {
    throw new ApiError('EVENT_TOO_OLD', `is before ${context.archivedBefore}: the events before it are archived`, '/timestamp');
  }
  const subscriptions = context.subscriptionsOf.get(customer.id);
  if (!subscriptions.length) {
    throw new ApiError('EVENT_BEFORE_SUBSCRIPTION', `customer ${customer.id} has no subscription: usage counts from a subscription's start`, '/timestamp');
  }
  const first = subscriptions[0].started_at;
  if (timestamp < first) {
    throw new ApiError('EVENT_BEFORE_SUBSCRIPTION', `is before the customer's first subscription started (${first})`, '/timestamp');
  }
}

/// Where an event counts: { counted: { subscription_id, period_start, period_end }, pastPeriod }
/// (`counted` all null when no subscription of the customer runs at the timestamp; `pastPeriod`
/// when the period has ended by the customer's now, so it may have been invoiced).
/// Among the subscriptions running, one whose plan charges for the metric comes first, then
/// the earliest started.
function attribute(context, customer, metric, timestamp) {
  const running = context.subscriptionsOf.get(customer.id).filter((row) => row.started_at <= timestamp && timestamp < (endOf(row) ?? '9'));
  if (!running.length) return { counted: { subscription_id: null, period_start: null, period_end: null }, pastPeriod: false };
  const charging = running.find((row) => context.chargedMetrics.get(row.plan_id).has(metric));
  const subscription = charging || running[0];
  const period = periodOf(context, subscription, timestamp);
  return {
    counted: { subscription_id: subscription.id, period_start: period.start, period_end: period.end },
    pastPeriod: period.end <= nowOf(context, customer),
  };
}

// The customer's now: its test clock's time, or the wall clock's.
function nowOf(context, customer) {
  return customer.test_clock_id ? context.frozen.get(customer.test_clock_id) : context.wallNow;
}

// When a subscription stops running: its end, or the instant its pending cancellation takes
// effect (the period end, or an instant an operator chose).
function endOf(row) {
  if (row.ended_at) return row.ended_at;
  return cancelAt(row);
}

// The subscription's billing period holding `timestamp`: the stored current period; before a
// restart of its cycle, the latest-starting billed period holding it; or the core's answer for
// another one (kept for the rest of the batch).
function periodOf(context, subscription, timestamp) {
  if (subscription.current_period_start <= timestamp && timestamp < subscription.current_period_end) {
    return { start: subscription.current_period_start, end: subscription.current_period_end };
  }
  if (subscription.billing_anchor && timestamp < subscription.billing_anchor) {
    const billed = (context.periodsBeforeRestart.get(subscription.id) || []).find((period) => period.start <= timestamp && timestamp < period.end);
    if (billed) return billed;
  }
  const known = context.periods.get(subscription.id) || [];
  const found = known.find((period) => period.start <= timestamp && timestamp < period.end);
  if (found) return found;
  const plan = context.plans.get(subscription.plan_id);
  const period = calendar.periodAt(context.core, scheduleOf(subscription, plan), timestamp);
  context.periods.set(subscription.id, [...known, period]);
  return period;
}

module.exports = { loadBatchContext, customerOf, checkTime, attribute };
