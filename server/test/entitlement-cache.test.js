'use strict';
// The entitlement cache (src/entitlements/cache.js) on its own: requests that miss at once share
// one load, and an invalidation between them is never bridged by a shared load.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { EntitlementCache } = require('../src/entitlements/cache');

describe('entitlement cache', () => {
  it('lets requests that miss at once share one load, but not across an invalidation or a clear', async () => {
    const cache = new EntitlementCache();
    const releases = [];
    const load = () => new Promise((resolve) => { releases.push(resolve); });
    const first = cache.get('cus_a', load);
    const second = cache.get('cus_a', load);
    const other = cache.get('cus_b', load);
    assert.equal(releases.length, 2, 'one load per customer');
    cache.invalidate('cus_a');
    const afterInvalidation = cache.get('cus_a', load);
    cache.clear();
    const afterClear = cache.get('cus_a', load);
    assert.equal(releases.length, 4, 'a request after an invalidation or a clear loads anew');
    releases.forEach((release, index) => release(`load ${index}`));
    assert.deepEqual(await Promise.all([first, second, other, afterInvalidation, afterClear]), ['load 0', 'load 0', 'load 1', 'load 2', 'load 3']);
    assert.equal(cache.peek('cus_a'), 'load 3', 'only the load begun after the last clear is kept');
    assert.equal(cache.peek('cus_b'), undefined, 'nor one begun before the clear');
  });

  it('shares a failed load with the requests waiting on it, and loads again after', async () => {
    const cache = new EntitlementCache();
    let fail;
    const failing = cache.get('cus_f', () => new Promise((resolve, reject) => { fail = reject; }));
    const sharing = cache.get('cus_f', async () => 'not called');
    fail(new Error('database unreachable'));
    await assert.rejects(failing, /unreachable/);
    await assert.rejects(sharing, /unreachable/);
    assert.equal(await cache.get('cus_f', async () => 'loaded'), 'loaded');
  });
});
