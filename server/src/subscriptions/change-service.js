'use strict';
const { ApiError, invalidState } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { findCustomer, customerNow } = require('../customers/customers');
const { findPlan } = require('../catalog/plans');
const { authorizePortalTiming, authorizePortalCancel } = require('../catalog/portal-policy');
const { presentSubscription } = require('./subscriptions');
const { computeChange, changedColumns, changeOf } = require('./change');
const { catchUpStored, caughtUpView } = require('./lifecycle');
const { prorationDate } = require('./proration-date');
const { isCancellation, pendingCancellation, refusePortalOnOperatorCancellation, scheduledInstant, findPhase, scheduleColumns } = require('./phases');

/// How many changes a subscription may have pending.
const MAX_SCHEDULED_CHANGES = 10;

/// What a change would do, writing nothing: { after, proration, effective_at }. A change that
/// takes effect later is shown as it will be applied then (at the period end nothing is
/// prorated). A subscription whose period has ended is caught up in memory only. `actor` is the
/// request's principal: a portal session may preview only what its plan's portal policy allows.
async function previewChange(executor, services, row, body, actor) {
  const view = await caughtUpView(executor, services.core, services.clock, row);
  const { now, change, computed, timing } = await decide(executor, services, view, body, actor);
  if (!timing) return { after: computed.after, proration: computed.proration, effectiveAt: toInstant(now) };
  const later = await computeChange(executor, services, view, change, { changeAt: timing.at, behavior: phaseBehavior(timing, change), actor });
  return { after: later.after, proration: later.proration, effectiveAt: timing.at };
}

/// Changes the plan, quantity or add-ons now, or schedules the change for the period end or an
/// instant (body `effective_at`: "now", "period_end" or an RFC 3339 instant). Left out, a
/// downgrade waits for the period end when the current plan's `downgrade_timing` says so and
/// everything else applies now, prorated. Records subscription.updated.
async function changeSubscription(trx, services, row, body, actor) {
  const current = await catchUpStored(trx, services.core, services.clock, row);
  const { change, computed, timing } = await decide(trx, services, current, body, actor);
  if (!timing) return save(trx, services.clock, current, withPeriodEndPhasesMoved(current, changedColumns(computed.after)), 'subscription.updated');
  const phases = JSON.parse(current.scheduled_changes);
  const taken = phases.find((phase) => phase.effective_at === timing.at);
  if (taken) throw new ApiError('CONFLICT', `change ${taken.id} is already scheduled for ${timing.at}: replace it or release it`, '/effective_at');
  if (phases.length >= MAX_SCHEDULED_CHANGES) throw invalidState(`a subscription may have at most ${MAX_SCHEDULED_CHANGES} scheduled changes`);
  const phase = { id: newId('sch'), effective_at: timing.at, timing: timing.timing, change: storedChange(change, computed.after), created_at: toInstant(services.clock.now()) };
  return save(trx, services.clock, current, scheduleColumns([...phases, phase]), 'subscription.updated');
}

/// Applies a change now, prorated unless `change.proration_behavior` says none, whatever the
/// plan's downgrade timing: for other domains acting on the operator's behalf (provisioning's
/// orders and their compensation). Records subscription.updated.
function applyChange(trx, services, row, change) {
  return changeSubscription(trx, services, row, { ...change, effective_at: 'now' }, null);
}

/// Replaces a pending change by the change `body` describes, at the same time unless the body
/// says another (never "now": release it and change instead). A pending cancellation is
/// replaced the same way: by a change (the cancellation is withdrawn), or, when the body says
/// only `effective_at`, by the cancellation at that time. Records subscription.updated.
async function replaceScheduledChange(trx, services, row, changeId, body, actor) {
  const current = await catchUpStored(trx, services.core, services.clock, row);
  const phases = JSON.parse(current.scheduled_changes);
  const replaced = findPhase(phases, changeId);
  refusePortalOnOperatorCancellation(actor, replaced);
  const effective = body.effective_at ?? (replaced.timing === 'period_end' ? 'period_end' : replaced.effective_at);
  if (effective === 'now') throw new ApiError('INVALID_ARGUMENT', 'a scheduled change is replaced by another scheduled change; release it and change now instead', '/effective_at');
  const others = phases.filter((phase) => phase.id !== changeId);
  const rest = { ...current, scheduled_changes: JSON.stringify(others) };
  if (isCancellation(replaced) && Object.keys(body).every((field) => field === 'effective_at')) {
    const moved = await cancellationPhase(trx, services, rest, { effective_at: effective, prorate: replaced.change.prorate }, actor);
    return save(trx, services.clock, current, scheduleColumns([...others, { ...moved, id: replaced.id, created_at: replaced.created_at }]), 'subscription.updated');
  }
  const { change, computed, timing } = await decide(trx, services, rest, { ...body, effective_at: effective }, actor);
  const taken = others.find((phase) => phase.effective_at === timing.at);
  if (taken) throw new ApiError('CONFLICT', `change ${taken.id} is already scheduled for ${timing.at}`, '/effective_at');
  const phase = { ...replaced, effective_at: timing.at, timing: timing.timing, change: storedChange(change, computed.after) };
  return save(trx, services.clock, current, scheduleColumns([...others, phase]), 'subscription.updated');
}

