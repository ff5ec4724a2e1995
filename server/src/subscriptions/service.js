'use strict';
const { ApiError, invalidState } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { findCustomer, customerNow } = require('../customers/customers');
const { findPlan } = require('../catalog/plans');
const { authorizePortalChange, authorizePortalCancel, isZero } = require('../catalog/portal-policy');
const { findAddOn } = require('../catalog/add-ons');
const { findCoupon } = require('../catalog/coupons');
const { findPrice } = require('../catalog/prices');
const { presentSubscription, scheduleOf } = require('./subscriptions');
const { periodItems, storedAddOns, quantityText } = require('./items');
const { catchUpStored, caughtUpView } = require('./lifecycle');
const calendar = require('./calendar');
const { prorationDate } = require('./proration-date');

/// Creates a subscription, trialing when the plan (or the request's trial_days) gives a
/// trial. Its periods come from the core, in the customer's billing time zone, starting now by
/// the customer's clock (a test clock's frozen time when the customer has one). `pinned`: the id
/// and start instant a checkout session quoted ({ id, start }), so the first invoice is the quote.
async function createSubscription(trx, { core, clock }, body, pinned = {}) {
  const customer = await findCustomer(trx, body.customer, '/customer');
  const plan = await findPlan(trx, body.plan, '/plan');
  checkPlanFor(customer, plan, '/plan');
  if (body.quantity !== undefined) checkQuantity(body.quantity, '/quantity');
  const addOns = await checkAddOns(trx, customer, body.add_ons || []);
  const now = await customerNow(trx, customer, clock);
  const coupon = body.coupon ? await redeemCoupon(trx, customer, body.coupon, now) : null;
  // Billing works in whole seconds: a subscription starts at the second it is created in.
  const start = pinned.start ?? `${toInstant(now).slice(0, 19)}.000Z`;
  const trialDays = body.trial_days ?? plan.trial_days;
  const trialEnd = trialDays > 0 ? calendar.trialEnd(core, { start, days: trialDays, timeZone: customer.timezone }) : null;
  const base = {
    id: pinned.id ?? newId('sub'), customer_id: customer.id, plan_id: plan.id, quantity: quantityText(body.quantity ?? '1'),
    status: trialEnd ? 'trialing' : 'active', coupon_id: coupon ? coupon.id : null, add_ons: JSON.stringify(addOns),
    time_zone: customer.timezone, billing_anchor: trialEnd || start, started_at: start,
    trial_start: trialEnd ? start : null, trial_end: trialEnd,
  };
  const period = calendar.periodAt(core, scheduleOf(base, plan), start);
  const row = {
    ...base, current_period_start: period.start, current_period_end: period.end, cancel_at_period_end: 0,
    canceled_at: null, ended_at: null, paused_at: null, pending_prorations: '[]',
    metadata: JSON.stringify(body.metadata || {}), created_at: toInstant(clock.now()), updated_at: toInstant(clock.now()),
  };
  await trx.insertInto('subscriptions').values(row).execute();
  const presented = presentSubscription(row);
  await recordEvent(trx, { type: 'subscription.created', object: presented, customerId: customer.id }, clock.now());
  return presented;
}

/// What a plan, quantity or add-on change would do now: the subscription after the change and
/// the core's proration (credit for the unused part of the old items, charge for the rest of
/// the period on the new ones). Writes nothing: a subscription whose period has ended is caught
/// up in memory only (renewals are stored by the catch-up job or the next change). `actor` is
/// the request's principal: a portal session may preview only what its plan's portal policy
/// lets it do (catalog/portal-policy.js).
async function previewChange(executor, services, row, body, actor) {
  return computeChange(executor, services, await caughtUpView(executor, services.core, services.clock, row), body, actor);
}

