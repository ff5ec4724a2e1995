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

      // Its money comes back only through a credit note of this invoice, up to its
      // refund_amount: 12.00 credited, 10.00 of it to refund, 2.00 to the balance.
      const [payment] = payments;
      const refund = (body) => t.call('POST', `/v1/payments/${payment.id}/refunds`, { body });
      const other = await expectStatus(t.call('POST', '/v1/invoices', { body: { customer: invoice.customer, collection_method: 'send_invoice', auto_finalize: true, lines: [{ description: 'Other', unit_amount: '5.00' }] } }), 201);
      const otherNote = await expectStatus(t.call('POST', '/v1/credit_notes', { body: { invoice: other.id, reason: 'duplicate' } }), 201);
      const note = await expectStatus(t.call('POST', '/v1/credit_notes', { body: { invoice: invoice.id, reason: 'order_change', amount: '12.00', refund_amount: '10.00' } }), 201);
      await expectError(refund({ amount: '1.00' }), 400, 'MISSING_FIELD', '/credit_note');
      await expectError(refund({ amount: '1.00', credit_note: 'cn_missing' }), 404, 'NOT_FOUND', '/credit_note');
      await expectError(refund({ amount: '1.00', credit_note: otherNote.id }), 400, 'INVALID_ARGUMENT', '/credit_note');
      const first = await expectStatus(refund({ amount: '6.00', credit_note: note.id }), 201);
      assert.deepEqual([first.status, first.amount, first.credit_note], ['succeeded', '6.00', note.id]);
      // 6.00 + 4.01 > 10.00: refused; the rest (4.00) is the default amount; then nothing is left.
      await expectError(refund({ amount: '4.01', credit_note: note.id }), 400, 'INVALID_ARGUMENT', '/amount');
      const rest = await expectStatus(refund({ credit_note: note.id }), 201);
      assert.equal(rest.amount, '4.00');
      await expectError(refund({ credit_note: note.id }), 400, 'INVALID_ARGUMENT', '/credit_note');
      await expectError(refund({ amount: '0.01', credit_note: note.id }), 400, 'INVALID_ARGUMENT', '/amount');
      const refunded = await expectStatus(t.call('GET', `/v1/payments/${payment.id}`), 200);
      assert.equal(refunded.amount_refunded, '10.00');
      const listed = await expectStatus(t.call('GET', `/v1/payments/${payment.id}/refunds`), 200);
      assert.deepEqual(listed.data.map((row) => [row.amount, row.credit_note]), [['6.00', note.id], ['4.00', note.id]]);
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

    it('applies partial payments: the invoice stays open until the rest is paid, and an over-payment is not applied beyond it', async () => {
      const customer = await createCustomer(t);
      await t.cardOnFile(customer.id, '4242424242424242');
      const invoice = await expectStatus(t.call('POST', '/v1/invoices', { body: { customer: customer.id, collection_method: 'send_invoice', auto_finalize: true, lines: [{ description: 'Setup', unit_amount: '30.00' }] } }), 201);
      const pay = (amount) => expectStatus(t.call('POST', '/v1/payments', { body: { customer: customer.id, amount, currency: 'USD', invoice: invoice.id } }), 201);
      const first = await pay('10.00');
      assert.equal(first.status, 'succeeded');
      const partly = await expectStatus(t.call('GET', `/v1/invoices/${invoice.id}`), 200);
      assert.deepEqual([partly.status, partly.amount_paid, partly.amount_remaining], ['open', '10.00', '20.00']);
      // 25.00 for the 20.00 that remains: 20.00 applied, the invoice paid, 5.00 left on the payment.
      const second = await pay('25.00');
      const paid = await expectStatus(t.call('GET', `/v1/invoices/${invoice.id}`), 200);
      assert.deepEqual([paid.status, paid.amount_paid, paid.amount_remaining, paid.payment_reference, paid.paid_out_of_band], ['paid', '30.00', '0.00', second.id, false]);
      const applications = await t.services.db.selectFrom('invoice_payment_applications').select(['source_id', 'amount'])
        .where('invoice_id', '=', invoice.id).orderBy('id').execute();
      assert.deepEqual(applications.map((row) => [row.source_id, row.amount]), [[first.id, '10.00'], [second.id, '20.00']]);
      const events = await t.services.db.selectFrom('events').select('type').where('object_id', '=', invoice.id).where('type', '=', 'invoice.paid').execute();
      assert.equal(events.length, 1, 'one invoice.paid');
      await expectError(t.call('POST', '/v1/payments', { body: { customer: customer.id, amount: '1.00', currency: 'USD', invoice: invoice.id } }), 409, 'INVALID_STATE');
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
