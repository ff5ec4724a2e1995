'use strict';
// Invoices and payments together, over HTTP with the vault and both simulated gateways: a
// finalized invoice collected automatically is charged once to the default card and becomes
// paid; a declined charge leaves it open; a payment may name only a payable invoice of its
// customer.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { startPaymentsServer } = require('./support/payments');

for (const backend of BACKENDS) {
  describe(`invoices charged automatically [${backend}]`, () => {
    let t;
    let plan;
    before(async () => {
      t = await startPaymentsServer(backend);
      ({ plan } = await createPlan(t, { code: 'auto-charge', pricings: [{ model: 'per_unit', unit_amount: '12.00' }] }));
    });
    after(async () => {
      if (t) await t.close();
    });

    const subscribe = async (card) => {
      const customer = await createCustomer(t);
      await t.cardOnFile(customer.id, card);
      await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id, quantity: '2' } }), 201);
      const [invoice] = (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}`), 200)).data;
      return { customer, invoice };
    };
    const paymentsOf = async (invoice) => (await expectStatus(t.call('GET', `/v1/payments?invoice=${invoice.id}`), 200)).data;

    it('charges the first invoice once to the default card and marks it paid', async () => {
      const { invoice } = await subscribe('4242424242424242');
      // 2 seats at 12.00 for the first month, in advance, collected automatically.
      assert.deepEqual([invoice.status, invoice.collection_method, invoice.amount_due], ['open', 'charge_automatically', '24.00']);
      // The outbox hands invoice.finalized to payments, which queues the charge: run both jobs.
      await t.worker.drain();
      const paid = await expectStatus(t.call('GET', `/v1/invoices/${invoice.id}`), 200);
      assert.equal(paid.status, 'paid');
      const payments = await paymentsOf(invoice);
      assert.equal(payments.length, 1);
      assert.deepEqual([payments[0].status, payments[0].amount], ['succeeded', '24.00']);
      assert.equal(paid.amount_remaining, '0.00');
      const charges = [...await t.gateway('atlas').chargesFor(payments[0].id), ...await t.gateway('beacon').chargesFor(payments[0].id)];
      assert.equal(charges.filter((charge) => charge.status === 'succeeded').length, 1, 'charged exactly once');
    });

    it('leaves the invoice open when the charge is declined', async () => {
      const { invoice } = await subscribe('4000000000000341');
      await t.worker.drain();
      const payments = await paymentsOf(invoice);
      assert.deepEqual(payments.map((payment) => payment.status), ['failed']);
      const [failed] = payments;
      assert.equal(failed.amount, '24.00');
      assert.equal((await expectStatus(t.call('GET', `/v1/invoices/${invoice.id}`), 200)).status, 'open');
    });

    it('refuses a payment naming an invoice that is not payable, or another customer\'s', async () => {
      const { customer, invoice } = await subscribe('4000000000000341');
      const stranger = await createCustomer(t);
      await t.cardOnFile(stranger.id, '4242424242424242');
      await expectError(t.call('POST', '/v1/payments', { body: { customer: stranger.id, amount: '24.00', currency: 'USD', invoice: invoice.id } }), 404, 'NOT_FOUND');
      await expectStatus(t.call('POST', `/v1/invoices/${invoice.id}/void`), 200);
      await expectError(t.call('POST', '/v1/payments', { body: { customer: customer.id, amount: '24.00', currency: 'USD', invoice: invoice.id } }), 409, 'INVALID_STATE');
      await expectError(t.call('POST', '/v1/payments', { body: { customer: customer.id, amount: '24.00', currency: 'USD', invoice: 'in_missing' } }), 404, 'NOT_FOUND');
    });
  });
}