// The change of `body` on `row`, already caught up to now; reads only.
async function computeChange(trx, { core, clock }, row, body, actor) {
  if (row.status === 'canceled') throw invalidState('the subscription is canceled');
  const customer = await findCustomer(trx, row.customer_id);
  const now = await customerNow(trx, customer, clock);
  const current = await findPlan(trx, row.plan_id);
  const target = body.plan !== undefined ? await findPlan(trx, body.plan, '/plan') : current;
  if (actor?.kind === 'portal') authorizePortalChange({ subscription: row, currentPlan: current, targetPlan: target, body });
  if (body.quantity !== undefined) checkQuantity(body.quantity, '/quantity');
  const after = { ...row };
  if (body.plan !== undefined) {
    checkPlanFor(customer, target, '/plan');
    if (target.interval !== current.interval || target.interval_count !== current.interval_count) {
      throw new ApiError('INVALID_ARGUMENT',
        `plan ${target.id} bills every ${target.interval_count} ${target.interval}, the subscription every ${current.interval_count} ${current.interval}; cancel and subscribe anew to change the billing interval`, '/plan');
    }
    after.plan_id = target.id;
  }
  if (body.quantity !== undefined) after.quantity = quantityText(body.quantity);
  if (body.add_ons !== undefined) after.add_ons = JSON.stringify(await checkAddOns(trx, customer, body.add_ons));

  // The core decides what is prorated: nothing during a trial, nothing with behavior none.
  const behavior = body.proration_behavior || 'create_prorations';
  const changeAt = body.proration_date === undefined ? toInstant(now) : prorationDate(body.proration_date, now, row);
  const proration = calendar.prorate(core, {
    currency: customer.currency, scheduleFields: scheduleOf(row, current), changeAt, behavior,
    oldItems: await periodItems(trx, { planId: row.plan_id, quantity: row.quantity, addOns: storedAddOns(row) }),
    newItems: await periodItems(trx, { planId: after.plan_id, quantity: after.quantity, addOns: storedAddOns(after) }),
  });
  after.pending_prorations = JSON.stringify([...JSON.parse(row.pending_prorations), ...proration.lines]);
  return { row, after, proration, behavior };
}

/// Applies a change previewChange describes, records subscription.updated and returns it.
async function applyChange(trx, services, row, body, actor) {
  const caughtUp = await catchUpStored(trx, services.core, services.clock, row);
  const { after } = await computeChange(trx, services, caughtUp, body, actor);
  after.updated_at = toInstant(services.clock.now());
  await trx.updateTable('subscriptions').set({
    plan_id: after.plan_id, quantity: after.quantity, add_ons: after.add_ons,
    pending_prorations: after.pending_prorations, updated_at: after.updated_at,
  }).where('id', '=', row.id).execute();
  const presented = presentSubscription(after);
  await recordEvent(trx, { type: 'subscription.updated', object: presented, customerId: row.customer_id }, services.clock.now());
  return presented;
}

/// Cancels now, or at the end of the current period (the subscription stays usable until then).
/// Canceling now with `prorate` credits the unused rest of the period (the core's proration with
/// no new items), kept for the next invoice: an operator's decision, never a portal's.
async function cancel(trx, { core, clock }, row, body, actor) {
  if (actor?.kind === 'portal') authorizePortalCancel(body);
  const { at_period_end: atPeriodEnd = false, prorate = false } = body;
  row = await catchUpStored(trx, core, clock, row);
  if (row.status === 'canceled') throw invalidState('the subscription is already canceled');
  if (atPeriodEnd && Number(row.cancel_at_period_end) === 1) throw invalidState('the subscription already cancels at the end of the period');
  if (atPeriodEnd && prorate) throw new ApiError('INVALID_ARGUMENT', 'a cancellation at period end leaves nothing unused to credit', '/prorate');
  const customer = await findCustomer(trx, row.customer_id);
  const nowText = toInstant(await customerNow(trx, customer, clock));
  if (atPeriodEnd) {
    return saveTransition(trx, clock, row, { cancel_at_period_end: 1, canceled_at: nowText }, 'subscription.updated');
  }
  const changes = { status: 'canceled', canceled_at: nowText, ended_at: nowText, cancel_at_period_end: 0 };
  if (prorate) {
    const plan = await findPlan(trx, row.plan_id);
    const proration = calendar.prorate(core, {
      currency: customer.currency, scheduleFields: scheduleOf(row, plan), changeAt: nowText, behavior: 'create_prorations',
      oldItems: await periodItems(trx, { planId: row.plan_id, quantity: row.quantity, addOns: storedAddOns(row) }),
      newItems: [],
    });
    changes.pending_prorations = JSON.stringify([...JSON.parse(row.pending_prorations), ...proration.lines]);
  }
  return saveTransition(trx, clock, row, changes, 'subscription.canceled');
}

/// Withdraws a cancellation scheduled for the end of the period (the portal's "resume").
async function reactivate(trx, { core, clock }, row) {
  row = await catchUpStored(trx, core, clock, row);
  if (row.status === 'canceled') throw invalidState('the subscription has ended; subscribe anew');
  if (Number(row.cancel_at_period_end) !== 1) throw invalidState('the subscription is not set to cancel');
  return saveTransition(trx, clock, row, { cancel_at_period_end: 0, canceled_at: null }, 'subscription.updated');
}

