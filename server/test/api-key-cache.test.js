'use strict';
// The API key cache (src/auth/key-cache.js): requests authenticate without a query, and a
// revoked key stops working at once in the revoking process, within the event watcher's poll
// in the others, and after RATECARD_API_KEY_CACHE_MS at the latest even when no event is read.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { waitFor } = require('./support/wait-for');
const { startServerProcess } = require('./support/server-process');
const { openDatabase } = require('../src/db/database');
const { migrateToLatest } = require('../src/db/migrate');
const { ApiKeyCache } = require('../src/auth/key-cache');

const CACHE_MS = 1500;

describe('API key cache', () => {
  const row = (id) => ({ id, role: 'admin', secret_hash: 'h', revoked_at: null, last_used_at: null });

  it('reads a key once per half lifetime, in the background while the entry still answers, and ends it counted from when its read began', async () => {
    let now = 0;
    let reads = 0;
    const cache = new ApiKeyCache({ ttlMs: 1000, now: () => now });
    const load = async () => { reads += 1; now += 10; return row('key_a'); };
    await cache.get('rcsk_a', load);
    now = 499;
    assert.equal((await cache.get('rcsk_a', load)).id, 'key_a');
    assert.equal(reads, 1, 'within the first half of its lifetime the key is not read again');

    now = 500;
    let release;
    const slowLoad = () => { reads += 1; return new Promise((resolve) => { release = () => resolve({ ...row('key_a'), role: 'support' }); }); };
    assert.equal((await cache.get('rcsk_a', slowLoad)).role, 'admin', 'past half its lifetime the entry answers at once');
    assert.equal((await cache.get('rcsk_a', slowLoad)).role, 'admin');
    assert.equal(reads, 2, 'and one read starts in the background, shared by the requests meanwhile');
    release();
    await new Promise(setImmediate);
    assert.equal((await cache.get('rcsk_a', load)).role, 'support', 'the background read renews the entry');
    assert.equal(reads, 2);

    now = 1499;
    const lateLoad = () => { reads += 1; return new Promise((resolve) => { release = () => resolve({ ...row('key_a'), role: 'viewer' }); }); };
    assert.equal((await cache.get('rcsk_a', lateLoad)).role, 'support', 'alive until a lifetime after its read began (at 500)');
    now = 1500;
    const waiting = cache.get('rcsk_a', load);
    release();
    assert.equal((await waiting).role, 'viewer', 'past its lifetime a request waits for the read under way');
    assert.equal(reads, 3);
  });

  it('lets requests that miss together share one read, but not one that began before a revocation', async () => {
    const cache = new ApiKeyCache({ ttlMs: 60000 });
    let reads = 0;
    const releases = [];
    const load = () => { reads += 1; return new Promise((resolve) => { releases.push(resolve); }); };
    const first = cache.get('rcsk_m', load);
    const second = cache.get('rcsk_m', load);
    assert.equal(reads, 1, 'one read for both requests');
    cache.invalidate('key_m');
    const third = cache.get('rcsk_m', load);
    assert.equal(reads, 2, 'a request after the revocation reads anew');
    releases[0](row('key_m'));
    releases[1]({ ...row('key_m'), revoked_at: 'now' });
    assert.equal((await first).revoked_at, null);
    assert.equal((await second).revoked_at, null);
    assert.equal((await third).revoked_at, 'now');
    assert.equal((await cache.get('rcsk_m', load)).revoked_at, 'now', 'the later read is the one stored');
    assert.equal(reads, 2);
  });

  it('keeps answering from the entry when a background read fails, until its lifetime ends', async () => {
    let now = 0;
    const cache = new ApiKeyCache({ ttlMs: 1000, now: () => now });
    await cache.get('rcsk_f', async () => row('key_f'));
    now = 600;
    const failing = async () => { throw new Error('database unreachable'); };
    assert.equal((await cache.get('rcsk_f', failing)).id, 'key_f');
    await new Promise(setImmediate);
    now = 1000;
    await assert.rejects(cache.get('rcsk_f', failing), /database unreachable/, 'past its lifetime the failure reaches the request');
  });

  it('never caches an unknown prefix, and drops a revoked key at once', async () => {
    let reads = 0;
    const cache = new ApiKeyCache({ ttlMs: 60000 });
    assert.equal(await cache.get('rcsk_x', async () => { reads += 1; return undefined; }), undefined);
    assert.equal((await cache.get('rcsk_x', async () => { reads += 1; return row('key_x'); })).id, 'key_x');
    assert.equal(reads, 2, 'the miss was not cached');
    assert.equal((await cache.get('rcsk_x', async () => row('key_other'))).id, 'key_x', 'the key found was');
    cache.applyEvent({ type: 'customer.updated', object_id: 'key_x' });
    assert.equal((await cache.get('rcsk_x', async () => row('key_other'))).id, 'key_x', 'another event changes nothing');
    cache.applyEvent({ type: 'api_key.revoked', object_id: 'key_x' });
    assert.equal((await cache.get('rcsk_x', async () => ({ ...row('key_x'), revoked_at: 'now' }))).revoked_at, 'now');
  });

  it('does not store a read that began before a revocation', async () => {
    const cache = new ApiKeyCache({ ttlMs: 60000 });
    let release;
    const slow = cache.get('rcsk_s', () => new Promise((resolve) => { release = () => resolve(row('key_s')); }));
    cache.invalidate('key_s'); // committed while the read was under way
    release();
    assert.equal((await slow).id, 'key_s', 'the read still answers its own request');
    const after = await cache.get('rcsk_s', async () => ({ ...row('key_s'), revoked_at: 'now' }));
    assert.equal(after.revoked_at, 'now', 'but its row was not stored');
  });
});

