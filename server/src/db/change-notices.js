'use strict';
const { AsyncLocalStorage } = require('node:async_hooks');

// A transaction may be watched: whoever started it (the audit log, for a request's
// transaction) hears of every object it changes, from the code that writes the change (the
// outbox's recordEvent, the shared update helper), without that code knowing who listens.
// A piece of work may be watched as a whole too (a request whose handler runs its own
// transactions): it hears of the changes of every transaction inside it not watched itself.
// Changes nobody watches (jobs, the seed) cost two lookups each.

const watchers = new WeakMap();
const workWatchers = new AsyncLocalStorage();

/// Calls `listener(notice)` for every change noticed inside transaction `trx` from now on.
/// A notice is { object, customerId, eventId } and, from the update helper, `before` too.
function watchChanges(trx, listener) {
  watchers.set(trx, listener);
}

/// Runs `work()` with `listener(notice)` hearing of the changes of every transaction that
/// `work` starts (synchronously or asynchronously) and that is not watched itself. Notices
/// come as the code writes, before its transaction commits (or rolls back).
function watchChangesWithin(listener, work) {
  return workWatchers.run(listener, work);
}

/// Whether anyone listens to the changes of `trx` (so a caller may skip preparing a notice).
function isWatched(trx) {
  return watchers.has(trx) || workWatchers.getStore() !== undefined;
}

/// Tells the watcher of `trx`, if any, of a change made in it.
function noticeChange(trx, notice) {
  const listener = watchers.get(trx) || workWatchers.getStore();
  if (listener) listener(notice);
}

module.exports = { watchChanges, watchChangesWithin, isWatched, noticeChange };
