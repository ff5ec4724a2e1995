'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { seedDemoData } = require('../src/seed/demo-data');
const { DEMO_DATA } = require('../src/seed/demo-catalog');

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
    let clock;
    before(async () => {
      clock = manualClock('2026-12-07T09:00:00.000Z');
      t = await startTestServer(backend, { clock });
    });
    after(() => t.close());

    const count = async (table) => (await t.services.db.selectFrom(table).select('id').execute()).length;
    const counts = async () => Object.fromEntries(await Promise.all(
      ['products', 'prices', 'plans', 'add_ons', 'coupons', 'customers', 'subscriptions', 'events'].map(async (table) => [table, await count(table)]),
    ));

    it("replays the demo's past on the wall clock: each month's MRR snapshot is the core's over the subscriptions as they were then", async () => {
      const history = { ...DEMO_DATA, customers: [], subscriptions: [], usage: {} };
      // A first start stops after two steps; the next, a month later, resumes on the same days.
      assert.equal((await seedDemoData(t.services, { ...history, history: history.history.slice(0, 2) })).history_days, 2);
      clock.set('2027-01-03T09:00:00.000Z');
      const created = await seedDemoData(t.services, history);
      assert.equal(created.history_days, 3);
      const { status, body: report } = await t.call('GET', '/v1/reports/mrr_movements?currency=USD');
      assert.equal(status, 200);
      // Starter 29.00 a month, Team 12.00 a seat, Scale's platform fee 199.00 (usage is no MRR),
      // Team annual 120.00 a seat a year (10.00 a month).
      // [day, MRR, new, expansion, contraction, churn]
      assert.deepEqual(report.data.map((row) => [row.day, row.mrr, row.new, row.expansion, row.contraction, row.churn]), [
        ['2026-07-01', '65.00', '65.00', '0.00', '0.00', '0.00'],
        ['2026-08-01', '288.00', '199.00', '24.00', '0.00', '0.00'],
        ['2026-09-01', '341.00', '53.00', '0.00', '0.00', '0.00'],
        ['2026-10-01', '300.00', '0.00', '0.00', '-12.00', '-29.00'],
        ['2026-11-01', '311.00', '40.00', '0.00', '0.00', '-29.00'],
      ]);
      const customers = await t.services.db.selectFrom('subscriptions').innerJoin('customers', 'customers.id', 'subscriptions.customer_id')
        .select(['customers.external_id', 'subscriptions.status', 'subscriptions.started_at']).orderBy('customers.external_id').execute();
      assert.deepEqual(customers.map((row) => [row.external_id, row.status, row.started_at.slice(0, 10)]), [
        ['demo-history-01', 'canceled', '2026-07-01'], ['demo-history-02', 'active', '2026-07-01'], ['demo-history-03', 'active', '2026-08-01'],
        ['demo-history-04', 'active', '2026-09-01'], ['demo-history-05', 'canceled', '2026-09-01'], ['demo-history-06', 'active', '2026-11-01'],
      ]);
      const invoices = await t.services.db.selectFrom('invoices').innerJoin('customers', 'customers.id', 'invoices.customer_id')
        .select(['invoices.period_start', 'invoices.finalized_at']).where('customers.external_id', '=', 'demo-history-02')
        .orderBy('invoices.period_start').execute();
      assert.deepEqual(invoices.map((row) => [row.period_start.slice(0, 10), row.finalized_at.slice(0, 10)]).slice(0, 4), [
        ['2026-07-01', '2026-07-01'], ['2026-08-01', '2026-08-01'], ['2026-09-01', '2026-09-01'], ['2026-10-01', '2026-10-01'],
      ], 'each renewal billed on its day, as the billing job would have');
      assert.equal((await seedDemoData(t.services, history)).history_days, 0, 'a second start replays nothing');
      assert.equal((await t.call('GET', '/v1/reports/mrr?currency=USD')).body.data.length, 5);
    });

    it('runs each step in one transaction: a step that fails leaves nothing, and the next run duplicates nothing', async () => {
      const empty = await counts();
      // The plan's second price is refused by the core after its product and first price exist.
      const broken = demo([{ ...plan, prices: [monthly('10.00'), monthly('1.2.3')] }]);
      await assert.rejects(seedDemoData(t.services, broken), /^Error: seeding plan seeded: /);
      assert.deepEqual(await counts(), empty, 'the failed plan left no product, price or event');

      const created = await seedDemoData(t.services, demo([plan]));
      assert.deepEqual(created, { metrics: 0, plans: 1, add_ons: 1, coupons: 1, history_days: 0, customers: 1, subscriptions: 1, usage_events: 0 });
      const seeded = await counts();
      const added = Object.fromEntries(Object.keys(seeded).map((table) => [table, seeded[table] - empty[table]]));
      assert.deepEqual({ ...added, events: 0 }, { // the add-on's price joins the add-ons' product, seeded before
        products: 1, prices: 3, plans: 1, add_ons: 1, coupons: 1, customers: 1, subscriptions: 1, events: 0,
      });
      const subscription = await t.services.db.selectFrom('subscriptions').innerJoin('customers', 'customers.id', 'subscriptions.customer_id')
        .selectAll('subscriptions').where('customers.external_id', '=', 'seed-1').executeTakeFirstOrThrow();
      assert.equal(subscription.time_zone, 'Europe/Paris');
      assert.equal(JSON.parse(subscription.add_ons).length, 1);

      const again = await seedDemoData(t.services, demo([plan]));
      assert.deepEqual(again, { metrics: 0, plans: 0, add_ons: 0, coupons: 0, history_days: 0, customers: 0, subscriptions: 0, usage_events: 0 });
      assert.deepEqual(await counts(), seeded);
    });
  });
}
