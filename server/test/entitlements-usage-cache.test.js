'use strict';
// The open usage cache (src/usage/open-usage-cache.js) behind metered entitlement checks: a
// check reads the usage store once until the store changes; a merge drops the entry at once in
// its process and, through the aggregate watcher, in every other; an outbox event about the
// customer, a metric's or a test clock's event, and the end of the open period drop it too.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BACKENDS, startTestServer, createTestDatabase, manualClock } = require('./support/harness');
const { expectStatus } = require('./support/fixtures');
const { waitFor } = require('./support/wait-for');
const { startServerProcess } = require('./support/server-process');
const { createMetrics, createUsagePlan, subscribedCustomer, sendBatch, mergeAll } = require('./support/usage');
const { OpenUsageCache, openUsageRuntime } = require('../src/usage/open-usage-cache');

describe('open usage cache', () => {
  it('keeps a load until the end of its period, drops a customer by invalidation or event, everyone by a metric\'s or a test clock\'s event', async () => {
    let now = 1000;
    const cache = new OpenUsageCache({ now: () => now });
    let loads = 0;
    const load = (until) => async () => { loads += 1; return { usages: [`usage ${loads}`], until }; };
    assert.deepEqual(await cache.get('cus_a', 'calls', load(5000)), ['usage 1']);
    assert.deepEqual(await cache.get('cus_a', 'calls', load(5000)), ['usage 1'], 'served from the cache');
    now = 5000;
    assert.deepEqual(await cache.get('cus_a', 'calls', load(9000)), ['usage 2'], 'read again once its period ended');
    cache.applyEvent({ type: 'subscription.updated', customer_id: 'cus_a' });
    assert.deepEqual(await cache.get('cus_a', 'calls', load(9000)), ['usage 3'], 'an event about the customer drops it');
    await cache.get('cus_b', 'calls', load(9000));
    cache.applyEvent({ type: 'customer.updated', customer_id: 'cus_b' });
    assert.deepEqual(await cache.get('cus_a', 'calls', load(9000)), ['usage 3'], 'another customer\'s event does not');
    for (const type of ['metric.created', 'test_clock.advanced']) {
      const before = loads;
      cache.applyEvent({ type, customer_id: null });
      await cache.get('cus_a', 'calls', load(9000));
      assert.equal(loads, before + 1, `${type} drops every entry`);
    }
  });

  it('keeps no load that began before an invalidation, and shares a load only within one generation', async () => {
    const cache = new OpenUsageCache();
    const releases = [];
    const load = () => new Promise((resolve) => { releases.push(resolve); });
    const first = cache.get('cus_r', 'calls', load);
    const shared = cache.get('cus_r', 'calls', load);
    cache.invalidate('cus_r'); // a merge wrote the customer's aggregate meanwhile
    const after = cache.get('cus_r', 'calls', load);
    assert.equal(releases.length, 2);
    releases[0]({ usages: ['old'], until: Infinity });
    releases[1]({ usages: ['new'], until: Infinity });
    assert.deepEqual([await first, await shared, await after], [['old'], ['old'], ['new']]);
    assert.deepEqual(await cache.get('cus_r', 'calls', async () => ({ usages: ['unused'], until: Infinity })), ['new'], 'the later load is the one kept');
  });
});

