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
/// from the moment its read began (on a monotonic clock); from half its lifetime on, the first
/// request to use it starts one read in the background while the entry still answers, so a
/// key in steady use is never waited for. A key revoked meanwhile is dropped at once in the
/// revoking process (invalidate(), after the commit) and in the others when the outbox event
/// watcher hands them the `api_key.revoked` event (within its poll interval). Requests that miss
/// at the same time share one read. A read that began before an invalidation is neither stored
/// nor shared with a request that came after it: invalidations bump a generation, and a read
/// counts only for the generation it began in.
class ApiKeyCache {
  constructor({ ttlMs = DEFAULT_API_KEY_CACHE_MS, now = () => performance.now() } = {}) {
    this.ttlMs = ttlMs;
    this.now = now;
    this.entries = new Map();
    this.reads = new Map();
    this.generation = 0;
  }

  /// The key row of `prefix` (cached, or `load()`'s result), or undefined for an unknown
  /// prefix (never cached: a key may be created at any time).
  async get(prefix, load) {
    return this.cached(prefix, load) ?? this.read(prefix, load);
  }

  /// The key row of `prefix` when this process holds it still trusted, else undefined (nothing
  /// is read then). From half its lifetime on, it starts the read that renews it.
  cached(prefix, load) {
    const entry = this.entries.get(prefix);
    if (!entry) return undefined;
    const now = this.now();
    if (entry.expiresAt <= now) return undefined;
    if (entry.refreshAt <= now) this.read(prefix, load).catch(() => {}); // a failed refresh: the entry still ends at expiresAt
    return entry.key;
  }

  // The read of `prefix` under way in this generation, or a new one that stores its row.
  read(prefix, load) {
    const pending = this.reads.get(prefix);
    if (pending && pending.generation === this.generation) return pending.promise;
    const startedAt = this.now();
    const read = { generation: this.generation };
    this.reads.set(prefix, read);
    read.promise = (async () => {
      try {
        const key = await load();
        if (read.generation === this.generation) this.store(prefix, key, startedAt);
        return key;
      } finally {
        if (this.reads.get(prefix) === read) this.reads.delete(prefix);
      }
    })();
    return read.promise;
  }

  store(prefix, key, startedAt) {
    if (!key) {
      this.entries.delete(prefix);
      return;
    }
    if (this.entries.size >= MAX_ENTRIES) this.dropExpired();
    this.entries.set(prefix, { key, refreshAt: startedAt + this.ttlMs / 2, expiresAt: startedAt + this.ttlMs });
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
