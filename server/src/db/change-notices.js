'use strict';
// A transaction may be watched: whoever started it (the audit log, for a request's
// transaction) hears of every object it changes, from the code that writes the change (the
// outbox's recordEvent, the shared update helper), without that code knowing who listens.
// Unwatched transactions (jobs, the seed) cost one WeakMap lookup per change.

const watchers = new WeakMap();

/// Calls `listener(notice)` for every change noticed inside transaction `trx` from now on.
/// A notice is { object, customerId, eventId } and, from the update helper, `before` too.
function watchChanges(trx, listener) {
  watchers.set(trx, listener);
}

/// Whether anyone listens to the changes of `trx` (so a caller may skip preparing a notice).
function isWatched(trx) {
  return watchers.has(trx);
}

/// Tells the watcher of `trx`, if any, of a change made in it.
function noticeChange(trx, notice) {
  const listener = watchers.get(trx);
  if (listener) listener(notice);
}

module.exports = { watchChanges, isWatched, noticeChange };
