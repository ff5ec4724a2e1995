'use strict';
// The open period's usage of a customer's metric, kept in memory for the entitlement check (a
// metered feature's decision needs it at every check). This is not a second usage store: it
// keeps what openPeriodUsage (index.js) read from the one store, and drops it when the store
// changes. An entry of a customer is dropped
// - when an aggregate of the customer is written (aggregate-store.js saveAggregate calls
//   noticeAggregateWrite): at once in the writing process, before its commit, and in every
//   process (the writing one too, after the commit) when its AggregateWatcher reads the row's
//   new revision from `usage_aggregates` (every poll interval, looking back like the outbox
//   event watcher, so a transaction that commits late is still taken in);
// - by any outbox event naming the customer (a subscription changed, paused, canceled; the
//   customer erased), and every entry by a test clock's or a metric's event;
// - at the end of the open period it holds (the usage of the next period is another value).
// A read that began before an invalidation of its customer is neither stored nor shared with
// a later request.
const { eventWatcherOf, RECENT_MS, LOOKBACK_MS, FULL_READ_EVERY } = require('../outbox/event-watcher');
const { addMilliseconds } = require('../time');

/// How long an entry lives at most, should an invalidation ever be missed.
const MAX_AGE_MS = 60 * 1000;
/// Event types that change every customer's open usage (the time of a test clock's customers;
/// a metric created or changed).
const GLOBAL_PREFIXES = ['test_clock.', 'metric.'];

class OpenUsageCache {
  constructor({ now = () => Date.now() } = {}) {
    this.now = now;
    this.customers = new Map(); // customer -> Map(metric -> { value, expiresAt })
    this.generations = new Map();
    this.loads = new Map();
    this.epoch = 0;
    this.stats = { hits: 0, misses: 0, invalidations: 0, clears: 0 };
  }

  /// The cached usages of `metric` for `customerId`, or `load()`'s result ({ usages, until }:
  /// the usage aggregates and the time in ms they hold until), stored when still current.
  async get(customerId, metric, load) {
    const entry = this.customers.get(customerId)?.get(metric);
    if (entry && entry.expiresAt > this.now()) {
      this.stats.hits += 1;
      return entry.value;
    }
    this.stats.misses += 1;
    const key = `${customerId}\n${metric}`;
    const generation = this.generationOf(customerId);
    const pending = this.loads.get(key);
    if (pending && pending.generation === generation) return pending.promise;
    const loading = { generation };
    this.loads.set(key, loading);
    loading.promise = (async () => {
      try {
        const { usages, until } = await load();
        if (generation === this.generationOf(customerId)) {
          if (!this.customers.has(customerId)) this.customers.set(customerId, new Map());
          this.customers.get(customerId).set(metric, { value: usages, expiresAt: Math.min(until, this.now() + MAX_AGE_MS) });
        }
        return usages;
      } finally {
        if (this.loads.get(key) === loading) this.loads.delete(key);
      }
    })();
    return loading.promise;
  }

  invalidate(customerId) {
    this.stats.invalidations += 1;
    this.generations.set(customerId, (this.generations.get(customerId) || 0) + 1);
    this.customers.delete(customerId);
  }

  clear() {
    this.stats.clears += 1;
    this.epoch += 1;
    this.generations.clear();
    this.customers.clear();
  }

  /// Drops what an outbox event may have changed.
  applyEvent(event) {
    if (GLOBAL_PREFIXES.some((prefix) => event.type.startsWith(prefix))) this.clear();
    else if (event.customer_id) this.invalidate(event.customer_id);
  }

  generationOf(customerId) {
    return `${this.epoch}:${this.generations.get(customerId) || 0}`;
  }
}

/// Reads the aggregates written since its last read (by any process) every `pollMs` and hands
/// the customer of each new revision to `onChange`. Like the outbox event watcher, most reads
/// look RECENT_MS behind the newest write seen, every FULL_READ_EVERY-th LOOKBACK_MS, and each
/// revision is handled once.
class AggregateWatcher {
  constructor({ db, logger, pollMs, onChange }) {
    Object.assign(this, { db, logger, pollMs, onChange });
    this.seen = new Map();
    this.newest = null;
    this.reads = 0;
    this.timer = null;
    this.reading = null;
    this.running = false;
  }

  async start() {
    const latest = await this.db.selectFrom('usage_aggregates').select((eb) => eb.fn.max('updated_at').as('newest')).executeTakeFirst();
    this.newest = latest && latest.newest ? latest.newest : '1970-01-01T00:00:00.000Z';
    this.running = true;
    const tick = () => {
      this.reading = this.readOnce()
        .catch((error) => this.logger?.warn({ err: error }, 'usage aggregate watcher: reading changes failed; retrying'))
        .finally(() => {
          this.reading = null;
          if (this.running) this.timer = setTimeout(tick, this.pollMs).unref();
        });
    };
    this.timer = setTimeout(tick, this.pollMs).unref();
  }

  /// Reads the aggregates written since the last read; returns how many revisions were new.
  async readOnce() {
    const full = this.reads % FULL_READ_EVERY === 0;
    this.reads += 1;
    const oldest = addMilliseconds(this.newest, -LOOKBACK_MS);
    const rows = await this.db.selectFrom('usage_aggregates')
      .select(['subscription_id', 'metric', 'period_start', 'revision', 'customer_id', 'updated_at'])
      .where('updated_at', '>=', full ? oldest : addMilliseconds(this.newest, -RECENT_MS)).execute();
    let handled = 0;
    for (const row of rows) {
      const key = `${row.subscription_id}\n${row.metric}\n${row.period_start}\n${row.revision}`;
      if (this.seen.has(key)) continue;
      this.seen.set(key, row.updated_at);
      handled += 1;
      this.onChange(row.customer_id);
      if (row.updated_at > this.newest) this.newest = row.updated_at;
    }
    for (const [key, updatedAt] of this.seen) if (updatedAt < oldest) this.seen.delete(key);
    return handled;
  }

  async stop() {
    this.running = false;
    clearTimeout(this.timer);
    if (this.reading) await this.reading;
  }
}

const byDatabase = new WeakMap();
const runtimes = new Set();

/// This process's open usage cache and the watcher keeping it current, one per database handle.
/// The cache answers only while the watcher runs (start() and stop() follow the app's life,
/// usage/routes.js); before, reads go to the store.
function openUsageRuntime(services) {
  let runtime = byDatabase.get(services.db);
  if (!runtime) {
    const cache = new OpenUsageCache({ now: () => services.clock.now().getTime() });
    eventWatcherOf(services).subscribe((event) => cache.applyEvent(event));
    const pollMs = services.config?.entitlementPollMs ?? 100;
    const watcher = new AggregateWatcher({ db: services.db, logger: services.logger, pollMs, onChange: (customerId) => cache.invalidate(customerId) });
    runtime = { cache, watcher };
    byDatabase.set(services.db, runtime);
    runtimes.add(runtime);
  }
  return runtime;
}

/// Tells the caches of this process at once that an aggregate of `customerId` is being written
/// (the watchers tell every process again once it is committed).
function noticeAggregateWrite(customerId) {
  for (const runtime of runtimes) runtime.cache.invalidate(customerId);
}

module.exports = { OpenUsageCache, AggregateWatcher, openUsageRuntime, noticeAggregateWrite, MAX_AGE_MS };