for (const backend of BACKENDS) {
  describe(`metered checks from the open usage cache [${backend}]`, () => {
    let t;
    let clock;
    let customer;
    before(async () => {
      clock = manualClock('2026-03-01T00:00:00.000Z');
      t = await startTestServer(backend, { clock });
      await createMetrics(t, [{ code: 'api_calls', aggregation: 'sum', property: 'calls' }]);
      const plan = await createUsagePlan(t, { code: 'cached-api', metrics: ['api_calls'] });
      await expectStatus(t.call('PUT', `/v1/plans/${plan.id}/entitlements`, { body: { features: [{ key: 'api_calls', kind: 'metered', included: '100' }] } }), 200);
      ({ customer } = await subscribedCustomer(t, plan));
      clock.set('2026-03-10T12:00:00.000Z');
    });
    after(() => t.close());

    const usage = async () => (await expectStatus(t.call('GET', `/v1/entitlements/check?customer=${customer.id}&feature=api_calls&amount=1`), 200)).usage;
    const event = (id, calls) => ({ id, customer: customer.id, metric: 'api_calls', timestamp: '2026-03-05T09:00:00Z', properties: { calls } });

    it('reads the store once until a merge in this process, a write by another, or the customer\'s event drops the entry', async () => {
      const { cache } = openUsageRuntime(t.services);
      assert.equal(await usage(), '0');
      // The setup's own events (the customer, the subscription) may still be on their way to the
      // watchers and drop the first entry: wait until a check is answered from the cache.
      await waitFor(async () => {
        const before = cache.stats.hits;
        await usage();
        return cache.stats.hits > before;
      }, 5000, 'the entry to stay cached');
      const { hits, misses } = cache.stats;
      assert.equal(await usage(), '0');
      assert.equal(await usage(), '0');
      assert.deepEqual([cache.stats.hits - hits, cache.stats.misses - misses], [2, 0], 'two checks answered without reading the store');

      await sendBatch(t, [event('c1', '40')]);
      await mergeAll(t);
      assert.equal(await usage(), '40', 'the merge in this process dropped the entry at once');

      // Another process's merge: the row changes behind this process's back, with a new revision.
      const row = await t.services.db.selectFrom('usage_aggregates').selectAll().where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
      const aggregate = JSON.parse(row.aggregate);
      await t.services.db.updateTable('usage_aggregates')
        .set({ aggregate: JSON.stringify({ ...aggregate, value: '55' }), revision: row.revision + 1, updated_at: new Date().toISOString() })
        .where('subscription_id', '=', row.subscription_id).where('metric', '=', row.metric).where('period_start', '=', row.period_start).execute();
      await waitFor(async () => (await usage()) === '55', 5000, 'the aggregate watcher to drop the entry');

      await usage();
      assert.ok(cache.customers.has(customer.id), 'cached again');
      await expectStatus(t.call('PATCH', `/v1/customers/${customer.id}`, { body: { name: 'Renamed' } }), 200);
      await waitFor(() => !cache.customers.has(customer.id), 5000, 'the customer\'s outbox event to drop the entry');
    });
  });

  describe(`the open usage cache across server processes [${backend}]`, () => {
    it('shows a merge made by one process in the checks of another', async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-usage-cache-'));
      const servers = [];
      const start = (env) => {
        const server = startServerProcess({
          DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '', RATECARD_DATA_DIR: dataDir,
          RATECARD_SEED: 'false', LOG_LEVEL: 'warn', RATECARD_ENTITLEMENT_POLL_MS: '50', ...env,
        });
        servers.push(server);
        return server.ready;
      };
      try {
        const merging = await start({}); // runs the job worker: it merges the usage
        const checking = await start({ RATECARD_WORKER: 'false' }); // only answers checks
        const over = (server) => ({
          call: async (method, route, { body } = {}) => {
            const response = await fetch(`${server.url}${route}`, {
              method, headers: { authorization: `Bearer ${merging.adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body && JSON.stringify(body),
            });
            return { status: response.status, body: await response.json() };
          },
        });
        const one = over(merging);
        await createMetrics(one, [{ code: 'api_calls', aggregation: 'sum', property: 'calls' }]);
        const plan = await createUsagePlan(one, { code: 'two-processes', metrics: ['api_calls'] });
        await expectStatus(one.call('PUT', `/v1/plans/${plan.id}/entitlements`, { body: { features: [{ key: 'api_calls', kind: 'metered', included: '100' }] } }), 200);
        const { customer } = await subscribedCustomer(one, plan);
        const usageIn = async (server) => (await expectStatus(over(server).call('GET', `/v1/entitlements/check?customer=${customer.id}&feature=api_calls&amount=1`), 200)).usage;
        await waitFor(async () => (await usageIn(checking)) === '0', 10000, 'the checking process to see the customer');
        assert.equal(await usageIn(checking), '0', 'cached in the checking process');

        await sendBatch(one, [{ id: 'x1', customer: customer.id, metric: 'api_calls', timestamp: new Date().toISOString(), properties: { calls: '7' } }]);
        await waitFor(async () => (await usageIn(merging)) === '7', 15000, 'the merging process to merge the usage');
        await waitFor(async () => (await usageIn(checking)) === '7', 5000, 'the checking process to read the merge through its aggregate watcher');
      } finally {
        await Promise.all(servers.map((server) => server.stop()));
        await target.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