for (const backend of BACKENDS) {
  describe(`API key revocation across server processes [${backend}]`, () => {
    it('refuses a revoked key at once where it was revoked, through the outbox elsewhere, and after the cache lifetime without an event', async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-keys-'));
      const database = openDatabase(target);
      const servers = [];
      const start = () => {
        const server = startServerProcess({
          DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '', RATECARD_DATA_DIR: dataDir,
          RATECARD_SEED: 'false', LOG_LEVEL: 'warn', RATECARD_API_KEY_CACHE_MS: String(CACHE_MS), RATECARD_ENTITLEMENT_POLL_MS: '50',
        });
        servers.push(server);
        return server.ready;
      };
      try {
        await migrateToLatest(database.db);
        const [one, two] = await Promise.all([start(), start()]);
        const call = async (server, method, route, key = one.adminKey, body = undefined) => {
          const response = await fetch(`${server.url}${route}`, {
            method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body && JSON.stringify(body),
          });
          return { status: response.status, body: await response.json() };
        };
        const newKey = async (name) => (await call(one, 'POST', '/v1/api_keys', one.adminKey, { name, role: 'support' })).body;
        const refusedBy = async (server, key) => {
          const answer = await call(server, 'GET', '/v1/products', key.secret);
          return answer.status === 401 && answer.body.error.code === 'UNAUTHENTICATED';
        };
        const [revoked, hidden] = [await newKey('revoked through the API'), await newKey('revoked behind the servers\' backs')];
        for (const server of [one, two]) {
          for (const key of [revoked, hidden]) assert.equal((await call(server, 'GET', '/v1/products', key.secret)).status, 200);
        }
        // A key verified once is let in without hashing its secret again; the same prefix with
        // another secret is not.
        const lastCharacter = revoked.secret.at(-1);
        const forged = { secret: `${revoked.secret.slice(0, -1)}${lastCharacter === 'a' ? 'b' : 'a'}` };
        for (const server of [one, two]) assert.ok(await refusedBy(server, forged), 'a forged secret of a cached key is refused');

        assert.equal((await call(one, 'POST', `/v1/api_keys/${revoked.id}/revoke`)).status, 200);
        assert.ok(await refusedBy(one, revoked), 'the revoking process refuses the key at once');
        await waitFor(() => refusedBy(two, revoked), 10000, 'process two to hear of the revocation through the outbox');

        // A revocation no event tells of: the cache lifetime alone bounds the key's life.
        await database.db.updateTable('api_keys').set({ revoked_at: new Date().toISOString() }).where('id', '=', hidden.id).execute();
        await new Promise((resolve) => setTimeout(resolve, CACHE_MS));
        for (const server of [one, two]) assert.ok(await refusedBy(server, hidden), 'refused once the cache lifetime is over');
        assert.equal((await call(two, 'GET', '/v1/products')).status, 200, 'the keys that work still do');
      } finally {
        await Promise.all(servers.map((server) => server.stop()));
        await database.destroy();
        await target.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
