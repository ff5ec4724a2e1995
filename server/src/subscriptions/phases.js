'use strict';
// A subscription's pending phases (its `scheduled_changes` column, JSON text): changes and
// cancellations that take effect later, each { id, effective_at, timing, change, created_at }.
// A cancellation's change is { cancel: true } (with `prorate: true` to credit the rest of the
// period it ends in). Phases are kept ordered by when they take effect, a cancellation before
// a change at the same instant: once a cancellation applies, nothing after it does.
const { ApiError, notFound } = require('../http/errors');
const { parseInstant } = require('../time');

const isCancellation = (phase) => phase.change.cancel === true;

/// The pending cancellation among `phases`, or null.
function pendingCancellation(phases) {
  return phases.find(isCancellation) || null;
}

/// An RFC 3339 instant a phase may take effect at, in the stored form: whole seconds, after
/// `now` (stored form). Throws INVALID_ARGUMENT at /effective_at otherwise.
function scheduledInstant(value, now) {
  const at = parseInstant(value);
  if (!at) throw new ApiError('INVALID_ARGUMENT', 'must be "now", "period_end" or an RFC 3339 instant', '/effective_at');
  if (!at.endsWith('.000Z')) throw new ApiError('INVALID_ARGUMENT', 'billing works in whole seconds: no fraction of a second', '/effective_at');
  if (at <= now) throw new ApiError('INVALID_ARGUMENT', `must be after now (${now}); use "now" for a change now`, '/effective_at');
  return at;
}

/// Refuses a portal session (`actor`) touching a cancellation an operator scheduled for an
/// instant: a portal may schedule only cancellations now or at the period end, and may not
/// withdraw, move or replace what it could not have set.
function refusePortalOnOperatorCancellation(actor, phase) {
  if (actor?.kind === 'portal' && phase && isCancellation(phase) && phase.timing === 'instant') {
    throw new ApiError('FORBIDDEN', 'only an operator may withdraw or move a cancellation scheduled for an instant', '');
  }
}

function findPhase(phases, changeId) {
  const phase = phases.find((candidate) => candidate.id === changeId);
  if (!phase) throw notFound('scheduled change', changeId, '');
  return phase;
}

/// The columns of a list of pending phases: the phases in order, the first one's instant, and
/// `cancel_at_period_end` when a cancellation waits for the period end. Without a pending
/// cancellation, `canceled_at` is cleared (a released cancellation leaves no trace).
function scheduleColumns(phases) {
  const ordered = [...phases].sort((a, b) => {
    if (a.effective_at !== b.effective_at) return a.effective_at < b.effective_at ? -1 : 1;
    return Number(isCancellation(b)) - Number(isCancellation(a));
  });
  const cancellation = pendingCancellation(ordered);
  const columns = {
    scheduled_changes: JSON.stringify(ordered), next_change_at: ordered.length ? ordered[0].effective_at : null,
    cancel_at_period_end: cancellation && cancellation.timing === 'period_end' ? 1 : 0,
  };
  if (!cancellation) columns.canceled_at = null;
  return columns;
}

module.exports = { isCancellation, pendingCancellation, refusePortalOnOperatorCancellation, scheduledInstant, findPhase, scheduleColumns };