/// The phase of a cancellation (body { effective_at: "period_end" or an instant, prorate }) on
/// `row` (caught up), checked: the subscription can still end later, it has no other pending
/// cancellation, and a portal schedules only what its plan's policy allows. Null for a
/// cancellation now. `timingPath`: the field the request said when in (for errors).
async function cancellationPhase(executor, services, row, body, actor, timingPath = '/effective_at') {
  const allowed = actor?.kind === 'portal' ? authorizePortalCancel(body, await findPlan(executor, row.plan_id), timingPath) : body;
  const { effective_at: effective = 'now', prorate = false } = allowed;
  if (effective === 'now') return null;
  if (row.status === 'incomplete') {
    throw new ApiError('INVALID_ARGUMENT', 'an incomplete subscription was never paid: it is canceled now, with nothing to credit', timingPath);
  }
  if (effective === 'period_end' && prorate) throw new ApiError('INVALID_ARGUMENT', 'a cancellation at period end leaves nothing unused to credit', '/prorate');
  const pending = pendingCancellation(JSON.parse(row.scheduled_changes));
  if (pending) throw invalidState(`the subscription already cancels at ${pending.effective_at} (scheduled change ${pending.id}): replace it or release it`);
  const customer = await findCustomer(executor, row.customer_id);
  const now = toInstant(await customerNow(executor, customer, services.clock));
  const at = effective === 'period_end' ? row.current_period_end : scheduledInstant(effective, now);
  return {
    id: newId('sch'), effective_at: at, timing: effective === 'period_end' ? 'period_end' : 'instant',
    change: prorate ? { cancel: true, prorate: true } : { cancel: true }, created_at: toInstant(services.clock.now()),
  };
}

/// Releases (drops) a pending change or cancellation: the subscription goes on as it is.
/// Records subscription.updated. `actor` is the request's principal.
async function releaseScheduledChange(trx, services, row, changeId, actor = null) {
  const current = await catchUpStored(trx, services.core, services.clock, row);
  const phases = JSON.parse(current.scheduled_changes);
  refusePortalOnOperatorCancellation(actor, findPhase(phases, changeId));
  return save(trx, services.clock, current, scheduleColumns(phases.filter((phase) => phase.id !== changeId)), 'subscription.updated');
}

// The change a body asks for, computed now, and when it takes effect: timing null for now,
// else { at, timing }.
async function decide(executor, services, row, body, actor) {
  const change = changeOf(body);
  if (!['plan', 'quantity', 'add_ons'].some((field) => change[field] !== undefined)) {
    throw new ApiError('MISSING_FIELD', 'name what changes: plan, quantity or add_ons', '');
  }
  const customer = await findCustomer(executor, row.customer_id);
  const now = await customerNow(executor, customer, services.clock);
  // `proration_date`: prorate at the instant a preview showed (proration-date.js), not now.
  const changeAt = body.proration_date === undefined ? now : new Date(prorationDate(body.proration_date, now, row));
  const computed = await computeChange(executor, services, row, change,
    { changeAt, behavior: change.proration_behavior || 'create_prorations', actor });
  const plan = await findPlan(executor, row.plan_id);
  const nowText = toInstant(now);
  const downgrade = computed.direction === 'downgrade' && !inTrial(row, nowText);
  const requested = actor?.kind === 'portal' ? authorizePortalTiming({ currentPlan: plan, requested: body.effective_at, downgrade }) : body.effective_at;
  const timing = resolveTiming({ requested, row, plan, downgrade, now: nowText });
  return { now, change, computed, timing };
}

const inTrial = (row, now) => row.trial_end !== null && now < row.trial_end;

/// When a change takes effect: null for now, or { at, timing }.
function resolveTiming({ requested, row, plan, downgrade, now }) {
  const effective = requested ?? (downgrade && plan.downgrade_timing === 'period_end' ? 'period_end' : 'now');
  if (effective === 'now') return null;
  const cancellation = pendingCancellation(JSON.parse(row.scheduled_changes));
  const at = effective === 'period_end' ? row.current_period_end : scheduledInstant(effective, now);
  if (cancellation && at >= cancellation.effective_at) {
    throw invalidState(`the subscription ends at ${cancellation.effective_at}; nothing can change then or after it`);
  }
  if (effective === 'period_end') return { at, timing: 'period_end' };
  return { at, timing: 'instant' };
}

// A change at the period end starts the next period with the new items: nothing is prorated.
function phaseBehavior({ timing }, change) {
  return timing === 'period_end' ? 'none' : (change.proration_behavior || 'create_prorations');
}

// The change as stored in a phase: the checked and normalized values.
function storedChange(change, after) {
  const stored = {};
  if (change.plan !== undefined) stored.plan = after.plan_id;
  if (change.quantity !== undefined) stored.quantity = after.quantity;
  if (change.add_ons !== undefined) stored.add_ons = JSON.parse(after.add_ons);
  if (change.proration_behavior !== undefined) stored.proration_behavior = change.proration_behavior;
  return stored;
}

// A change now that restarts the cycle (an interval switch) moves the period end: the phases
// waiting for the period end (a cancellation, a downgrade) wait for the new one, as they were
// asked to, instead of taking effect inside the new period at the old end.
function withPeriodEndPhasesMoved(row, columns) {
  if (columns.current_period_end === row.current_period_end) return columns;
  const phases = JSON.parse(row.scheduled_changes)
    .map((phase) => (phase.timing === 'period_end' ? { ...phase, effective_at: columns.current_period_end } : phase));
  return { ...columns, ...scheduleColumns(phases) };
}

async function save(trx, clock, row, changes, eventType) {
  const next = { ...row, ...changes, updated_at: toInstant(clock.now()) };
  await trx.updateTable('subscriptions').set({ ...changes, updated_at: next.updated_at }).where('id', '=', row.id).execute();
  const presented = presentSubscription(next);
  await recordEvent(trx, { type: eventType, object: presented, customerId: row.customer_id }, clock.now());
  return presented;
}

module.exports = { previewChange, changeSubscription, applyChange, replaceScheduledChange, releaseScheduledChange, cancellationPhase, save };
