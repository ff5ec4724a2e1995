'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createCustomer, expectStatus, expectError } = require('./support/fixtures');

// Seller settings, one-off invoices and the invoice lifecycle. Amounts are worked out by hand in
// the comments; the server asks the core for every one of them.
for (const backend of BACKENDS) {
  describe(`invoicing [${backend}]`, () => {
    let t;
    before(async () => {
      t = await startTestServer(backend, { clock: manualClock('2026-03-10T09:00:00.000Z') });
    });
    after(() => t.close());

    const invoiceCount = async () => Number((await t.services.db.selectFrom('invoices').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()).n);
    const eventTypes = async (id) => (await expectStatus(t.call('GET', `/v1/events?object_id=${id}&limit=100`), 200)).data.map((e) => e.type).reverse();
    const oneOff = (body) => t.call('POST', '/v1/invoices', { body });

    it('keeps seller settings, with defaults before the first change, and refuses bad ones changing nothing', async () => {
      const defaults = await expectStatus(t.call('GET', '/v1/seller_settings'), 200);
      assert.equal(defaults.legal_name, null);
      assert.equal(defaults.invoice_numbering.next, 'INV-000001');
      assert.equal(defaults.default_collection_method, 'charge_automatically');
      const updated = await expectStatus(t.call('PATCH', '/v1/seller_settings', {
        body: { legal_name: 'Ratecard GmbH', address: { line1: 'Torstr. 1', city: 'Berlin', postal_code: '10119', country: 'DE' }, tax: { tax_ids: ['DE123456789'] } },
      }), 200);
      assert.equal(updated.legal_name, 'Ratecard GmbH');
      assert.deepEqual(updated.tax.tax_ids, ['DE123456789']);

      await expectError(t.call('PATCH', '/v1/seller_settings', { body: { tax: { country: 'UK' } } }), 400, 'INVALID_ARGUMENT', '/tax/country');
      await expectError(t.call('PATCH', '/v1/seller_settings', { body: { tax: { country: 'US', registrations: ['US'] } } }), 400, 'INVALID_ARGUMENT', '/tax/registrations/0');
      await expectError(t.call('PATCH', '/v1/seller_settings', { body: { tax: { region: 'QC' } } }), 400, 'MISSING_FIELD', '/tax/country');
      await expectError(t.call('PATCH', '/v1/seller_settings', { body: { default_days_until_due: 17 } }), 400, 'INVALID_ARGUMENT', '/default_days_until_due');
      await expectError(t.call('PATCH', '/v1/seller_settings', { body: { invoice_numbering: { prefix: 'inv lower' } } }), 400, 'INVALID_ARGUMENT', '/invoice_numbering/prefix');
      await expectError(t.call('PATCH', '/v1/seller_settings', { body: { colour: 'blue' } }), 400, 'UNKNOWN_FIELD');
      await expectError(t.call('PATCH', '/v1/seller_settings', { body: {} }), 400, 'INVALID_ARGUMENT');
      assert.deepEqual(await expectStatus(t.call('GET', '/v1/seller_settings'), 200), updated);
    });

    it('makes a one-off draft, recomputes it on each added line, finalizes it with the next number and freezes the customer', async () => {
      const customer = await createCustomer(t, { name: 'Acme', email: 'ap@acme.test', address: { line1: '1 Main St', city: 'Lyon', country: 'FR' } });
      // 2 × 100.00 + 1 × 49.99 = 249.99
      const draft = await expectStatus(oneOff({
        customer: customer.id, lines: [{ description: 'Setup', unit_amount: '100.00', quantity: 2 }, { description: 'Training', unit_amount: '49.99' }],
      }), 201);
      assert.equal(draft.status, 'draft');
      assert.equal(draft.number, null);
      assert.equal(draft.billing_reason, 'manual');
      assert.deepEqual([draft.subtotal, draft.total, draft.amount_due], ['249.99', '249.99', '249.99']);
      assert.deepEqual(draft.lines.map((line) => [line.description, line.quantity, line.amount]), [['Setup', '2', '200.00'], ['Training', '1', '49.99']]);
      assert.equal(draft.period_start, '2026-03-10T09:00:00.000Z'); // the day it was made, in the billing zone (UTC)
      assert.equal(draft.period_end, '2026-03-11T09:00:00.000Z');

      // + 3 × 3.3333 = 9.9999 → 10.00 (rounded once, on its line): 259.99
      const edited = await expectStatus(t.call('POST', `/v1/invoices/${draft.id}/lines`, { body: { lines: [{ description: 'Hours', unit_amount: '3.3333', quantity: '3' }] } }), 200);
      assert.deepEqual([edited.lines.length, edited.lines[2].amount, edited.total], [3, '10.00', '259.99']);
      assert.notEqual(edited.content_hash, draft.content_hash);

      const open = await expectStatus(t.call('POST', `/v1/invoices/${draft.id}/finalize`), 200);
      assert.equal(open.status, 'open');
      assert.equal(open.number, 'INV-000001');
      assert.equal(open.finalized_at, '2026-03-10T09:00:00.000Z');
      assert.equal(open.due_at, open.finalized_at); // charge_automatically: due at once
      assert.deepEqual(open.customer_details, { name: 'Acme', email: 'ap@acme.test', address: { line1: '1 Main St', city: 'Lyon', country: 'FR' }, tax_ids: [] });
      assert.equal(open.seller_details.legal_name, 'Ratecard GmbH');
      await expectStatus(t.call('PATCH', `/v1/customers/${customer.id}`, { body: { name: 'Acme Renamed' } }), 200);
      assert.equal((await expectStatus(t.call('GET', `/v1/invoices/${draft.id}`), 200)).customer_details.name, 'Acme');

      // Immutable once open.
      await expectError(t.call('POST', `/v1/invoices/${draft.id}/lines`, { body: { lines: [{ description: 'More', unit_amount: '1.00' }] } }), 409, 'INVALID_STATE');
      await expectError(t.call('POST', `/v1/invoices/${draft.id}/finalize`), 409, 'INVALID_STATE');

      const verification = await expectStatus(t.call('POST', `/v1/invoices/${draft.id}/verify`), 200);
      assert.equal(verification.matches, true);
      assert.equal(verification.recomputed_hash, open.content_hash);

      const paid = await expectStatus(t.call('POST', `/v1/invoices/${draft.id}/pay`, { body: { paid_out_of_band: true, reference: 'wire 42' } }), 200);
      assert.deepEqual([paid.status, paid.paid_out_of_band, paid.amount_paid, paid.amount_remaining, paid.payment_reference], ['paid', true, '259.99', '0.00', 'wire 42']);
      await expectError(t.call('POST', `/v1/invoices/${draft.id}/void`), 409, 'INVALID_STATE');
      assert.deepEqual(await eventTypes(draft.id), ['invoice.created', 'invoice.finalized', 'invoice.paid']);
    });

    it('numbers finalized invoices without a gap, sets send_invoice due dates from the terms, voids and marks uncollectible', async () => {
      const customer = await createCustomer(t, { timezone: 'Europe/Berlin' });
      const net30 = await expectStatus(oneOff({
        customer: customer.id, lines: [{ description: 'Audit', unit_amount: '500.00' }], collection_method: 'send_invoice', days_until_due: 30, auto_finalize: true,
      }), 201);
      assert.equal(net30.number, 'INV-000002');
      assert.equal(net30.due_at, '2026-04-09T08:00:00.000Z'); // 30 days in Berlin: 10:00 CET (09:00Z) to 10:00 CEST (08:00Z)
      const draft = await expectStatus(oneOff({ customer: customer.id, lines: [{ description: 'Draft', unit_amount: '5.00' }] }), 201);
      const voided = await expectStatus(t.call('POST', `/v1/invoices/${draft.id}/void`), 200);
      assert.deepEqual([voided.status, voided.number, voided.amount_remaining], ['void', null, '0.00']);
      const uncollectible = await expectStatus(t.call('POST', `/v1/invoices/${net30.id}/mark_uncollectible`), 200);
      assert.equal(uncollectible.status, 'uncollectible');
      await expectError(t.call('POST', `/v1/invoices/${net30.id}/mark_uncollectible`), 409, 'INVALID_STATE');
      const third = await expectStatus(oneOff({ customer: customer.id, lines: [{ description: 'Next', unit_amount: '1.00' }], auto_finalize: true }), 201);
      assert.equal(third.number, 'INV-000003'); // the voided draft never took a number
      assert.deepEqual(await eventTypes(net30.id), ['invoice.created', 'invoice.finalized', 'invoice.marked_uncollectible']);
      const listed = await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}&status=void`), 200);
      assert.deepEqual(listed.data.map((invoice) => invoice.id), [draft.id]);
    });

    it('a stored invoice whose result was altered fails verification', async () => {
      const customer = await createCustomer(t);
      const invoice = await expectStatus(oneOff({ customer: customer.id, lines: [{ description: 'Thing', unit_amount: '10.00' }], auto_finalize: true }), 201);
      const row = await t.services.db.selectFrom('invoices').selectAll().where('id', '=', invoice.id).executeTakeFirst();
      await t.services.db.updateTable('invoices').set({ core_result: row.core_result.replace('"10.00"', '"1.00"') }).where('id', '=', invoice.id).execute();
      const verification = await expectStatus(t.call('POST', `/v1/invoices/${invoice.id}/verify`), 200);
      assert.equal(verification.matches, false);
      assert.equal(verification.recomputed_hash, invoice.content_hash); // the request still gives the original bytes
    });

    it('taxes by the seller registrations and the customer address (FR VAT on digital services from DE)', async () => {
      await expectStatus(t.call('PATCH', '/v1/seller_settings', { body: { tax: { country: 'DE', default_tax_category: 'digital_services' } } }), 200);
      const customer = await createCustomer(t, { currency: 'EUR', address: { city: 'Paris', postal_code: '75011', country: 'FR' } });
      // 100.00 + FR VAT 20 % = 120.00
      const invoice = await expectStatus(oneOff({ customer: customer.id, lines: [{ description: 'SaaS', unit_amount: '100.00' }], auto_finalize: true }), 201);
      assert.deepEqual([invoice.subtotal, invoice.tax_total, invoice.total], ['100.00', '20.00', '120.00']);
      assert.equal(invoice.taxes[0].jurisdiction, 'FR');
      await expectStatus(t.call('PATCH', '/v1/seller_settings', { body: { tax: { country: null } } }), 200);
    });

    it('refuses bad input on every invoice route with a coded 4xx, changing nothing', async () => {
      const customer = await createCustomer(t);
      const open = await expectStatus(oneOff({ customer: customer.id, lines: [{ description: 'X', unit_amount: '1.00' }], auto_finalize: true }), 201);
      const before = await invoiceCount();
      await expectError(oneOff({ customer: 'cus_missing', lines: [{ description: 'X', unit_amount: '1.00' }] }), 404, 'NOT_FOUND', '/customer');
      await expectError(oneOff({ customer: customer.id, lines: [] }), 400, 'INVALID_ARGUMENT');
      await expectError(oneOff({ customer: customer.id, lines: [{ description: 'X', unit_amount: 1 }] }), 400, 'INVALID_TYPE', '/lines/0/unit_amount');
      await expectError(oneOff({ customer: customer.id, lines: [{ description: 'X', unit_amount: '1.0000000000001' }] }), 400, 'INVALID_ARGUMENT', '/lines/0/unit_amount');
      await expectError(oneOff({ customer: customer.id, lines: [{ description: 'X', unit_amount: '-5.00' }] }), 400, 'INVALID_ARGUMENT', '/lines/0/unit_amount');
      await expectError(oneOff({ customer: customer.id, lines: [{ description: 'X', unit_amount: '1.00', quantity: 1.5 }] }), 400, 'INVALID_ARGUMENT');
      await expectError(oneOff({ customer: customer.id, lines: [{ description: 'X', unit_amount: '1.00' }], days_until_due: 30 }), 400, 'INVALID_ARGUMENT', '/days_until_due');
      await expectError(oneOff({ customer: customer.id, lines: [{ description: 'X', unit_amount: '1.00' }], bogus: true }), 400, 'UNKNOWN_FIELD');
      await expectError(t.call('POST', `/v1/invoices/${open.id}/pay`, { body: {} }), 400, 'MISSING_FIELD');
      await expectError(t.call('POST', `/v1/invoices/${open.id}/pay`, { body: { paid_out_of_band: false } }), 400, 'INVALID_ARGUMENT');
      await expectError(t.call('POST', '/v1/invoices/in_missing/finalize'), 404, 'NOT_FOUND');
      await expectError(t.call('POST', '/v1/invoices/in_missing/verify'), 404, 'NOT_FOUND');
      await expectError(t.call('GET', '/v1/invoices/in_missing'), 404, 'NOT_FOUND');
      await expectError(t.call('GET', '/v1/invoices?status=late'), 400, 'INVALID_ARGUMENT');
      await expectError(t.call('GET', '/v1/invoices/upcoming'), 400, 'MISSING_FIELD');
      await expectError(t.call('GET', '/v1/invoices/upcoming?customer=cus_missing'), 404, 'NOT_FOUND');
      await expectError(t.call('GET', `/v1/invoices/upcoming?customer=${customer.id}`), 404, 'NOT_FOUND'); // no subscription
      await expectError(t.call('POST', '/v1/billing_runs', { body: { until: '2999-01-01T00:00:00Z' } }), 400, 'INVALID_ARGUMENT', '/until');
      await expectError(t.call('POST', '/v1/billing_runs', { body: { until: 'soon' } }), 400, 'INVALID_ARGUMENT');
      await expectError(t.call('POST', '/v1/billing_runs', { body: { until: '2026-01-01T00:00:00Z', more: 1 } }), 400, 'UNKNOWN_FIELD');
      await expectError(t.call('GET', '/v1/billing_runs/brun_missing'), 404, 'NOT_FOUND');
      assert.equal(await invoiceCount(), before);
      assert.equal((await expectStatus(t.call('GET', `/v1/invoices/${open.id}`), 200)).status, 'open');
      assert.equal((await expectStatus(t.call('GET', '/v1/billing_runs'), 200)).data.length, 0);
    });
  });
}
