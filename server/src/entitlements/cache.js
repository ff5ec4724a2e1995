'use strict';

/// How long a cached context lives at most, should an invalidation ever be missed.
const DEFAULT_TTL_MS = 5 * 60 * 1000;

/// Event types that change every customer's entitlements (terms of plans and add-ons; test
/// clocks moving the time of their customers' decisions; a metric created, whose code may name
/// a metered feature).
const GLOBAL_PREFIXES = ['plan.', 'add_on.', 'entitlement_terms.', 'test_clock.', 'metric.'];

/// The in-process cache of entitlement contexts (context.js), per customer. An entry is
/// dropped by invalidate(customer) or clear(), which applyEvent() calls for every outbox
/// event that can change a decision, in whichever process the change was made. A load that
/// started before an invalidation of its customer is not stored (its data may predate the
/// change): each customer has a generation, bumped by every invalidation, and a load stores
/// its result (and is shared with requests missing meanwhile) only while the generation it
/// started with is current.
class EntitlementCache {
  constructor({ ttlMs = DEFAULT_TTL_MS, now = () => Date.now() } = {}) {
    this.ttlMs = ttlMs;
    this.now = now;
    this.entries = new Map();
    this.generations = new Map();
    this.loads = new Map();
    this.epoch = 0;
    this.stats = { hits: 0, misses: 0, invalidations: 0, clears: 0 };
  }

  /// The cached value for `customerId`, or `load()`'s result (stored when still current).
  /// Requests that miss at once share one load, unless an invalidation came between.
  async get(customerId, load) {
    const entry = this.entries.get(customerId);
    if (entry && entry.expiresAt > this.now()) {
      this.stats.hits += 1;
      return entry.value;
    }
    this.stats.misses += 1;
    const generation = this.generationOf(customerId);
    const pending = this.loads.get(customerId);
    if (pending && pending.generation === generation) return pending.promise;
    const loading = { generation };
    this.loads.set(customerId, loading);
    loading.promise = (async () => {
      try {
        const value = await load();
        if (generation === this.generationOf(customerId)) {
          this.entries.set(customerId, { value, expiresAt: this.now() + this.ttlMs });
        }
        return value;
      } finally {
        if (this.loads.get(customerId) === loading) this.loads.delete(customerId);
      }
    })();
    return loading.promise;
  }

  /// The cached value without loading, or undefined.
  peek(customerId) {
    const entry = this.entries.get(customerId);
    return entry && entry.expiresAt > this.now() ? entry.value : undefined;
  }

  /// Stores a value derived from the current entry (a signed snapshot) beside it.
  attach(customerId, name, value) {
    const entry = this.entries.get(customerId);
    if (entry) entry[name] = value;
  }

  /// A value attach() stored beside the current entry, or undefined.
  attached(customerId, name) {
    const entry = this.entries.get(customerId);
    return entry && entry.expiresAt > this.now() ? entry[name] : undefined;
  }

  /// Drops what an outbox event (outbox/event-watcher.js) may have changed: everything for a
  /// change of terms or a test clock, else the customer the event names.
  applyEvent(event) {
    if (GLOBAL_PREFIXES.some((prefix) => event.type.startsWith(prefix))) this.clear();
    else if (event.customer_id) this.invalidate(event.customer_id);
  }

  invalidate(customerId) {
    this.stats.invalidations += 1;
    this.generations.set(customerId, (this.generations.get(customerId) || 0) + 1);
    this.entries.delete(customerId);
  }

  /// Drops every entry (a plan's or an add-on's terms changed, a test clock moved).
  clear() {
    this.stats.clears += 1;
    this.epoch += 1;
    this.generations.clear();
    this.entries.clear();
  }

  generationOf(customerId) {
    return `${this.epoch}:${this.generations.get(customerId) || 0}`;
  }
}

module.exports = { EntitlementCache, DEFAULT_TTL_MS };
