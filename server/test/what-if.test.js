'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { createMetrics, createUsagePlan, sendBatch } = require('./support/usage');

// GET /v1/what_if/inputs: what each current subscription paying a price was last billed for it,
// as columns, from finalized invoices' lines (a plan price, an add-on's price, a usage price).
for (const backend of BACKENDS) {
  describe(`what-if inputs [${backend}]`, () => {
    let t;
    let clock;
    let seats; // per_unit 10.00 a seat
    let extra; // the add-on's price: per_unit 5.00
    let calls; // graduated usage price: 1000 free, then 0.002
    const subs = {};
    const inputs = (query) => expectStatus(t.call('GET', `/v1/what_if/inputs?${query}`), 200);
    const rows = (body) => body.subscriptions.map((sub, i) => [sub, body.customers[i], body.quantities[i], body.amounts[i]]);
    const advance = async (frozenTime) => {
      await expectStatus(t.call('POST', `/v1/test_clocks/${clock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
      await t.worker.drain();
    };

    before(async () => {
      t = await startTestServer(backend);
      await createMetrics(t, [{ code: 'calls', aggregation: 'sum', property: 'n' }]);
      const created = await createPlan(t, { code: 'seats', pricings: [{ model: 'per_unit', unit_amount: '10.00' }] });
      [seats] = created.prices;
      extra = await expectStatus(t.call('POST', '/v1/prices', {
        body: { product: created.product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'per_unit', unit_amount: '5.00' } },
      }), 201);
      const addOn = await expectStatus(t.call('POST', '/v1/add_ons', { body: { code: 'extra', name: 'Extra', price: extra.id } }), 201);
      const metered = await createUsagePlan(t, {
        code: 'metered', metrics: ['calls'], pricings: { calls: { model: 'graduated', tiers: [{ up_to: '1000', unit_amount: '0' }, { up_to: null, unit_amount: '0.002' }] } },
      });
      calls = metered.prices.find((price) => price.type === 'usage');
      clock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-01-01T00:00:00Z' } }), 201);
      const subscribe = async (name, body) => {
        const customer = await createCustomer(t, { name, test_clock: clock.id });
        subs[name] = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, ...body } }), 201);
      };
      await subscribe('three', { plan: created.plan.id, quantity: 3 });
      await subscribe('five', { plan: created.plan.id, quantity: 5, add_ons: [{ add_on: addOn.id, quantity: 2 }] });
      await subscribe('metered', { plan: metered.id });
      await subscribe('gone', { plan: created.plan.id, quantity: 7 });
      await expectStatus(t.call('POST', `/v1/subscriptions/${subs.gone.id}/cancel`, { body: { at_period_end: false } }), 200);
      const live = await createCustomer(t, { name: 'live' }); // on no test clock
      subs.live = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: live.id, plan: created.plan.id, quantity: 9 } }), 201);
    });
    after(() => t.close());

    it("lists the first invoices' lines of the price's current subscriptions, one customer scope at a time", async () => {
      const first = await inputs(`price=${seats.id}&test_clock=${clock.id}`);
      assert.equal(first.object, 'what_if_inputs');
      assert.deepEqual([first.price.id, first.price.pricing], [seats.id, { model: 'per_unit', unit_amount: '10.00' }]);
      assert.deepEqual(first.plans, [{ id: subs.three.plan, version: 1 }]);
      assert.deepEqual([first.count, first.unbilled], [2, 0], 'the canceled subscription is not current');
      assert.deepEqual(rows(first).sort(), [
        [subs.three.id, subs.three.customer, '3', '30.00'],
        [subs.five.id, subs.five.customer, '5', '50.00'],
      ].sort());
      assert.deepEqual([...first.subscriptions].sort(), first.subscriptions, 'in subscription id order');
      const invoice = await expectStatus(t.call('GET', `/v1/invoices/${first.invoices[0]}`), 200);
      assert.equal(invoice.customer, first.customers[0]);
      assert.deepEqual(rows(await inputs(`price=${seats.id}`)), [[subs.live.id, subs.live.customer, '9', '90.00']], 'customers on no test clock by default');
      assert.deepEqual(rows(await inputs(`price=${extra.id}&test_clock=${clock.id}`)), [[subs.five.id, subs.five.customer, '2', '10.00']], "an add-on's price");
      const usage = await inputs(`price=${calls.id}&test_clock=${clock.id}`);
      assert.deepEqual([usage.count, usage.unbilled, usage.quantities], [0, 1, []], 'a first invoice bills no usage yet');
    });

    it('takes the latest finalized invoice after a renewal: the new quantity, and usage billed in arrears', async () => {
      await advance('2026-01-10T00:00:00Z');
      await sendBatch(t, [{ id: 'e1', customer: subs.metered.customer, metric: 'calls', timestamp: '2026-01-05T00:00:00Z', properties: { n: '2500' } }]);
      await expectStatus(t.call('POST', `/v1/subscriptions/${subs.three.id}/change`, { body: { quantity: 4 } }), 200);
      await advance('2026-02-01T00:00:00Z');
      await expectStatus(t.call('POST', '/v1/billing_runs', { body: {} }), 202);
      await t.worker.drain();
      const renewed = await inputs(`price=${seats.id}&test_clock=${clock.id}`);
      assert.deepEqual(rows(renewed).sort(), [
        [subs.three.id, subs.three.customer, '4', '40.00'],
        [subs.five.id, subs.five.customer, '5', '50.00'],
      ].sort());
      const february = await expectStatus(t.call('GET', `/v1/invoices/${renewed.invoices[renewed.subscriptions.indexOf(subs.three.id)]}`), 200);
      assert.equal(february.period_start, '2026-02-01T00:00:00.000Z');
      const usage = await inputs(`price=${calls.id}&test_clock=${clock.id}`);
      assert.deepEqual([rows(usage), usage.unbilled], [[[subs.metered.id, subs.metered.customer, '2500', '3.00']], 0]);
    });

    it("narrows to one plan's subscriptions paying the price in their plan version, add-ons left out", async () => {
      const all = await inputs(`price=${seats.id}&test_clock=${clock.id}`);
      assert.deepEqual(rows(await inputs(`price=${seats.id}&test_clock=${clock.id}&plan=${subs.three.plan}`)), rows(all));
      assert.deepEqual((await inputs(`price=${seats.id}&test_clock=${clock.id}&plan=${subs.metered.plan}`)).subscriptions, [], 'another plan');
      const addOn = await inputs(`price=${extra.id}&test_clock=${clock.id}&plan=${subs.five.plan}`);
      assert.deepEqual([addOn.count, addOn.subscriptions], [0, []], "an add-on's price is no plan's");
    });

    it('refuses a missing or unknown price and an unknown test clock, and other parameters', async () => {
      await expectError(t.call('GET', '/v1/what_if/inputs'), 400, 'MISSING_FIELD', '/query/price');
      await expectError(t.call('GET', '/v1/what_if/inputs?price=price_missing'), 404, 'NOT_FOUND', '/query/price');
      await expectError(t.call('GET', `/v1/what_if/inputs?price=${seats.id}&test_clock=clock_missing`), 404, 'NOT_FOUND', '/query/test_clock');
      await expectError(t.call('GET', `/v1/what_if/inputs?price=${seats.id}&plan=plan_missing`), 404, 'NOT_FOUND', '/query/plan');
      await expectError(t.call('GET', `/v1/what_if/inputs?price=${seats.id}&bogus=x`), 400, 'UNKNOWN_FIELD', '/query/bogus');
      assert.equal((await t.call('GET', `/v1/what_if/inputs?price=${seats.id}`, { key: t.keys.support })).status, 200, 'support reads it');
      assert.equal((await t.call('GET', `/v1/what_if/inputs?price=${seats.id}`, { key: t.keys.provisioning })).status, 403);
    });
  });
}
