'use strict';
const { eventWatcherOf } = require('../outbox/event-watcher');

/// How long a process trusts an API key it read from the database, unless told otherwise
/// (RATECARD_API_KEY_CACHE_MS): the bound on how long a revoked key can still pass in a
/// process that missed the revocation's outbox event.
const DEFAULT_API_KEY_CACHE_MS = 2000;

/// Entries beyond which expired ones are swept before another is stored (keys are few; this
/// only bounds the memory of many keys used once each).
const MAX_ENTRIES = 10000;

/// The API keys this process has read ({ id, role, secret_hash, revoked_at, last_used_at }),
/// by prefix, so that authenticating a request needs no query. An entry is trusted for `ttlMs`
/// from the moment its read began (on a monotonic clock), then read again; a key revoked
/// meanwhile is dropped at once in the revoking process (invalidate(), after the commit) and in
/// the others when the outbox event watcher hands them the `api_key.revoked` event (within its
/// poll interval). A read that began before an invalidation is not stored: invalidations bump a
/// generation, and a read stores its row only if the generation it began with is current.
class ApiKeyCache {
  constructor({ ttlMs = DEFAULT_API_KEY_CACHE_MS, now = () => performance.now() } = {}) {
    this.ttlMs = ttlMs;
    this.now = now;
    this.entries = new Map();
    this.generation = 0;
  }

  /// The key row of `prefix` (cached, or `load()`'s result), or undefined for an unknown
  /// prefix (never cached: a key may be created at any time).
  async get(prefix, load) {
    const entry = this.entries.get(prefix);
    if (entry && entry.expiresAt > this.now()) return entry.key;
    const generation = this.generation;
    const startedAt = this.now();
    const key = await load();
    if (key && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.dropExpired();
      this.entries.set(prefix, { key, expiresAt: startedAt + this.ttlMs });
    }
    return key;
  }

  /// Drops the key `keyId` (revoked) from this process.
  invalidate(keyId) {
    this.generation += 1;
    for (const [prefix, entry] of this.entries) if (entry.key.id === keyId) this.entries.delete(prefix);
  }

  /// Drops what an outbox event may have changed: a revoked key.
  applyEvent(event) {
    if (event.type === 'api_key.revoked') this.invalidate(event.object_id);
  }

  dropExpired() {
    const now = this.now();
    for (const [prefix, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(prefix);
  }
}

const byDatabase = new WeakMap();

/// This process's API key cache, listening to the outbox event watcher: one per database
/// handle, like the watcher.
function apiKeyCacheOf(services) {
  let cache = byDatabase.get(services.db);
  if (!cache) {
    const ttlMs = services.config?.apiKeyCacheMs ?? DEFAULT_API_KEY_CACHE_MS;
    cache = new ApiKeyCache({ ttlMs });
    eventWatcherOf(services).subscribe((event) => cache.applyEvent(event));
    byDatabase.set(services.db, cache);
  }
  return cache;
}

module.exports = { ApiKeyCache, apiKeyCacheOf, DEFAULT_API_KEY_CACHE_MS };
