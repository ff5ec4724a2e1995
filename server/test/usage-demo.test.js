'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { expectStatus } = require('./support/fixtures');
const { mergeAll } = require('./support/usage');
const { seedDemoData } = require('../src/seed/demo-data');

for (const backend of BACKENDS) {
  describe(`demo usage [${backend}]`, () => {
    let t;
    let clock;
    before(async () => {
      clock = manualClock('2026-04-01T08:00:00.000Z');
      t = await startTestServer(backend, { clock });
    });
    after(() => t.close());

    it('gives the demo catalog\'s usage and hybrid plans metrics and a little usage, once', async () => {
      const created = await seedDemoData(t.services);
      // 20 customers round robin over 5 plans: 4 on api-usage (40 calls each), 4 on
      // scale-monthly (1 storage change and 3 compute jobs each).
      assert.deepEqual([created.metrics, created.usage_events], [3, 4 * 40 + 4 * 4]);
      clock.set('2026-04-02T08:00:00.000Z');
      assert.equal((await seedDemoData(t.services)).usage_events, 0, 'a second start sends duplicates only');
      await mergeAll(t);

      const customerOf = async (externalId) => (await expectStatus(t.call('GET', `/v1/customers?external_id=${externalId}`), 200)).data[0];
      const api = await expectStatus(t.call('GET', `/v1/customers/${(await customerOf('demo-004')).id}/usage`), 200);
      assert.deepEqual(api.items.map((item) => [item.metric, item.quantity, item.amount]), [['api_calls', '40', '0.00']]);
      // Scale: 250 GB from the start of a 30-day period (720 h; a weighted sum counts a level
      // until the period's end): 180,000 GB-hours, 179,000 billable after 1,000 free, 1,790
      // packages of 100 at 0.50; compute 3 x 95.5 = 286.5 minutes at 0.03 = 8.595, rounded once.
      const scale = await expectStatus(t.call('GET', `/v1/customers/${(await customerOf('demo-005')).id}/usage`), 200);
      assert.deepEqual(scale.items.map((item) => [item.metric, item.quantity, item.amount]), [
        ['storage_gb_hours', '180000', '895.00'],
        ['compute_minutes', '286.5', '8.60'],
      ]);
    });
  });
}
