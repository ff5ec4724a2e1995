'use strict';
const { ApiError, invalidState } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { findCustomer, customerNow } = require('../customers/customers');
const { findPlan } = require('../catalog/plans');
const { findCoupon } = require('../catalog/coupons');
const { presentSubscription, scheduleOf } = require('./subscriptions');
const { quantityText } = require('./items');
const { checkPlanFor, checkAddOns, checkQuantity } = require('./checks');
const { catchUpStored } = require('./lifecycle');
const { applyChange, cancellationPhase, save: saveChanges } = require('./change-service');
const { requestedCancelTiming, endedColumns } = require('./cancellation');
const { pendingCancellation, refusePortalOnOperatorCancellation, scheduleColumns } = require('./phases');
const calendar = require('./calendar');
const { storedThresholds } = require('../billing-runs/threshold-settings');
const { assertNotErased } = require('../customers/erasure');

/// Creates a subscription, trialing when the plan (or the request's trial_days) gives a
/// trial. Its periods come from the core, in the customer's billing time zone, starting now by
/// the customer's clock (a test clock's frozen time when the customer has one). With
/// `payment_behavior: "default_incomplete"` (a checkout) a subscription without a trial starts
/// `incomplete` until its first invoice is paid (activation.js), unless its plan allows
/// paying later; it expires after RATECARD_INCOMPLETE_EXPIRY_HOURS. `pinned`: the id and start
/// instant a checkout session quoted ({ id, start }), so the first invoice is the quote.
async function createSubscription(trx, { core, clock, config }, body, pinned = {}) {
  const customer = await findCustomer(trx, body.customer, '/customer');
  assertNotErased(customer, '/customer');
  const plan = await findPlan(trx, body.plan, '/plan');
  checkPlanFor(customer, plan, '/plan');
  if (body.quantity !== undefined) checkQuantity(body.quantity, '/quantity');
  const addOns = await checkAddOns(trx, customer, body.add_ons || []);
  const now = await customerNow(trx, customer, clock);
  const thresholds = await storedThresholds(trx, { core }, { value: body.billing_thresholds, planId: plan.id, planVersion: plan.version, currency: customer.currency });
  const coupon = body.coupon ? await redeemCoupon(trx, customer, body.coupon, now) : null;
  // Billing works in whole seconds: a subscription starts at the second it is created in.
  const start = pinned.start ?? `${toInstant(now).slice(0, 19)}.000Z`;
  const trialDays = body.trial_days ?? plan.trial_days;
  const trialEnd = trialDays > 0 ? calendar.trialEnd(core, { start, days: trialDays, timeZone: customer.timezone }) : null;
  const incomplete = body.payment_behavior === 'default_incomplete' && !trialEnd && !Number(plan.pay_later);
  const base = {
    id: pinned.id ?? newId('sub'), customer_id: customer.id, plan_id: plan.id, plan_version: plan.version, quantity: quantityText(body.quantity ?? '1'),
    status: incomplete ? 'incomplete' : (trialEnd ? 'trialing' : 'active'),
    incomplete_expires_at: incomplete ? addMilliseconds(start, config.incompleteExpiryHours * 60 * 60 * 1000) : null, coupon_id: coupon ? coupon.id : null, add_ons: JSON.stringify(addOns),
    time_zone: customer.timezone, billing_anchor: trialEnd || start, started_at: start,
    trial_start: trialEnd ? start : null, trial_end: trialEnd,
  };
  const period = calendar.periodAt(core, scheduleOf(base, plan), start);
  const row = {
    ...base, current_period_start: period.start, current_period_end: period.end, cancel_at_period_end: 0,
    canceled_at: null, ended_at: null, paused_at: null, pending_prorations: '[]', scheduled_changes: '[]', next_change_at: null, billing_thresholds: thresholds,
    metadata: JSON.stringify(body.metadata || {}), created_at: toInstant(clock.now()), updated_at: toInstant(clock.now()),
  };
  await trx.insertInto('subscriptions').values(row).execute();
  const presented = presentSubscription(row);
  await recordEvent(trx, { type: 'subscription.created', object: presented, customerId: customer.id }, clock.now());
  return presented;
}

