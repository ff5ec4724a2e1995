'use strict';
const { sql } = require('kysely');
const { addMilliseconds } = require('../time');

/// How often each process reads new outbox events.
const DEFAULT_POLL_MS = 100;
/// How far back a full read looks: a transaction that commits later than this after writing its
/// event is not seen by the watcher (the cache's TTL still ends the stale entry).
const LOOKBACK_MS = 10 * 1000;
/// How far back the reads in between look. Under load, a full read every poll re-read ten
/// seconds of events (thousands of rows, ten times a second, in every process) to find a few
/// new ones; almost every transaction commits within a second of writing its event.
const RECENT_MS = 1000;
/// Every this many reads, one is a full read (once a second at the default poll interval).
const FULL_READ_EVERY = 10;

/// Event types that change every customer's entitlements (terms of plans and add-ons; test
/// clocks moving the time of their customers' decisions).
const GLOBAL_PREFIXES = ['plan.', 'add_on.', 'entitlement_terms.', 'test_clock.'];

/// Keeps an EntitlementCache correct across server processes: every `pollMs` it reads the
/// outbox events written since its last read (by any process, as they commit) and invalidates
/// the customer each names, or the whole cache for a change of terms. Events commit out of
/// order across processes, so each read looks RECENT_MS behind the newest event it saw, every
/// FULL_READ_EVERY-th read LOOKBACK_MS, and skips the ids it has handled.
class EventWatcher {
  constructor({ db, cache, logger, pollMs = DEFAULT_POLL_MS }) {
    Object.assign(this, { db, cache, logger, pollMs });
    this.seen = new Map();
    this.newest = null;
    this.timer = null;
    this.stopped = true;
    this.reading = null;
    this.reads = 0;
  }

  async start() {
    this.stopped = false;
    const latest = await this.db.selectFrom('events').select(sql`max(created_at)`.as('newest')).executeTakeFirst();
    this.newest = latest && latest.newest ? latest.newest : '1970-01-01T00:00:00.000Z';
    const tick = () => {
      if (this.stopped) return;
      this.reading = this.readOnce()
        .catch((error) => this.logger?.warn({ err: error }, 'entitlement cache: reading events failed; retrying'))
        .finally(() => {
          this.reading = null;
          if (!this.stopped) this.timer = setTimeout(tick, this.pollMs);
        });
    };
    this.timer = setTimeout(tick, this.pollMs);
    this.timer.unref?.();
  }

  /// Reads the events since the last read and invalidates what they touch; returns how many.
  async readOnce() {
    const full = this.reads % FULL_READ_EVERY === 0;
    this.reads += 1;
    const oldest = addMilliseconds(this.newest, -LOOKBACK_MS);
    const since = full ? oldest : addMilliseconds(this.newest, -RECENT_MS);
    const rows = await this.db.selectFrom('events').select(['id', 'type', 'customer_id', 'created_at'])
      .where('created_at', '>=', since).orderBy('created_at').execute();
    let handled = 0;
    for (const row of rows) {
      if (this.seen.has(row.id)) continue;
      this.seen.set(row.id, row.created_at);
      handled += 1;
      if (GLOBAL_PREFIXES.some((prefix) => row.type.startsWith(prefix))) this.cache.clear();
      else if (row.customer_id) this.cache.invalidate(row.customer_id);
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

module.exports = { EventWatcher, DEFAULT_POLL_MS, LOOKBACK_MS, RECENT_MS, FULL_READ_EVERY };
