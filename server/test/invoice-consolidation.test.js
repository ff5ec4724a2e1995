'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');

// A customer's invoice_consolidation: on (the default), a billing moment puts every subscription
// renewing then on one invoice; off, each subscription gets an invoice of its own.
for (const backend of BACKENDS) {
  describe(`invoice consolidation setting [${backend}]`, () => {
    let t;
    before(async () => {
      t = await startTestServer(backend, { clock: manualClock('2027-06-01T00:00:00.000Z') });
    });
    after(() => t.close());

    const subscribe = (body) => expectStatus(t.call('POST', '/v1/subscriptions', { body }), 201);
    const bill = async () => {
      await expectStatus(t.call('POST', '/v1/billing_runs', { body: {} }), 202);
      await t.worker.drain();
    };
    const invoicesAt = async (customer, moment) => (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}&limit=100`), 200)).data
      .filter((invoice) => invoice.billing_moment === moment)
      .sort((a, b) => (a.total < b.total ? -1 : 1));
    // Each invoice's total, the subscriptions it bills and those its lines belong to.
    const summary = (invoices) => invoices.map((invoice) => [invoice.total, [...invoice.subscriptions].sort(), [...new Set(invoice.lines.map((line) => line.subscription_id))].sort()]);

    it('bills two subscriptions renewing together on one invoice by default and on one each when the setting is off', async () => {
      const ten = (await createPlan(t, { code: 'ten' })).plan; // 10.00 per unit
      const twenty = (await createPlan(t, { code: 'twenty', pricings: [{ model: 'per_unit', unit_amount: '20.00' }] })).plan;
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-03-05T00:00:00Z' } }), 201);
      const together = await createCustomer(t, { name: 'Together', test_clock: testClock.id });
      const apart = await createCustomer(t, { name: 'Apart', test_clock: testClock.id, invoice_consolidation: false });
      assert.deepEqual([together.invoice_consolidation, apart.invoice_consolidation], [true, false]);
      const subs = {};
      const both = {}; // a customer's two subscriptions, in id order (as an invoice lists them)
      for (const customer of [together, apart]) {
        subs[customer.id] = [await subscribe({ customer: customer.id, plan: ten.id }), await subscribe({ customer: customer.id, plan: twenty.id })].map((s) => s.id);
        both[customer.id] = [...subs[customer.id]].sort();
      }

      // With the setting off, the upcoming invoice with a change is the changed subscription's own:
      // May's 2 × 20.00 = 40.00, nothing prorated.
      const [apartTen, apartTwenty] = subs[apart.id];
      const proposed = await expectStatus(t.call('POST', '/v1/invoices/upcoming', {
        body: { customer: apart.id, subscription_changes: [{ subscription: apartTwenty, quantity: 2, proration_behavior: 'none' }] },
      }), 200);
      assert.deepEqual([proposed.billing_moment, proposed.total, proposed.subscriptions], ['2026-04-05T00:00:00.000Z', '40.00', [apartTwenty]]);

      await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: '2026-04-05T00:00:00Z' } }), 200);
      await bill();
      // April: together 10.00 + 20.00 = 30.00 on one invoice; apart 10.00 and 20.00 on two.
      const april = '2026-04-05T00:00:00.000Z';
      assert.deepEqual(summary(await invoicesAt(together, april)), [['30.00', both[together.id], both[together.id]]]);
      const apartApril = await invoicesAt(apart, april);
      assert.deepEqual(summary(apartApril), [['10.00', [apartTen], [apartTen]], ['20.00', [apartTwenty], [apartTwenty]]]);
      const numbers = apartApril.map((invoice) => invoice.number);
      assert.ok(numbers.every((number) => /^INV-\d{6}$/.test(number)) && numbers[0] !== numbers[1], numbers.join());

      // The setting changes with PATCH (an operator's: a portal session may not), from the next moment on.
      const { token } = await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: together.id } }), 201);
      await expectError(t.call('PATCH', `/v1/customers/${together.id}`, { key: token, body: { invoice_consolidation: false } }), 403, 'FORBIDDEN', '/invoice_consolidation');
      await expectError(t.call('PATCH', `/v1/customers/${together.id}`, { body: { invoice_consolidation: 'no' } }), 400, 'INVALID_TYPE', '/invoice_consolidation');
      await expectError(t.call('POST', '/v1/customers', { body: { name: 'Bad', currency: 'USD', invoice_consolidation: null } }), 400, 'INVALID_TYPE', '/invoice_consolidation');
      assert.equal((await expectStatus(t.call('GET', `/v1/customers/${together.id}`), 200)).invoice_consolidation, true);
      assert.equal((await expectStatus(t.call('PATCH', `/v1/customers/${together.id}`, { body: { invoice_consolidation: false } }), 200)).invoice_consolidation, false);
      assert.equal((await expectStatus(t.call('PATCH', `/v1/customers/${apart.id}`, { body: { invoice_consolidation: true } }), 200)).invoice_consolidation, true);
      await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: '2026-05-05T00:00:00Z' } }), 200);
      await bill();
      const may = '2026-05-05T00:00:00.000Z';
      const [togetherTen, togetherTwenty] = subs[together.id];
      assert.deepEqual(summary(await invoicesAt(together, may)), [['10.00', [togetherTen], [togetherTen]], ['20.00', [togetherTwenty], [togetherTwenty]]]);
      assert.deepEqual(summary(await invoicesAt(apart, may)), [['30.00', both[apart.id], both[apart.id]]]);
    });
  });
}
