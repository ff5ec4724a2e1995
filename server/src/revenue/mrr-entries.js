'use strict';
const { parseJson } = require('../db/rows');
const { periodItems, storedAddOns } = require('../subscriptions/items');
const { WALL_CLOCK } = require('./scopes');

/// Subscription statuses that hold no revenue now or later: left out of snapshots (a customer
/// whose subscriptions all ended has MRR 0, which the core classifies as churn). `unpaid` (dunning
/// gave up collecting) counts as gone: its customer churns, involuntarily.
const LEFT_OUT = ['canceled', 'incomplete', 'incomplete_expired', 'unpaid'];
/// The core's status for each subscription status that is snapshotted (`past_due` still
/// counts: it is recurring revenue until the subscription is canceled).
const CORE_STATUS = { active: 'active', trialing: 'trialing', paused: 'paused', past_due: 'past_due' };

/// The subscriptions of a scope's customers as the core's `mrr` op reads them: one entry per
/// licensed period item (plan prices and add-ons), its charge for one billing interval at the
/// subscription's quantity priced by the core's `price` op, with the coupon in force.
/// Returns { byCurrency: Map(currency → [entry]), planOf: Map(entry id → plan id) }.
async function mrrEntriesOfScope(executor, core, scope) {
  let query = executor.selectFrom('subscriptions')
    .innerJoin('customers', 'customers.id', 'subscriptions.customer_id')
    .leftJoin('billing_schedules', 'billing_schedules.subscription_id', 'subscriptions.id')
    .selectAll('subscriptions').select('billing_schedules.coupon_periods_applied')
    .where('subscriptions.status', 'not in', LEFT_OUT)
    .orderBy('subscriptions.id');
  query = scope === WALL_CLOCK ? query.where('customers.test_clock_id', 'is', null) : query.where('customers.test_clock_id', '=', scope);
  const byCurrency = new Map();
  const planOf = new Map();
  for (const subscription of await query.execute()) {
    for (const entry of await entriesOfSubscription(executor, core, subscription)) {
      if (!byCurrency.has(entry.currency)) byCurrency.set(entry.currency, []);
      byCurrency.get(entry.currency).push(entry);
      planOf.set(entry.id, subscription.plan_id);
    }
  }
  return { byCurrency, planOf };
}

async function entriesOfSubscription(executor, core, subscription) {
  const items = await periodItems(executor, {
    planId: subscription.plan_id, planVersion: subscription.plan_version, quantity: subscription.quantity, addOns: storedAddOns(subscription),
  });
  const discount = await discountInForce(executor, subscription);
  const entries = [];
  for (const item of items) {
    const { price } = item;
    const charge = core.run({ op: 'price', currency: price.currency, price: price.pricing, quantity: item.quantity });
    const entry = {
      id: `${subscription.id}/${item.id}`, customer: subscription.customer_id, currency: price.currency,
      unit_amount: charge.amount, interval: price.interval, interval_count: price.interval_count || 1,
      status: CORE_STATUS[subscription.status] || 'active',
    };
    const itemDiscount = discount && discount.of(item);
    if (itemDiscount) entry.discount = itemDiscount;
    entries.push(entry);
  }
  return entries;
}

/// The subscription's coupon if it still applies to its next period (MRR is what the customer
/// is committed to pay): `forever`, or `once`/`repeating` with periods left. A percentage
/// applies to every item it covers; an amount off (per billing interval) to the first one.
async function discountInForce(executor, subscription) {
  if (!subscription.coupon_id) return null;
  const coupon = await executor.selectFrom('coupons').selectAll().where('id', '=', subscription.coupon_id).executeTakeFirst();
  if (!coupon) return null;
  const applied = Number(subscription.coupon_periods_applied || 0);
  const periods = coupon.duration === 'once' ? 1 : coupon.duration === 'repeating' ? Number(coupon.duration_in_periods) : Infinity;
  if (applied >= periods) return null;
  const targets = parseJson(coupon.applies_to) || [];
  const covers = (item) => !targets.length || targets.includes(subscription.plan_id) || targets.some((priceId) => item.id === `price:${priceId}`);
  let amountUsed = false;
  return {
    of(item) {
      if (!covers(item)) return null;
      if (coupon.percent_off !== null) return { percent_off: coupon.percent_off };
      if (amountUsed || coupon.currency !== item.price.currency) return null;
      amountUsed = true;
      return { amount_off: coupon.amount_off };
    },
  };
}

module.exports = { mrrEntriesOfScope };
