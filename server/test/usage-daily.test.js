'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { expectStatus, expectError } = require('./support/fixtures');
const { createMetrics, createUsagePlan, subscribedCustomer, sendBatch, mergeAll } = require('./support/usage');

// GET /v1/customers/:id/usage/daily: the open period's usage per day, aggregated by the core
// from the usage store's merged events, beside the period's total and the feature's limit.
for (const backend of BACKENDS) {
  describe(`daily usage [${backend}]`, () => {
    let t;
    let clock;
    let customer;
    let subscription;
    let other;
    before(async () => {
      clock = manualClock('2026-03-01T00:00:00.000Z');
      t = await startTestServer(backend, { clock });
      await createMetrics(t, [
        { code: 'api_calls', aggregation: 'count' },
        { code: 'storage', aggregation: 'weighted_sum', property: 'delta_gb', time_unit: 'hour' },
      ]);
      const plan = await createUsagePlan(t, { code: 'daily', metrics: ['api_calls', 'storage'] });
      await expectStatus(t.call('PUT', `/v1/plans/${plan.id}/entitlements`, {
        body: { features: [{ key: 'api_calls', kind: 'metered', included: '100' }, { key: 'storage', kind: 'metered', unlimited: true }] },
      }), 200);
      ({ customer, subscription } = await subscribedCustomer(t, plan));
      other = (await subscribedCustomer(t, plan)).customer;
      clock.set('2026-03-04T12:00:00.000Z');
    });
    after(() => t.close());

    const call = (id, at) => ({ id, customer: customer.id, metric: 'api_calls', timestamp: at });
    const daily = async (options) => expectStatus(t.call('GET', `/v1/customers/${customer.id}/usage/daily`, options), 200);

    it('gives each day begun so far its own aggregate, the period total and the limit', async () => {
      await sendBatch(t, [
        call('a1', '2026-03-01T08:00:00Z'), call('a2', '2026-03-01T23:59:59Z'), call('a3', '2026-03-03T00:00:00Z'),
        { id: 's1', customer: customer.id, metric: 'storage', timestamp: '2026-03-02T12:00:00Z', properties: { delta_gb: '10' } },
      ]);
      await mergeAll(t);
      const usage = await daily();
      assert.deepEqual([usage.object, usage.customer, usage.as_of], ['daily_usage', customer.id, '2026-03-04T12:00:00.000Z']);
      const [calls, storage] = usage.metrics;
      assert.deepEqual([calls.metric, calls.subscription, calls.total, calls.event_count, calls.limit, calls.unlimited], ['api_calls', subscription.id, '3', 3, '100', false]);
      assert.deepEqual(calls.days.map((day) => [day.start, day.end, day.value, day.to_date]), [
        ['2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z', '2', '2'],
        ['2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z', '0', '2'],
        ['2026-03-03T00:00:00Z', '2026-03-04T00:00:00Z', '1', '3'],
        ['2026-03-04T00:00:00Z', '2026-03-05T00:00:00Z', '0', '3'],
      ]);
      // 10 GB from noon on the 2nd: 120 GB-hours that day (12 h), then 240 a day; the period's
      // total counts the level to the period's end (29.5 days: 7,080 GB-hours).
      assert.deepEqual(storage.days.map((day) => [day.value, day.to_date]), [['0', '0'], ['120', '120'], ['240', '360'], ['240', '600']]);
      assert.deepEqual([storage.total, storage.limit, storage.unlimited], ['7080', null, true]);
      // The days of a count add up to the total the usage endpoint gives.
      const live = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/usage`), 200);
      assert.equal(live.items.find((item) => item.metric === 'api_calls').quantity, calls.total);
    });

    it('counts events once merged, as the period total does', async () => {
      await sendBatch(t, [call('a4', '2026-03-04T09:00:00Z'), call('a5', '2026-03-04T10:00:00Z')]);
      const waiting = (await daily()).metrics[0];
      assert.deepEqual([waiting.total, waiting.days[3].value], ['3', '0']);
      await mergeAll(t);
      const merged = (await daily()).metrics[0];
      assert.deepEqual([merged.total, merged.days[3].value, merged.days[3].event_count, merged.days[3].to_date], ['5', '2', 2, '5']);
    });

    it('serves a portal session its own customer only, and answers 404 for an unknown customer', async () => {
      const { token } = await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: customer.id } }), 201);
      const own = await daily({ key: token });
      assert.equal(own.metrics[0].total, '5');
      await expectError(t.call('GET', `/v1/customers/${other.id}/usage/daily`, { key: token }), 404, 'NOT_FOUND');
      await expectError(t.call('GET', '/v1/customers/cus_missing/usage/daily'), 404, 'NOT_FOUND');
    });

    it('counts days in the billing zone from the period\'s local start, 23 hours long when the clocks go forward', async () => {
      clock.set('2026-03-28T12:00:00.000Z'); // 13:00 in Berlin; daylight time starts on the 29th
      const plan = await expectStatus(t.call('GET', '/v1/plans?code=daily'), 200);
      const berlin = await subscribedCustomer(t, plan.data[0], { timezone: 'Europe/Berlin' });
      clock.set('2026-03-30T12:00:00.000Z');
      const sent = await sendBatch(t, [{ id: 'b1', customer: berlin.customer.id, metric: 'api_calls', timestamp: '2026-03-29T11:30:00Z' }]);
      assert.equal(sent.results[0].status, 'accepted');
      await mergeAll(t);
      const usage = await expectStatus(t.call('GET', `/v1/customers/${berlin.customer.id}/usage/daily`), 200);
      const calls = usage.metrics.find((metric) => metric.metric === 'api_calls');
      // 13:00 local each day: 12:00Z, then 11:00Z once Berlin is on summer time.
      assert.deepEqual(calls.days.map((day) => [day.start, day.value]), [
        ['2026-03-28T12:00:00Z', '0'], ['2026-03-29T11:00:00Z', '1'], ['2026-03-30T11:00:00Z', '0'],
      ]);
    });

    it('lists no metric for a customer without a subscription', async () => {
      const lone = await expectStatus(t.call('POST', '/v1/customers', { body: { name: 'Lone', currency: 'USD' } }), 201);
      const usage = await expectStatus(t.call('GET', `/v1/customers/${lone.id}/usage/daily`), 200);
      assert.deepEqual(usage.metrics, []);
    });
  });
}
