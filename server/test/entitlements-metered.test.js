'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { expectStatus } = require('./support/fixtures');
const { createMetrics, createUsagePlan, subscribedCustomer, sendBatch, mergeAll } = require('./support/usage');

// Metered features count the usage store's open-period quantity of the metric they are named
// after; the core decides the balance from it.
for (const backend of BACKENDS) {
  describe(`metered entitlements from the usage store [${backend}]`, () => {
    let t;
    let clock;
    let customer;
    before(async () => {
      clock = manualClock('2026-03-01T00:00:00.000Z');
      t = await startTestServer(backend, { clock });
      await createMetrics(t, [{ code: 'api_calls', aggregation: 'sum', property: 'calls' }]);
      const plan = await createUsagePlan(t, { code: 'metered-api', metrics: ['api_calls'] });
      await expectStatus(t.call('PUT', `/v1/plans/${plan.id}/entitlements`, {
        body: {
          features: [
            { key: 'api_calls', kind: 'metered', included: '100' },
            // No metric is named exports: it counts no usage.
            { key: 'exports', kind: 'metered', included: '5' },
          ],
        },
      }), 200);
      ({ customer } = await subscribedCustomer(t, plan));
      clock.set('2026-03-10T12:00:00.000Z');
    });
    after(() => t.close());

    const check = (query) => expectStatus(t.call('GET', `/v1/entitlements/check?${new URLSearchParams({ customer: customer.id, ...query })}`), 200);
    const event = (id, timestamp, calls) => ({ id, customer: customer.id, metric: 'api_calls', timestamp, properties: { calls } });

    it('counts the merged usage of the open period against the allowance', async () => {
      const fresh = await check({ feature: 'api_calls', amount: '1' });
      assert.deepEqual([fresh.allowed, fresh.usage, fresh.balance], [true, '0', '100']);
      await sendBatch(t, [event('e1', '2026-03-02T09:00:00Z', '40'), event('e2', '2026-03-05T09:00:00Z', '32.5')]);
      await mergeAll(t);
      // 40 + 32.5 = 72.5 used of 100: 27.5 left; 28 more is past the hard limit.
      const used = await check({ feature: 'api_calls', amount: '27.5' });
      assert.deepEqual([used.allowed, used.usage, used.balance], [true, '72.5', '27.5']);
      const over = await check({ feature: 'api_calls', amount: '28' });
      assert.deepEqual([over.allowed, over.reason], [false, 'insufficient_balance']);
      const exports = await check({ feature: 'exports', amount: '5' });
      assert.deepEqual([exports.allowed, exports.usage, exports.balance], [true, '0', '5']);
    });

    it('puts the same usage in the signed snapshot a customer\'s service decides from', async () => {
      const snapshot = await expectStatus(t.call('GET', `/v1/entitlements/snapshot?customer=${customer.id}`), 200);
      const payload = JSON.parse(snapshot.payload);
      assert.deepEqual(payload.usage, [{ feature: 'api_calls', amount: '72.5', at: '2026-03-01T00:00:00Z' }]);
    });

    it('starts counting again in the next billing period', async () => {
      clock.set('2026-04-02T00:00:00.000Z');
      const april = await check({ feature: 'api_calls', amount: '100' });
      assert.deepEqual([april.allowed, april.usage, april.balance], [true, '0', '100']);
    });
  });
}
