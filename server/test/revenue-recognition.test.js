'use strict';
// Revenue recognition from finalized invoices through the core's `recognize` op, on test
// clocks: the published examples (31.00 monthly from Jan 15: 17.00 then 14.00; 365.00 annual
// from Jan 1: 31.00, 28.00, 31.00), and every month recognized + deferred = invoiced net of tax,
// through renewals and a mid-period upgrade's proration credit.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');

/// A 2-decimal amount as exact cents (tests only: the server never does this arithmetic).
const cents = (amount) => {
  const match = /^(-?)([0-9]+)\.([0-9]{2})$/.exec(amount);
  assert.ok(match, `not a 2-decimal amount: ${amount}`);
  return (match[1] ? -1n : 1n) * (BigInt(match[2]) * 100n + BigInt(match[3]));
};

for (const backend of BACKENDS) {
  describe(`revenue recognition [${backend}]`, () => {
    let t;
    before(async () => {
      t = await startTestServer(backend, { clock: manualClock('2026-06-01T12:00:00.000Z') });
    });
    after(async () => {
      if (t) await t.close();
    });

    const onClock = async (frozenTime, customer = {}) => {
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: frozenTime } }), 201);
      return { testClock, customer: await createCustomer(t, { test_clock: testClock.id, ...customer }) };
    };
    const subscribe = (customer, plan, quantity = '1') => expectStatus(t.call('POST', '/v1/subscriptions', {
      body: { customer: customer.id, plan: plan.id, quantity },
    }), 201);
    const report = (name, testClock, query = '') => expectStatus(t.call('GET', `/v1/reports/${name}?test_clock=${testClock.id}${query}`), 200);
    const schedule = async (testClock) => (await report('revenue_recognition', testClock)).data
      .map((row) => [row.period, row.recognized, row.deferred]);

    it('recognizes a 31.00 monthly subscription from Jan 15: 17.00 in January, 14.00 in February', async () => {
      const { plan } = await createPlan(t, { code: 'thirty-one', pricings: [{ model: 'flat', amount: '31.00' }] });
      const { testClock, customer } = await onClock('2026-01-15T00:00:00.000Z');
      await subscribe(customer, plan);
      assert.deepEqual(await schedule(testClock), [['2026-01', '17.00', '14.00'], ['2026-02', '14.00', '0.00']]);
    });

    it('recognizes 365.00 annual prepaid from Jan 1 as 31.00, 28.00, 31.00, ... with the waterfall and CSV', async () => {
      const { plan } = await createPlan(t, { code: 'annual-365', interval: 'year', pricings: [{ model: 'flat', amount: '365.00' }] });
      const { testClock, customer } = await onClock('2026-01-01T00:00:00.000Z');
      await subscribe(customer, plan);
      const rows = await schedule(testClock);
      assert.deepEqual(rows.slice(0, 3), [['2026-01', '31.00', '334.00'], ['2026-02', '28.00', '306.00'], ['2026-03', '31.00', '275.00']]);
      assert.equal(rows.length, 12);
      assert.deepEqual(rows[11], ['2026-12', '31.00', '0.00']);

      const waterfall = await report('deferred_revenue', testClock, '&from=2026-02&to=2026-03');
      assert.deepEqual(waterfall.data, [
        { currency: 'USD', invoiced_period: '2026-01', period: '2026-02', recognized: '28.00', deferred: '306.00' },
        { currency: 'USD', invoiced_period: '2026-01', period: '2026-03', recognized: '31.00', deferred: '275.00' },
      ]);
      const csv = await t.call('GET', `/v1/reports/revenue_recognition?test_clock=${testClock.id}&format=csv&to=2026-01`);
      assert.match(csv.headers['content-type'], /^text\/csv/);
      assert.equal(csv.body, 'currency,period,start,end,recognized,deferred\r\n'
        + 'USD,2026-01,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,31.00,334.00\r\n');
    });

    let taxed;
    it('keeps recognized + deferred equal to invoiced net of tax every month, through renewals and an upgrade', async () => {
      await expectStatus(t.call('PATCH', '/v1/seller_settings', { body: { tax: { country: 'DE', default_tax_category: 'digital_services' } } }), 200);
      const { plan } = await createPlan(t, { code: 'seats-eur', currency: 'EUR', pricings: [{ model: 'per_unit', unit_amount: '100.00' }] });
      const { testClock, customer } = taxed = await onClock('2026-01-01T00:00:00.000Z', { currency: 'EUR', address: { city: 'Paris', postal_code: '75011', country: 'FR' } });
      const subscription = await subscribe(customer, plan);
      const advanceAndBill = async (frozenTime) => {
        await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
        await t.worker.drain();
        await expectStatus(t.call('POST', '/v1/billing_runs', { body: {} }), 202);
        await t.worker.drain();
      };
      // An upgrade on Jan 17 to 2 seats: the Feb invoice credits the unused seat and charges two.
      await advanceAndBill('2026-01-17T00:00:00.000Z');
      await expectStatus(t.call('POST', `/v1/subscriptions/${subscription.id}/change`, { body: { quantity: '2', effective_at: 'now' } }), 200);
      await advanceAndBill('2026-02-01T06:00:00.000Z');
      await advanceAndBill('2026-03-01T06:00:00.000Z');
      await expectStatus(t.call('PATCH', '/v1/seller_settings', { body: { tax: { country: null } } }), 200);

      const invoices = (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}&limit=100`), 200)).data
        .filter((invoice) => invoice.status !== 'draft');
      assert.ok(invoices.length >= 3, `renewals were invoiced: ${invoices.length}`);
      assert.ok(invoices.every((invoice) => cents(invoice.tax_total) > 0n), 'the invoices are taxed (FR VAT)');
      assert.ok(invoices.some((invoice) => invoice.lines.some((line) => line.amount.startsWith('-'))), 'a proration credit was invoiced');

      const recognition = await report('revenue_recognition', testClock);
      assert.deepEqual(recognition.unmatched_credits, []);
      assert.ok(recognition.data.length >= 3);
      let recognized = 0n;
      for (const month of recognition.data) {
        recognized += cents(month.recognized);
        const invoicedNet = invoices.filter((invoice) => invoice.finalized_at < month.end)
          .reduce((sum, invoice) => sum + cents(invoice.total) - cents(invoice.tax_total), 0n);
        assert.equal(recognized + cents(month.deferred), invoicedNet, `${month.period}: recognized + deferred = invoiced net of tax`);
      }
    });

    it('books balanced journal entries: receivables, deferred revenue, revenue and tax payable', async () => {
      const { testClock, customer } = taxed;
      const invoices = (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}&limit=100`), 200)).data
        .filter((invoice) => invoice.status !== 'draft');
      const { data: rows } = await report('journal_entries', testClock);
      const byEntry = new Map();
      const byAccount = new Map();
      for (const row of rows) {
        const net = (row.debit ? cents(row.debit) : 0n) - (row.credit ? cents(row.credit) : 0n);
        byEntry.set(row.entry, (byEntry.get(row.entry) || 0n) + net);
        byAccount.set(row.account, (byAccount.get(row.account) || 0n) + net);
      }
      for (const [entry, balance] of byEntry) assert.equal(balance, 0n, `entry ${entry} balances`);
      assert.equal(byAccount.get('accounts_receivable'), invoices.reduce((sum, invoice) => sum + cents(invoice.total), 0n));
      assert.equal(-byAccount.get('tax_payable'), invoices.reduce((sum, invoice) => sum + cents(invoice.tax_total), 0n));
      // The clock is on Mar 1: January and February are booked; deferred revenue holds
      // everything invoiced net of tax (March's invoice included) minus what they recognized.
      const { data: months } = await report('revenue_recognition', testClock, '&to=2026-02');
      assert.deepEqual([...new Set(rows.filter((row) => row.account === 'revenue').map((row) => row.reference))], ['2026-01', '2026-02']);
      const recognized = months.reduce((sum, month) => sum + cents(month.recognized), 0n);
      assert.equal(-byAccount.get('revenue'), recognized);
      const invoicedNet = invoices.reduce((sum, invoice) => sum + cents(invoice.total) - cents(invoice.tax_total), 0n);
      assert.equal(-byAccount.get('deferred_revenue'), invoicedNet - recognized);
      assert.deepEqual(rows.filter((row) => row.reference === '2026-01').map((row) => [row.date, row.account, row.debit, row.credit]), [
        ['2026-01-31', 'deferred_revenue', months[0].recognized, null], ['2026-01-31', 'revenue', null, months[0].recognized],
      ]);
      const csv = await t.call('GET', `/v1/reports/journal_entries?test_clock=${testClock.id}&format=csv&from=2026-01-31&to=2026-01-31`);
      assert.equal(csv.body, 'date,entry,currency,account,debit,credit,reference,description\r\n'
        + `2026-01-31,recognition/EUR/2026-01,EUR,deferred_revenue,${months[0].recognized},,2026-01,Revenue recognized in 2026-01\r\n`
        + `2026-01-31,recognition/EUR/2026-01,EUR,revenue,,${months[0].recognized},2026-01,Revenue recognized in 2026-01\r\n`);
    });

    it('refuses bad filters with clear errors', async () => {
      await expectError(t.call('GET', '/v1/reports/revenue_recognition?from=2026-01-01'), 400, 'INVALID_ARGUMENT');
      await expectError(t.call('GET', '/v1/reports/deferred_revenue?from=2026-03&to=2026-01'), 400, 'INVALID_ARGUMENT', '/to');
      await expectError(t.call('GET', '/v1/reports/deferred_revenue?test_clock=clock_missing'), 404, 'NOT_FOUND', '/test_clock');
      const empty = await expectStatus(t.call('GET', '/v1/reports/revenue_recognition?currency=JPY'), 200);
      assert.deepEqual(empty.data, []);
    });
  });
}