/// Cancels now, or schedules the cancellation (body `effective_at`: "now" by default,
/// "period_end", or an RFC 3339 instant; `at_period_end: true` is "period_end") as a pending
/// phase that can be replaced or released, the subscription usable until then (see
/// lifecycle.js, which ends it on time). `prorate` credits the unused rest of the period it ends
/// in (the core's proration with no new items), kept for the next invoice: an operator's
/// decision, never a portal's. Records subscription.canceled now, else subscription.updated.
async function cancel(trx, services, row, body, actor) {
  const { core, clock } = services;
  const request = { effective_at: requestedCancelTiming(body), prorate: body.prorate };
  row = await catchUpStored(trx, core, clock, row);
  if (row.status === 'canceled' || row.status === 'incomplete_expired') throw invalidState(`the subscription is already ${row.status.replace('_', ' ')}`);
  const customer = await findCustomer(trx, row.customer_id);
  const nowText = toInstant(await customerNow(trx, customer, clock));
  const phase = await cancellationPhase(trx, services, row, request, actor, body.at_period_end === undefined ? '/effective_at' : '/at_period_end');
  if (phase) {
    return saveChanges(trx, clock, row, { ...scheduleColumns([...JSON.parse(row.scheduled_changes), phase]), canceled_at: nowText }, 'subscription.updated');
  }
  if (row.status === 'incomplete' && request.prorate) {
    throw new ApiError('INVALID_ARGUMENT', 'an incomplete subscription was never paid: it is canceled now, with nothing to credit', '/prorate');
  }
  const ended = await endedColumns(trx, core, row, { at: nowText, prorate: request.prorate === true });
  return saveChanges(trx, clock, row, { ...ended, canceled_at: nowText }, 'subscription.canceled');
}

/// Updates what may change of a subscription in place: its billing thresholds (checked against
/// its current plan; null removes them) and metadata.
async function update(trx, services, row, body) {
  const { core, clock } = services;
  row = await catchUpStored(trx, core, clock, row);
  if (['canceled', 'incomplete_expired'].includes(row.status)) throw invalidState(`a ${row.status.replace('_', ' ')} subscription cannot change`);
  const changes = {};
  if (body.billing_thresholds !== undefined) {
    const customer = await findCustomer(trx, row.customer_id);
    changes.billing_thresholds = await storedThresholds(trx, services, { value: body.billing_thresholds, planId: row.plan_id, planVersion: row.plan_version, currency: customer.currency });
  }
  if (body.metadata !== undefined) changes.metadata = JSON.stringify(body.metadata);
  return saveChanges(trx, clock, row, changes, 'subscription.updated');
}

/// Withdraws a pending cancellation (the portal's "resume"): releases its phase, and the
/// subscription renews again.
async function reactivate(trx, { core, clock }, row, actor = null) {
  row = await catchUpStored(trx, core, clock, row);
  if (row.status === 'canceled') throw invalidState('the subscription has ended; subscribe anew');
  const phases = JSON.parse(row.scheduled_changes);
  const cancellation = pendingCancellation(phases);
  if (!cancellation) throw invalidState('the subscription is not set to cancel');
  refusePortalOnOperatorCancellation(actor, cancellation);
  return saveChanges(trx, clock, row, scheduleColumns(phases.filter((phase) => phase !== cancellation)), 'subscription.updated');
}

/// Pauses an active or trialing subscription: it keeps its periods, but is not billed.
async function pause(trx, { core, clock }, row) {
  row = await catchUpStored(trx, core, clock, row);
  if (!['active', 'trialing'].includes(row.status)) throw invalidState(`a ${row.status} subscription cannot be paused`);
  const customer = await findCustomer(trx, row.customer_id);
  const nowText = toInstant(await customerNow(trx, customer, clock));
  return saveChanges(trx, clock, row, { status: 'paused', paused_at: nowText }, 'subscription.paused');
}

/// Resumes a paused subscription: back to trialing while its trial runs, else active.
async function resume(trx, { core, clock }, row) {
  row = await catchUpStored(trx, core, clock, row);
  if (row.status !== 'paused') throw invalidState(`only a paused subscription can be resumed; this one is ${row.status}`);
  const customer = await findCustomer(trx, row.customer_id);
  const nowText = toInstant(await customerNow(trx, customer, clock));
  const status = row.trial_end && row.trial_end > nowText ? 'trialing' : 'active';
  return saveChanges(trx, clock, row, { status, paused_at: null }, 'subscription.resumed');
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

module.exports = { createSubscription, applyChange, update, cancel, reactivate, pause, resume };
