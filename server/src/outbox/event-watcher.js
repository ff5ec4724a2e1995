'use strict';
const { sql } = require('kysely');
const { addMilliseconds } = require('../time');

/// How often each process reads new outbox events.
const DEFAULT_POLL_MS = 100;
/// How far back a full read looks: a transaction that commits later than this after writing its
/// event is not seen by the watcher (the caches' lifetimes still end a stale entry).
const LOOKBACK_MS = 10 * 1000;
/// How far back the reads in between look. Under load, a full read every poll re-read ten
/// seconds of events (thousands of rows, ten times a second, in every process) to find a few
/// new ones; almost every transaction commits within a second of writing its event.
const RECENT_MS = 1000;
/// Every this many reads, one is a full read (once a second at the default poll interval).
const FULL_READ_EVERY = 10;

/// Keeps this process's in-memory caches (entitlement contexts, authenticated API keys) in line
/// with changes made by any process: every `pollMs` it reads the outbox events written since its
/// last read, as they commit, and hands each new one ({ id, type, customer_id, object_id,
/// created_at }) to every subscriber. Events commit out of order across processes, so each read
/// looks RECENT_MS behind the newest event it saw, every FULL_READ_EVERY-th read LOOKBACK_MS,
/// and skips the ids it has handled.
class EventWatcher {
  constructor({ db, logger, pollMs = DEFAULT_POLL_MS }) {
    Object.assign(this, { db, logger, pollMs });
    this.subscribers = [];
    this.seen = new Map();
    this.newest = null;
    this.timer = null;
    this.stopped = true;
    this.reading = null;
    this.reads = 0;
  }

  /// Calls `handle(event)` for every event read from now on.
  subscribe(handle) {
    this.subscribers.push(handle);
  }

  async start() {
    this.stopped = false;
    const latest = await this.db.selectFrom('events').select(sql`max(created_at)`.as('newest')).executeTakeFirst();
    this.newest = latest && latest.newest ? latest.newest : '1970-01-01T00:00:00.000Z';
    const tick = () => {
      if (this.stopped) return;
      this.reading = this.readOnce()
        .catch((error) => this.logger?.warn({ err: error }, 'outbox event watcher: reading events failed; retrying'))
        .finally(() => {
          this.reading = null;
          if (!this.stopped) this.timer = setTimeout(tick, this.pollMs);
        });
    };
    this.timer = setTimeout(tick, this.pollMs);
    this.timer.unref?.();
  }

  /// Reads the events since the last read and hands each new one to the subscribers; returns
  /// how many were new.
  async readOnce() {
    const full = this.reads % FULL_READ_EVERY === 0;
    this.reads += 1;
    const oldest = addMilliseconds(this.newest, -LOOKBACK_MS);
    const since = full ? oldest : addMilliseconds(this.newest, -RECENT_MS);
    const rows = await this.db.selectFrom('events').select(['id', 'type', 'customer_id', 'object_id', 'created_at'])
      .where('created_at', '>=', since).orderBy('created_at').execute();
    let handled = 0;
    for (const row of rows) {
      if (this.seen.has(row.id)) continue;
      this.seen.set(row.id, row.created_at);
      handled += 1;
      for (const handle of this.subscribers) handle(row);
      if (row.created_at > this.newest) this.newest = row.created_at;
    }
    for (const [id, createdAt] of this.seen) if (createdAt < oldest) this.seen.delete(id);
    return handled;
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.reading) await this.reading;
  }
}

const byDatabase = new WeakMap();

/// The event watcher of this process: one per database handle, so every domain's cache (and
/// the job handlers, which get copies of `services`) share one poll. The app starts and stops
/// it (app.js).
function eventWatcherOf(services) {
  let watcher = byDatabase.get(services.db);
  if (!watcher) {
    const pollMs = services.config && services.config.entitlementPollMs;
    watcher = new EventWatcher({ db: services.db, logger: services.logger, pollMs });
    byDatabase.set(services.db, watcher);
  }
  return watcher;
}

module.exports = { EventWatcher, eventWatcherOf, DEFAULT_POLL_MS, LOOKBACK_MS, RECENT_MS, FULL_READ_EVERY };
