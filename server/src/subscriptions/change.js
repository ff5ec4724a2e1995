'use strict';
const { invalidState } = require('../http/errors');
const { toInstant } = require('../time');
const { findCustomer } = require('../customers/customers');
const { findPlan } = require('../catalog/plans');
const { authorizePortalChange } = require('../catalog/portal-policy');
const { scheduleOf } = require('./subscriptions');
const { periodItems, storedAddOns, quantityText } = require('./items');
const { checkPlanFor, checkAddOns, checkQuantity } = require('./checks');
const calendar = require('./calendar');

/// Statuses a subscription can no longer change from.
const ENDED_STATUSES = ['canceled', 'incomplete_expired'];

/// The fields of a change request that describe the change itself.
const CHANGE_FIELDS = ['plan', 'quantity', 'add_ons', 'proration_behavior'];

/// What the change `change` ({plan, quantity, add_ons, proration_behavior}) does to `row` at
/// `changeAt` (an instant in the stored form, not before the row's current period), reading
/// only. Returns { after, proration, direction, switchesInterval }: the row after the change
/// (with the core's proration lines added to pending_prorations), the core's prorate result,
/// and whether the change is an upgrade, a downgrade or neither by the core's comparison of
/// the old and new cycle charges.
///
/// A plan with another billing interval restarts the billing cycle at `changeAt`: the unused
/// part of the old cycle is credited (the core's prorate of the old items against nothing) and
/// the first cycle of the new interval starts at the change. During a trial nothing is
/// prorated and the new interval applies from the trial end.
///
/// `behavior` is the core's prorate behavior; `actor` the request's principal (a portal session
/// may change only what its plan's portal policy allows); `applying` is true when a scheduled
/// change is applied: its references were checked when it was scheduled, so a plan or add-on
/// archived since then does not stop it.
async function computeChange(trx, { core }, row, change, { changeAt, behavior, actor = null, applying = false }) {
  if (ENDED_STATUSES.includes(row.status)) throw invalidState(`the subscription is ${row.status.replace('_', ' ')}`);
  if (row.status === 'incomplete') throw invalidState('an incomplete subscription changes once its first invoice is paid (or cancel it)');
  const customer = await findCustomer(trx, row.customer_id);
  const current = await findPlan(trx, row.plan_id);
  const target = change.plan !== undefined ? await findPlan(trx, change.plan, '/plan') : current;
  if (actor?.kind === 'portal') authorizePortalChange({ subscription: row, currentPlan: current, targetPlan: target, body: change });
  if (change.quantity !== undefined) checkQuantity(change.quantity, '/quantity');
  const after = { ...row };
  if (change.plan !== undefined) {
    if (!applying) checkPlanFor(customer, target, '/plan');
    after.plan_id = target.id;
  }
  if (change.plan !== undefined) after.plan_version = target.version;
  if (change.plan_version !== undefined) after.plan_version = change.plan_version; // a price migration
  if (change.quantity !== undefined) after.quantity = quantityText(change.quantity);
  if (change.add_ons !== undefined) {
    after.add_ons = JSON.stringify(applying ? change.add_ons : await checkAddOns(trx, customer, change.add_ons));
  }

  const at = toInstant(new Date(changeAt));
  const base = { currency: customer.currency, scheduleFields: scheduleOf(row, current), changeAt: at };
  const oldItems = await periodItems(trx, { planId: row.plan_id, planVersion: row.plan_version, quantity: row.quantity, addOns: storedAddOns(row) });
  const newItems = await periodItems(trx, { planId: after.plan_id, planVersion: after.plan_version, quantity: after.quantity, addOns: storedAddOns(after) });
  const switchesInterval = target.interval !== current.interval || target.interval_count !== current.interval_count;
  const inTrial = row.trial_end !== null && at < row.trial_end;
  let proration;
  let direction;
  if (switchesInterval && !inTrial) {
    direction = calendar.prorate(core, { ...base, behavior: 'none', oldItems, newItems }).direction;
    proration = calendar.prorate(core, { ...base, behavior, oldItems, newItems: [] });
    after.billing_anchor = `${at.slice(0, 19)}.000Z`;
    const period = calendar.periodAt(core, scheduleOf(after, target), after.billing_anchor);
    after.current_period_start = period.start;
    after.current_period_end = period.end;
  } else {
    proration = calendar.prorate(core, { ...base, behavior, oldItems, newItems });
    direction = proration.direction;
  }
  after.pending_prorations = JSON.stringify([...JSON.parse(row.pending_prorations), ...proration.lines]);
  return { after, proration, direction, switchesInterval };
}

/// The columns a change writes.
function changedColumns(after) {
  return {
    plan_id: after.plan_id, plan_version: after.plan_version, quantity: after.quantity, add_ons: after.add_ons, pending_prorations: after.pending_prorations,
    billing_anchor: after.billing_anchor, current_period_start: after.current_period_start, current_period_end: after.current_period_end,
  };
}

/// The change fields of a request body (those of CHANGE_FIELDS it sends).
function changeOf(body) {
  return Object.fromEntries(CHANGE_FIELDS.filter((field) => body[field] !== undefined).map((field) => [field, body[field]]));
}

module.exports = { computeChange, changedColumns, changeOf, ENDED_STATUSES };
