'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createCustomer, expectStatus, expectError } = require('./support/fixtures');

// Credit notes and the customer balance. Every amount is worked out by hand in the comments;
// the server asks the core for every one of them (tax reversed by the core's invoice op).
for (const backend of BACKENDS) {
  describe(`credit notes and balances [${backend}]`, () => {
    let t;
    const clock = manualClock('2026-03-10T09:00:00.000Z');
    before(async () => {
      t = await startTestServer(backend, { clock });
    });
    after(() => t.close());

    const oneOff = (body) => expectStatus(t.call('POST', '/v1/invoices', { body: { auto_finalize: true, ...body } }), 201);
    const credit = (body) => t.call('POST', '/v1/credit_notes', { body });
    const balanceOf = async (customer) => (await expectStatus(t.call('GET', `/v1/customers/${customer.id}/balance`), 200)).balance;
    const ledgerOf = async (customer) => (await expectStatus(t.call('GET', `/v1/customers/${customer.id}/balance_transactions?limit=100`), 200)).data.reverse();
    const count = async (table) => Number((await t.services.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()).n);
    const eventTypes = async (id) => (await expectStatus(t.call('GET', `/v1/events?object_id=${id}&limit=100`), 200)).data.map((e) => e.type);

    it('credits a taxed invoice by quantity, lump and in full, reversing exactly the tax it charged', async () => {
      await expectStatus(t.call('PATCH', '/v1/seller_settings', { body: { tax: { country: 'DE', default_tax_category: 'digital_services' } } }), 200);
      const customer = await createCustomer(t, { currency: 'EUR', address: { city: 'Paris', postal_code: '75011', country: 'FR' } });
      // Line 0: 3 × 33.33 = 99.99 exclusive, FR VAT 20 %: 19.998 → 20.00.
      // Line 1: 10.05 tax included: tax 10.05 × 20/120 = 1.675 → 1.68, net 8.37.
      // Total 99.99 + 20.00 + 10.05 = 130.04.
      const invoice = await oneOff({ customer: customer.id, lines: [
        { description: 'Seats', unit_amount: '33.33', quantity: '3' },
        { description: 'Setup', unit_amount: '10.05', tax_behavior: 'inclusive' },
      ] });
      assert.deepEqual([invoice.tax_total, invoice.total], ['21.68', '130.04']);
      await expectStatus(t.call('POST', `/v1/invoices/${invoice.id}/pay`, { body: { paid_out_of_band: true } }), 200);

      // 1 seat back: 33.33 + tax 6.666 → 6.67 = 40.00; 10.00 of it refunded, 30.00 to the balance.
      const first = await expectStatus(credit({ invoice: invoice.id, reason: 'order_change', lines: [{ line: 0, quantity: '1' }], refund_amount: '10.00' }), 201);
      assert.deepEqual([first.number, first.invoice_number, first.subtotal, first.tax_total, first.total, first.amount], ['CN-000001', invoice.number, '-33.33', '-6.67', '-40.00', '40.00']);
      assert.deepEqual([first.refund_amount, first.credit_amount], ['10.00', '30.00']);
      assert.deepEqual(first.lines, [{ invoice_line: 0, description: 'Seats', amount: '33.33', quantity: '1' }]);
      assert.equal(first.taxes[0].jurisdiction, 'FR');

      // The 2 other seats: restated as tax(99.99) − tax(33.33) = 20.00 − 6.67 = 13.33 (not
      // 2 × 6.666 → 13.33 by luck: the line's whole tax, 20.00, is reversed over both notes).
      const second = await expectStatus(credit({ invoice: invoice.id, reason: 'product_unsatisfactory', lines: [{ line: 0, quantity: 2 }] }), 201);
      assert.deepEqual([second.number, second.subtotal, second.tax_total, second.total, second.amount], ['CN-000002', '-66.66', '-13.33', '-79.99', '79.99']);
      await expectError(credit({ invoice: invoice.id, reason: 'duplicate', lines: [{ line: 0, quantity: '0.5' }] }), 400, 'INVALID_ARGUMENT', '/lines/0/quantity');

      // A lump 5.00: all of it on the only line left (tax included: 5.00 × 20/120 = 0.833 → 0.83).
      const lump = await expectStatus(credit({ invoice: invoice.id, reason: 'order_change', amount: '5.00' }), 201);
      assert.deepEqual([lump.subtotal, lump.tax_total, lump.total, lump.amount], ['-5.00', '-0.83', '-5.00', '5.00']);
      assert.deepEqual(lump.lines.map((line) => [line.invoice_line, line.amount]), [[1, '5.00']]);

      // In full: the 5.05 left of line 1, its tax 1.68 − 0.83 = 0.85.
      const rest = await expectStatus(credit({ invoice: invoice.id, reason: 'duplicate' }), 201);
      assert.deepEqual([rest.number, rest.tax_total, rest.total, rest.amount], ['CN-000004', '-0.85', '-5.05', '5.05']);
      // 40.00 + 79.99 + 5.00 + 5.05 = 130.04, the invoice's total; tax 6.67 + 13.33 + 0.83 + 0.85 = 21.68.
      await expectError(credit({ invoice: invoice.id, reason: 'duplicate' }), 409, 'INVALID_STATE');

      // The balance: 30.00 + 79.99 + 5.00 + 5.05 = 120.04.
      assert.equal(await balanceOf(customer), '120.04');
      assert.deepEqual((await ledgerOf(customer)).map((txn) => [txn.type, txn.amount, txn.ending_balance, txn.source.id]), [
        ['credit_note', '30.00', '30.00', first.id], ['credit_note', '79.99', '109.99', second.id],
        ['credit_note', '5.00', '114.99', lump.id], ['credit_note', '5.05', '120.04', rest.id],
      ]);
      assert.deepEqual(await eventTypes(first.id), ['credit_note.created']);

      // The next invoice is paid from the balance at finalization: 100.00 + 20.00 VAT = 120.00,
      // all from the balance, nothing due (so paid at once); 0.04 stays.
      const next = await oneOff({ customer: customer.id, lines: [{ description: 'Renewal', unit_amount: '100.00' }] });
      assert.deepEqual([next.total, next.credits_applied, next.amount_due, next.status], ['120.00', '120.00', '0.00', 'paid']);
      assert.equal(await balanceOf(customer), '0.04');
      const last = (await ledgerOf(customer)).at(-1);
      assert.deepEqual([last.type, last.amount, last.ending_balance, last.source], ['applied_to_invoice', '-120.00', '0.04', { type: 'invoice', id: next.id }]);
      assert.equal((await expectStatus(t.call('POST', `/v1/invoices/${next.id}/verify`), 200)).matches, true);
      await expectStatus(t.call('PATCH', '/v1/seller_settings', { body: { tax: { country: null } } }), 200);
    });

    it('spreads a lump amount over the lines in proportion, and credits amounts per line', async () => {
      const customer = await createCustomer(t);
      const invoice = await oneOff({ customer: customer.id, lines: [{ description: 'A', unit_amount: '60.00' }, { description: 'B', unit_amount: '40.00' }] });
      // 25.00 over 60.00 and 40.00: 15.00 and 10.00.
      const lump = await expectStatus(credit({ invoice: invoice.id, reason: 'order_change', amount: '25.00' }), 201);
      assert.deepEqual(lump.lines.map((line) => line.amount), ['15.00', '10.00']);
      assert.equal(lump.total, '-25.00');
      // Left: 45.00 and 30.00. 30.01 on line 1 is too much; 30.00 is all of it.
      await expectError(credit({ invoice: invoice.id, reason: 'order_change', lines: [{ line: 1, amount: '30.01' }] }), 400, 'INVALID_ARGUMENT', '/lines/0/amount');
      const exact = await expectStatus(credit({ invoice: invoice.id, reason: 'order_change', lines: [{ line: 1, amount: '30.00' }] }), 201);
      assert.equal(exact.amount, '30.00');
      await expectError(credit({ invoice: invoice.id, reason: 'order_change', amount: '45.01' }), 400, 'INVALID_ARGUMENT', '/amount');
      const listed = await expectStatus(t.call('GET', `/v1/credit_notes?invoice=${invoice.id}`), 200);
      assert.deepEqual(listed.data.map((note) => note.id), [exact.id, lump.id]);
      assert.equal(await balanceOf(customer), '55.00');
    });

    it('refuses bad input with a coded 4xx, changing nothing', async () => {
      const customer = await createCustomer(t);
      const open = await oneOff({ customer: customer.id, lines: [{ description: 'X', unit_amount: '10.00', quantity: '2' }] });
      const draft = await oneOff({ customer: customer.id, lines: [{ description: 'Y', unit_amount: '1.00' }], auto_finalize: false });
      const before = [await count('credit_notes'), await count('customer_balance_transactions'), await count('events')];
      const settings = await expectStatus(t.call('GET', '/v1/seller_settings'), 200);
      await expectError(credit({ invoice: 'in_missing', reason: 'duplicate' }), 404, 'NOT_FOUND', '/invoice');
      await expectError(credit({ invoice: draft.id, reason: 'duplicate' }), 409, 'INVALID_STATE', '/invoice');
      await expectError(credit({ invoice: open.id, reason: 'changed_mind' }), 400, 'INVALID_ARGUMENT');
      await expectError(credit({ invoice: open.id }), 400, 'MISSING_FIELD');
      await expectError(credit({ invoice: open.id, reason: 'duplicate', amount: '1.00', lines: [{ line: 0, amount: '1.00' }] }), 400, 'INVALID_ARGUMENT', '/amount');
      await expectError(credit({ invoice: open.id, reason: 'duplicate', lines: [{ line: 3, amount: '1.00' }] }), 400, 'INVALID_ARGUMENT', '/lines/0/line');
      await expectError(credit({ invoice: open.id, reason: 'duplicate', lines: [{ line: 0, amount: '1.005' }] }), 400, 'INVALID_ARGUMENT', '/lines/0/amount');
      await expectError(credit({ invoice: open.id, reason: 'duplicate', lines: [{ line: 0, amount: '-1.00' }] }), 400, 'INVALID_ARGUMENT', '/lines/0/amount');
      await expectError(credit({ invoice: open.id, reason: 'duplicate', lines: [{ line: 0 }] }), 400, 'INVALID_ARGUMENT', '/lines/0');
      await expectError(credit({ invoice: open.id, reason: 'duplicate', lines: [{ line: 0, quantity: '3' }] }), 400, 'INVALID_ARGUMENT', '/lines/0/quantity');
      await expectError(credit({ invoice: open.id, reason: 'duplicate', lines: [{ line: 0, amount: '1.00' }, { line: 0, amount: '1.00' }] }), 400, 'INVALID_ARGUMENT', '/lines/1/line');
      await expectError(credit({ invoice: open.id, reason: 'duplicate', amount: '0' }), 400, 'INVALID_ARGUMENT', '/amount');
      await expectError(credit({ invoice: open.id, reason: 'duplicate', refund_amount: '5.00' }), 400, 'INVALID_ARGUMENT', '/refund_amount');
      await expectError(credit({ invoice: open.id, reason: 'duplicate', amount: 5 }), 400, 'INVALID_TYPE', '/amount');
      await expectError(t.call('POST', `/v1/customers/${customer.id}/balance_transactions`, { body: { amount: '-0.01', description: 'take' } }), 400, 'INVALID_ARGUMENT', '/amount');
      await expectError(t.call('POST', `/v1/customers/${customer.id}/balance_transactions`, { body: { amount: '0.00', description: 'zero' } }), 400, 'INVALID_ARGUMENT', '/amount');
      await expectError(t.call('POST', '/v1/customers/cus_missing/balance_transactions', { body: { amount: '1.00', description: 'x' } }), 404, 'NOT_FOUND');
      await expectError(t.call('GET', '/v1/credit_notes/cn_missing'), 404, 'NOT_FOUND');
      for (const query of ['limit=0', 'limit=101', 'limit=ten', 'status=open', `invoice=${'x'.repeat(101)}`, 'cursor=bogus']) {
        const refused = await t.call('GET', `/v1/credit_notes?${query}`);
        assert.equal(refused.status, 400, `${query}: ${JSON.stringify(refused.body)}`);
        assert.match(refused.body.error.path, /^\/query\//, query);
      }
      for (const read of ['balance', 'balance_transactions', 'credit_grants']) {
        await expectError(t.call('GET', `/v1/customers/cus_missing/${read}`), 404, 'NOT_FOUND');
      }
      await expectError(t.call('POST', '/v1/customers/cus_missing/credit_grants', { body: { amount: '1.00' } }), 404, 'NOT_FOUND');
      await expectError(t.call('POST', '/v1/credit_grants/cgrant_missing/void'), 404, 'NOT_FOUND');
      assert.deepEqual([await count('credit_notes'), await count('customer_balance_transactions'), await count('events')], before);
      assert.deepEqual(await expectStatus(t.call('GET', '/v1/seller_settings'), 200), settings);
      // An adjustment credits the customer; the next credit note still takes the next number.
      const adjustment = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/balance_transactions`, { body: { amount: '2.50', description: 'Goodwill' } }), 201);
      assert.deepEqual([adjustment.type, adjustment.amount, adjustment.ending_balance], ['adjustment', '2.50', '2.50']);
      const note = await expectStatus(credit({ invoice: open.id, reason: 'fraudulent', lines: [{ line: 0, quantity: 1 }] }), 201);
      assert.equal(note.number, settings.credit_note_numbering.next);
      assert.equal(await balanceOf(customer), '12.50');

      // A grant voided once (credit_grant.voided), not twice, and no longer spent: the next
      // invoice's 1.00 comes from the balance (12.50 → 11.50).
      const grant = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/credit_grants`, { body: { amount: '3.00' } }), 201);
      const voided = await expectStatus(t.call('POST', `/v1/credit_grants/${grant.id}/void`), 200);
      assert.deepEqual([voided.id, voided.status, voided.remaining, typeof voided.voided_at], [grant.id, 'voided', '3.00', 'string']);
      const events = await count('events');
      await expectError(t.call('POST', `/v1/credit_grants/${grant.id}/void`), 409, 'INVALID_STATE');
      assert.equal(await count('events'), events);
      assert.deepEqual(await eventTypes(grant.id), ['credit_grant.voided', 'credit_grant.created']);
      const next = await oneOff({ customer: customer.id, lines: [{ description: 'After the void', unit_amount: '1.00' }] });
      assert.deepEqual([next.credits_applied, next.amount_due], ['1.00', '0.00']);
      assert.equal(await balanceOf(customer), '11.50');
      assert.deepEqual((await expectStatus(t.call('GET', `/v1/customers/${customer.id}/credit_grants`), 200)).data.map((g) => [g.remaining, g.status]), [['3.00', 'voided']]);
    });


    it('spends credit grants by priority then expiry, expires them on the customer\'s test clock, then the balance', async () => {
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-03-10T09:00:00Z' } }), 201);
      const customer = await createCustomer(t, { test_clock: testClock.id });
      const granting = (body) => t.call('POST', `/v1/customers/${customer.id}/credit_grants`, { body });
      const grant = (body) => expectStatus(granting(body), 201);
      const grants = async () => Object.fromEntries((await expectStatus(t.call('GET', `/v1/customers/${customer.id}/credit_grants`), 200)).data
        .map((g) => [g.description, [g.remaining, g.status]]));
      const first = await grant({ amount: '5.00', priority: 0, expires_at: '2026-03-20T00:00:00Z', description: 'first' });
      await grant({ amount: '30.00', priority: 1, description: 'never expires' });
      const soon = await grant({ amount: '10.00', priority: 1, expires_at: '2026-03-15T00:00:00Z', description: 'expires soon' });
      await expectStatus(t.call('POST', `/v1/customers/${customer.id}/balance_transactions`, { body: { amount: '2.00', description: 'Goodwill' } }), 201);
      const before = await count('credit_grants');
      await expectError(granting({ amount: '0.00' }), 400, 'INVALID_ARGUMENT', '/amount');
      await expectError(granting({ amount: '1.001' }), 400, 'INVALID_ARGUMENT', '/amount');
      // The customer's now is its clock's 2026-03-10, not the server's.
      await expectError(granting({ amount: '1.00', expires_at: '2026-03-01T00:00:00Z' }), 400, 'INVALID_ARGUMENT', '/expires_at');
      await expectError(granting({ amount: '1.00', priority: 101 }), 400, 'INVALID_ARGUMENT', '/priority');
      assert.equal(await count('credit_grants'), before);

      // 7.00: first the priority-0 grant (5.00 → 0.00), then of the two priority-1 grants the
      // one expiring first (10.00 → 8.00); the one that never expires is untouched.
      const small = await oneOff({ customer: customer.id, lines: [{ description: 'Small', unit_amount: '7.00' }] });
      assert.deepEqual([small.credits_applied, small.amount_due, small.status], ['7.00', '0.00', 'paid']);
      assert.deepEqual(await grants(), { first: ['0.00', 'depleted'], 'never expires': ['30.00', 'active'], 'expires soon': ['8.00', 'active'] });
      assert.deepEqual(await eventTypes(first.id), ['credit_grant.created']);
      const applied = (await expectStatus(t.call('GET', `/v1/events?type=credit_grant.applied&customer=${customer.id}`), 200)).data
        .map((event) => event.data.object).reverse();
      assert.deepEqual(applied.map((use) => [use.credit_grant, use.invoice, use.amount, use.remaining]),
        [[first.id, small.id, '5.00', '0.00'], [soon.id, small.id, '2.00', '8.00']]);

      // The clock moves to the 16th: the job on the customer's clock expires the 8.00 left.
      await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: '2026-03-16T09:00:00Z' } }), 200);
      await t.worker.drain();
      const expired = (await expectStatus(t.call('GET', `/v1/events?type=credit_grant.expired&customer=${customer.id}`), 200)).data;
      assert.deepEqual(expired.map((event) => event.data.object.id), [soon.id]);
      const { object } = expired[0].data;
      assert.deepEqual([object.remaining, object.expired_amount, object.expired_at, object.status], ['0.00', '8.00', '2026-03-15T00:00:00.000Z', 'expired']);
      assert.deepEqual(await grants(), { first: ['0.00', 'depleted'], 'never expires': ['30.00', 'active'], 'expires soon': ['0.00', 'expired'] });

      // 40.00: never expires 30.00, then the balance 2.00 = 32.00 applied, 8.00 due.
      const big = await oneOff({ customer: customer.id, lines: [{ description: 'Big', unit_amount: '40.00' }] });
      assert.deepEqual([big.credits_applied, big.amount_due], ['32.00', '8.00']);
      assert.deepEqual((await grants())['never expires'], ['0.00', 'depleted']);
      assert.equal(await balanceOf(customer), '0.00');
      const movements = (await ledgerOf(customer)).map((txn) => [txn.type, txn.amount, txn.ending_balance]);
      assert.deepEqual(movements, [['adjustment', '2.00', '2.00'], ['applied_to_invoice', '-2.00', '0.00']]);
      const created = (await expectStatus(t.call('GET', `/v1/events?type=customer_balance_transaction.created&customer=${customer.id}`), 200)).data;
      assert.deepEqual(created.map((event) => [event.data.object.type, event.data.object.amount]).reverse(), [['adjustment', '2.00'], ['applied_to_invoice', '-2.00']]);
      assert.equal((await expectStatus(t.call('POST', `/v1/invoices/${big.id}/verify`), 200)).matches, true);

      // Past the 20th: the first grant, spent to zero, stays depleted; nothing expires again.
      await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: '2026-03-21T09:00:00Z' } }), 200);
      await t.worker.drain();
      assert.deepEqual((await grants()).first, ['0.00', 'depleted']);
      const expiredAfter = (await expectStatus(t.call('GET', `/v1/events?type=credit_grant.expired&customer=${customer.id}`), 200)).data;
      assert.deepEqual(expiredAfter.map((event) => event.data.object.id), [soon.id]);
    });
  });
}
