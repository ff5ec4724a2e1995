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
// Pieces of work watched now. While there is none, the async context is not tracked: on
// Node 20 tracking it hooks the creation of every promise and async resource of the process,
// about 7 % of the time of a read (an entitlement check) that no one watches.
let watchedWork = 0;

/// Calls `listener(notice)` for every change noticed inside transaction `trx` from now on.
/// A notice is { object, customerId, eventId } and, from the update helper, `before` too.
function watchChanges(trx, listener) {
  watchers.set(trx, listener);
}

/// Runs `work()` with `listener(notice)` hearing of the changes of every transaction that
/// `work` starts (synchronously or asynchronously) and that is not watched itself. Notices
/// come as the code writes, before its transaction commits (or rolls back). The caller calls
/// watchedWorkEnded() once the work is over (changes made after that may go unheard).
function watchChangesWithin(listener, work) {
  watchedWork += 1;
  return workWatchers.run(listener, work);
}

/// Marks the end of a piece of work watchChangesWithin ran; with none left, the async context
/// stops being tracked until the next.
function watchedWorkEnded() {
  watchedWork -= 1;
  if (watchedWork === 0) workWatchers.disable();
}

/// How many pieces of work are watched now: while none is, the async context is not tracked.
function watchedWorkCount() {
  return watchedWork;
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

module.exports = { watchChanges, watchChangesWithin, watchedWorkEnded, watchedWorkCount, isWatched, noticeChange };
