'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer } = require('./support/harness');
const { seedDemoData } = require('../src/seed/demo-data');

const monthly = (amount) => ({ type: 'recurring', interval: 'month', pricing: { model: 'flat', amount } });
const plan = {
  code: 'seeded', name: 'Seeded plan', interval: 'month', trial_days: 0, features: [],
  product: { name: 'Seeded product' }, prices: [monthly('10.00'), monthly('5.00')],
};
const demo = (plans) => ({
  plans,
  addOns: [{ code: 'seeded-extra', name: 'Seeded extra', price: monthly('3.00') }],
  coupons: [{ code: 'seeded-off', name: '5% off', percent_off: '5', duration: 'forever' }],
  customers: [{ external_id: 'seed-1', name: 'Seeded customer', currency: 'USD', timezone: 'Europe/Paris' }],
  subscriptions: [{ customer: 'seed-1', plan: 'seeded', add_ons: [{ add_on: 'seeded-extra' }], coupon: 'seeded-off' }],
});

for (const backend of BACKENDS) {
  describe(`demo seed [${backend}]`, () => {
    let t;
    before(async () => { t = await startTestServer(backend); });
    after(() => t.close());

    const count = async (table) => (await t.services.db.selectFrom(table).select('id').execute()).length;
    const counts = async () => Object.fromEntries(await Promise.all(
      ['products', 'prices', 'plans', 'add_ons', 'coupons', 'customers', 'subscriptions', 'events'].map(async (table) => [table, await count(table)]),
    ));

    it('runs each step in one transaction: a step that fails leaves nothing, and the next run duplicates nothing', async () => {
      const empty = await counts();
      // The plan's second price is refused by the core after its product and first price exist.
      const broken = demo([{ ...plan, prices: [monthly('10.00'), monthly('1.2.3')] }]);
      await assert.rejects(seedDemoData(t.services, broken), /^Error: seeding plan seeded: /);
      assert.deepEqual(await counts(), empty, 'the failed plan left no product, price or event');

      const created = await seedDemoData(t.services, demo([plan]));
      assert.deepEqual(created, { metrics: 0, plans: 1, add_ons: 1, coupons: 1, customers: 1, subscriptions: 1, usage_events: 0 });
      const seeded = await counts();
      assert.deepEqual({ ...seeded, events: 0 }, {
        products: 2, prices: 3, plans: 1, add_ons: 1, coupons: 1, customers: 1, subscriptions: 1, events: 0,
      });
      const [subscription] = await t.services.db.selectFrom('subscriptions').selectAll().execute();
      assert.equal(subscription.time_zone, 'Europe/Paris');
      assert.equal(JSON.parse(subscription.add_ons).length, 1);

      const again = await seedDemoData(t.services, demo([plan]));
      assert.deepEqual(again, { metrics: 0, plans: 0, add_ons: 0, coupons: 0, customers: 0, subscriptions: 0, usage_events: 0 });
      assert.deepEqual(await counts(), seeded);
    });
  });
}
