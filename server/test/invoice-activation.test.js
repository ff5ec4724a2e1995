'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');

// A checkout's subscription starts incomplete; paying its first invoice activates it in the
// same transaction, and an expired one stays expired when its invoice is paid late.
for (const backend of BACKENDS) {
  describe(`incomplete subscriptions and their first invoice [${backend}]`, () => {
    let t;
    let clock;
    let plan;
    before(async () => {
      clock = manualClock('2026-05-04T09:00:00.000Z');
      t = await startTestServer(backend, { clock });
      ({ plan } = await createPlan(t, { code: 'seats', pricings: [{ model: 'per_unit', unit_amount: '12.00' }] }));
    });
    after(() => t.close());

    const subscribeIncomplete = async () => {
      const customer = await createCustomer(t);
      const subscription = await expectStatus(t.call('POST', '/v1/subscriptions', {
        body: { customer: customer.id, plan: plan.id, quantity: '2', payment_behavior: 'default_incomplete' },
      }), 201);
      const invoices = await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}`), 200);
      return { customer, subscription, invoices: invoices.data };
    };

    it('activates the subscription when its first invoice is paid', async () => {
      const { subscription, invoices } = await subscribeIncomplete();
      assert.equal(subscription.status, 'incomplete');
      assert.equal(invoices.length, 1);
      // 2 seats at 12.00 for the first month, in advance.
      assert.equal(invoices[0].total, '24.00');
      let invoice = invoices[0];
      if (invoice.status === 'draft') invoice = await expectStatus(t.call('POST', `/v1/invoices/${invoice.id}/finalize`), 200);
      await expectStatus(t.call('POST', `/v1/invoices/${invoice.id}/pay`, { body: { paid_out_of_band: true } }), 200);
      assert.equal((await expectStatus(t.call('GET', `/v1/subscriptions/${subscription.id}`), 200)).status, 'active');
      // Paying twice is refused and changes nothing.
      await expectError(t.call('POST', `/v1/invoices/${invoice.id}/pay`, { body: { paid_out_of_band: true } }), 409, 'INVALID_STATE');
    });

    it('leaves an expired subscription expired when its invoice is paid after the expiry', async () => {
      const { subscription, invoices } = await subscribeIncomplete();
      let invoice = invoices[0];
      if (invoice.status === 'draft') invoice = await expectStatus(t.call('POST', `/v1/invoices/${invoice.id}/finalize`), 200);
      clock.set('2026-05-05T09:00:01.000Z'); // 24 h later: past the default 23 h
      await expectStatus(t.call('POST', `/v1/invoices/${invoice.id}/pay`, { body: { paid_out_of_band: true } }), 200);
      assert.equal((await expectStatus(t.call('GET', `/v1/subscriptions/${subscription.id}`), 200)).status, 'incomplete_expired');
    });
  });
}
