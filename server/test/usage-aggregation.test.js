'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { expectStatus } = require('./support/fixtures');
const { createMetrics, createUsagePlan, subscribedCustomer, sendBatch, mergeAll, storedAggregates } = require('./support/usage');
const { usageForPeriod } = require('../src/usage');
const { rebuildAggregates } = require('../src/usage/rebuild');

// The subscription starts at 2026-02-01T00:00Z: its first period is February (28 days, 672
// hours), the next one March (31 days, 744 hours). Expected values are worked out by hand.
const FEBRUARY = { start: '2026-02-01T00:00:00.000Z', end: '2026-03-01T00:00:00.000Z' };
const MARCH = { start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' };

const METRICS = [
  { code: 'calls', aggregation: 'count', filters: { region: ['eu', 'us'] } },
  { code: 'tokens', aggregation: 'sum', property: 'tokens' },
  { code: 'peak', aggregation: 'max', property: 'conns' },
  { code: 'users', aggregation: 'unique_count', property: 'user' },
  { code: 'seats', aggregation: 'latest', property: 'seats' },
  { code: 'storage', aggregation: 'weighted_sum', property: 'delta_gb', time_unit: 'hour' },
];

// A small deterministic generator, so the bulk events are the same on every run.
function generator(seed) {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}

for (const backend of BACKENDS) {
  describe(`usage aggregation [${backend}]`, () => {
    let t;
    let clock;
    let customer;
    let subscription;
    let bulk;
    before(async () => {
      clock = manualClock('2026-02-01T00:00:00.000Z');
      t = await startTestServer(backend, { clock });
      await createMetrics(t, METRICS);
      const plan = await createUsagePlan(t, { code: 'metered', metrics: METRICS.map((m) => m.code) });
      ({ customer, subscription } = await subscribedCustomer(t, plan));
      bulk = (await subscribedCustomer(t, plan)).customer;
      clock.set('2026-02-28T23:30:00.000Z');
    });
    after(() => t.close());

    const event = (id, metric, timestamp, properties) => ({ id, customer: customer.id, metric, timestamp, properties });
    const usageOf = async (metric, period = FEBRUARY, subscriptionId = subscription.id) => (
      await usageForPeriod(t.services.db, t.services, { subscriptionId, metric, period })).aggregate;

    it('aggregates each kind of metric as computed by hand, merged from several batches', async () => {
      const first = await sendBatch(t, [
        event('c1', 'calls', '2026-02-02T10:00:00Z', { region: 'eu' }),
        event('c2', 'calls', '2026-02-03T10:00:00Z', { region: 'us' }),
        event('c3', 'calls', '2026-02-04T10:00:00Z', { region: 'apac' }), // filtered out
        event('c4', 'calls', '2026-02-05T10:00:00Z', {}), // no region: filtered out
        event('t1', 'tokens', '2026-02-02T10:00:00Z', { tokens: '1250' }),
        event('t2', 'tokens', '2026-02-03T10:00:00Z', { tokens: 300 }),
        event('p1', 'peak', '2026-02-02T10:00:00Z', { conns: 7 }),
        event('p2', 'peak', '2026-02-03T10:00:00Z', { conns: '12.5' }),
        event('u1', 'users', '2026-02-02T10:00:00Z', { user: 'alice' }),
        event('u2', 'users', '2026-02-03T10:00:00Z', { user: 'bob' }),
        event('s1', 'seats', '2026-02-05T00:00:00Z', { seats: 5 }),
        event('s2', 'seats', '2026-02-20T00:00:00Z', { seats: 8 }),
        event('g1', 'storage', '2026-02-01T00:00:00Z', { delta_gb: '10' }),
      ]);
      assert.equal(first.accepted, 13);
      await mergeAll(t, 4);
      const second = await sendBatch(t, [
        event('c5', 'calls', '2026-02-06T10:00:00Z', { region: 'eu' }),
        event('c2', 'calls', '2026-02-03T10:00:00Z', { region: 'us' }), // a retry: counted once
        event('t3', 'tokens', '2026-02-04T10:00:00Z', { tokens: '0.5' }),
        event('t4', 'tokens', '2026-02-05T10:00:00Z', { tokens: '-50' }),
        event('p3', 'peak', '2026-02-04T10:00:00Z', { conns: 3 }),
        event('p4', 'peak', '2026-02-05T10:00:00Z', { conns: '-20' }),
        event('u3', 'users', '2026-02-04T10:00:00Z', { user: 'alice' }),
        event('u4', 'users', '2026-02-05T10:00:00Z', { user: 42 }),
        event('u5', 'users', '2026-02-06T10:00:00Z', { user: '42' }), // the same value as 42
        event('s3', 'seats', '2026-02-10T00:00:00Z', { seats: 10 }),
        // Two at the same second: the one sent last is the latest.
        event('s4', 'seats', '2026-02-22T12:00:00.000Z', { seats: 4 }),
        event('s5', 'seats', '2026-02-22T12:00:00.000Z', { seats: 6 }),
        event('g2', 'storage', '2026-02-28T00:00:00Z', { delta_gb: 5 }),
        event('g3', 'storage', '2026-02-28T23:00:00Z', { delta_gb: '-3' }),
      ]);
      assert.deepEqual([second.accepted, second.duplicates], [13, 1]);
      await mergeAll(t, 3);

      const expect = async (metric, value, eventCount) => {
        const aggregate = await usageOf(metric);
        assert.equal(aggregate.value, value, metric);
        assert.equal(aggregate.event_count, eventCount, metric);
        return aggregate;
      };
      await expect('calls', '3', 3); // eu, us, eu
      await expect('tokens', '1500.5', 4); // 1250 + 300 + 0.5 - 50
      await expect('peak', '12.5', 4);
      await expect('users', '3', 5); // alice, bob, 42
      await expect('seats', '6', 5); // Feb 22 12:00, the later of two
      // 10 GB for 672 h + 5 GB for the last 24 h - 3 GB for the last hour = 6720 + 120 - 3.
      const storage = await expect('storage', '6837', 3);
      assert.equal(storage.final_value, '12');
      assert.equal(storage.time_unit, 'hour');
      // March records nothing: 12 GB carried for 744 hours.
      const march = await usageOf('storage', MARCH);
      assert.deepEqual([march.value, march.event_count, march.final_value], ['8928', 0, '12']);
      assert.deepEqual(await usageOf('tokens', MARCH), { aggregation: 'sum', code: 'tokens', event_count: 0, value: '0' });
    });

    it('keeps what aggregating every event at once gives, byte for byte, merging a batch at a time', async () => {
      const random = generator(20260201);
      const events = [];
      for (let i = 0; i < 600; i += 1) {
        const day = String(1 + random(27)).padStart(2, '0');
        const timestamp = `2026-02-${day}T${String(random(24)).padStart(2, '0')}:${String(random(60)).padStart(2, '0')}:00Z`;
        const metric = METRICS[random(METRICS.length)].code;
        const properties = {
          calls: { region: ['eu', 'us', 'apac'][random(3)] }, tokens: { tokens: `${random(5000)}.${random(100)}` },
          peak: { conns: random(1000) }, users: { user: `user-${random(40)}` }, seats: { seats: random(50) },
          storage: { delta_gb: random(2) ? `${random(20)}` : `-${random(5)}.5` },
        }[metric];
        events.push({ id: `bulk-${i}`, customer: bulk.id, metric, timestamp, properties });
      }
      for (let i = 0; i < events.length; i += 100) await sendBatch(t, events.slice(i, i + 100));
      await mergeAll(t, 37);

      // The core, asked once with every event, gives the same aggregates.
      const [bulkSubscription] = (await expectStatus(t.call('GET', `/v1/subscriptions?customer=${bulk.id}`), 200)).data;
      const definitions = (await expectStatus(t.call('GET', '/v1/metrics?limit=100'), 200)).data;
      for (const metric of METRICS) {
        const definition = definitions.find((d) => d.code === metric.code);
        const core = { code: metric.code, event_name: metric.code, aggregation: metric.aggregation };
        if (definition.property) core.property = definition.property;
        if (Object.keys(definition.filters).length) core.filters = definition.filters;
        if (definition.time_unit) core.time_unit = definition.time_unit;
        const stored = await t.services.db.selectFrom('usage_events').select(['id', 'occurred_at', 'properties'])
          .where('customer_id', '=', bulk.id).where('metric', '=', metric.code).orderBy('id').execute();
        const once = t.services.core.run({
          op: 'aggregate', period: { start: '2026-02-01T00:00:00Z', end: '2026-03-01T00:00:00Z' }, metrics: [core], keep_event_ids: false,
          events: stored.map((e) => ({ id: e.id, event_name: metric.code, timestamp: `${e.occurred_at.slice(0, 19)}Z`, properties: JSON.parse(e.properties) })),
        });
        assert.deepEqual(await usageOf(metric.code, FEBRUARY, bulkSubscription.id), once.aggregates[0], metric.code);
      }

      // The rebuild recomputes every aggregate from the events: the same bytes, nothing to write.
      const before = await storedAggregates(t);
      const report = await rebuildAggregates(t.services, { check: true });
      assert.deepEqual(report.changed, []);
      assert.equal(report.unchanged, Object.keys(before).length);
      assert.equal((await rebuildAggregates(t.services)).changed.length, 0);
      assert.deepEqual(await storedAggregates(t), before);
    });

    it('invoices from the aggregates alone: deleting the events changes no invoice', async () => {
      const invoice = async () => {
        const usage = [];
        for (const metric of METRICS) usage.push((await usageOf(metric.code)));
        return t.services.core.run({
          op: 'invoice', customer: { id: customer.id, currency: 'USD', billing_zone: 'UTC' },
          arrears_period: { start: '2026-02-01T00:00:00Z', end: '2026-03-01T00:00:00Z' },
          subscriptions: [{
            id: subscription.id,
            items: METRICS.map((m) => ({ id: m.code, type: 'usage', metric: m.code, price: { model: 'per_unit', unit_amount: '0.10' } })),
          }],
          usage,
        });
      };
      const before = await invoice();
      // 3 + 1500.5 + 12.5 + 3 + 6 + 6837 = 8362 units at 0.10.
      assert.equal(before.subtotal, '836.20');
      await t.services.db.deleteFrom('usage_events').execute();
      await t.services.db.deleteFrom('usage_event_keys').execute();
      const after = await invoice();
      assert.equal(after.content_hash, before.content_hash);
    });
  });
}