/// Pauses an active or trialing subscription: it keeps its periods, but is not billed.
async function pause(trx, { core, clock }, row) {
  row = await catchUpStored(trx, core, clock, row);
  if (!['active', 'trialing'].includes(row.status)) throw invalidState(`a ${row.status} subscription cannot be paused`);
  const customer = await findCustomer(trx, row.customer_id);
  const nowText = toInstant(await customerNow(trx, customer, clock));
  return saveTransition(trx, clock, row, { status: 'paused', paused_at: nowText }, 'subscription.paused');
}

/// Resumes a paused subscription: back to trialing while its trial runs, else active.
async function resume(trx, { core, clock }, row) {
  row = await catchUpStored(trx, core, clock, row);
  if (row.status !== 'paused') throw invalidState(`only a paused subscription can be resumed; this one is ${row.status}`);
  const customer = await findCustomer(trx, row.customer_id);
  const nowText = toInstant(await customerNow(trx, customer, clock));
  const status = row.trial_end && row.trial_end > nowText ? 'trialing' : 'active';
  return saveTransition(trx, clock, row, { status, paused_at: null }, 'subscription.resumed');
}

async function saveTransition(trx, clock, row, changes, eventType) {
  const next = { ...row, ...changes, updated_at: toInstant(clock.now()) };
  await trx.updateTable('subscriptions').set({ ...changes, updated_at: next.updated_at }).where('id', '=', row.id).execute();
  const presented = presentSubscription(next);
  await recordEvent(trx, { type: eventType, object: presented, customerId: row.customer_id }, clock.now());
  return presented;
}

function checkPlanFor(customer, plan, path) {
  if (!Number(plan.active)) throw new ApiError('INVALID_ARGUMENT', `plan ${plan.id} is archived`, path);
  if (plan.currency !== customer.currency) {
    throw new ApiError('INVALID_ARGUMENT', `plan ${plan.id} is in ${plan.currency}, the customer pays in ${customer.currency}`, path);
  }
}

async function checkAddOns(trx, customer, requested) {
  const seen = new Set();
  const addOns = [];
  for (const [index, item] of requested.entries()) {
    const path = `/add_ons/${index}/add_on`;
    const addOn = await findAddOn(trx, item.add_on, path);
    if (seen.has(addOn.id)) throw new ApiError('INVALID_ARGUMENT', `add-on ${addOn.id} is listed twice`, path);
    seen.add(addOn.id);
    if (!Number(addOn.active)) throw new ApiError('INVALID_ARGUMENT', `add-on ${addOn.id} is archived`, path);
    const price = await findPrice(trx, addOn.price_id);
    if (price.currency !== customer.currency) {
      throw new ApiError('INVALID_ARGUMENT', `add-on ${addOn.id} is priced in ${price.currency}, the customer pays in ${customer.currency}`, path);
    }
    if (item.quantity !== undefined) checkQuantity(item.quantity, `/add_ons/${index}/quantity`);
    addOns.push({ add_on: addOn.id, quantity: quantityText(item.quantity ?? '1') });
  }
  return addOns;
}

// A subscription's quantities are positive: ending one is a cancellation, removing an add-on
// is leaving it out.
function checkQuantity(quantity, path) {
  if (isZero(quantity)) throw new ApiError('INVALID_ARGUMENT', 'must be greater than 0 (cancel the subscription, or leave the add-on out, instead)', path);
}

async function redeemCoupon(trx, customer, couponId, now) {
  const coupon = await findCoupon(trx, couponId, '/coupon');
  const refuse = (why) => new ApiError('INVALID_ARGUMENT', `coupon ${coupon.code} ${why}`, '/coupon');
  if (!Number(coupon.active)) throw refuse('is archived');
  if (coupon.redeem_by && coupon.redeem_by <= toInstant(now)) throw refuse(`could be redeemed until ${coupon.redeem_by}`);
  if (coupon.amount_off !== null && coupon.currency !== customer.currency) throw refuse(`is in ${coupon.currency}, the customer pays in ${customer.currency}`);
  const redeemed = await trx.updateTable('coupons').set((eb) => ({ times_redeemed: eb('times_redeemed', '+', 1) }))
    .where('id', '=', coupon.id)
    .where((eb) => eb.or([eb('max_redemptions', 'is', null), eb('times_redeemed', '<', eb.ref('max_redemptions'))]))
    .executeTakeFirst();
  if (Number(redeemed.numUpdatedRows) !== 1) throw refuse(`has reached its ${coupon.max_redemptions} redemptions`);
  return coupon;
}

module.exports = { createSubscription, previewChange, applyChange, cancel, reactivate, pause, resume };
