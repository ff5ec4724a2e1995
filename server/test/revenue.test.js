'use strict';
// Revenue analytics over HTTP, on test clocks, with the vault and the simulated gateways (one
// customer's card is declined), one server per database:
// - MRR and ARR snapshots and their movements: an annual 1,200.00 plan is MRR 100.00 and ARR
//   1,200.00; each day the five movements sum to the change in MRR since the previous
//   snapshot, churn split into voluntary and involuntary; by month, by plan, in a reporting
//   currency, cohorts; JSON and CSV.
// - A test-clock year of five customers (monthly and annual plans, an upgrade, a cancellation, a
//   credit note, VAT): every month recognized + deferred = invoiced − credited net of tax, and
//   every snapshot day the movements sum to the change in MRR; monthly churn, retention and ARPA
//   (hand-computed); recognition, waterfall and journal by plan.
// - Revenue recognition from finalized invoices through the core's `recognize` op: the
//   published examples (31.00 monthly from Jan 15: 17.00 then 14.00; 365.00 annual from Jan 1:
//   31.00, 28.00, 31.00), every month recognized + deferred = invoiced net of tax through
//   renewals and a mid-period upgrade's proration credit, credit notes reversing net of tax
//   (hand-computed) and a void after them, and balanced journal entries.
// Amounts are the core's.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { startPaymentsServer } = require('./support/payments');

/// A decimal string with 2 decimals as an exact count of cents (tests only: the server never
/// does this arithmetic).
const cents = (amount) => {
  const match = /^(-?)([0-9]+)\.([0-9]{2})$/.exec(amount);
  assert.ok(match, `not a 2-decimal amount: ${amount}`);
  return (match[1] ? -1n : 1n) * (BigInt(match[2]) * 100n + BigInt(match[3]));
};
const MOVEMENTS = ['new', 'expansion', 'contraction', 'churn', 'reactivation'];

for (const backend of BACKENDS) {
  describe(`revenue analytics [${backend}]`, () => {
    let t;
    before(async () => {
      t = await startPaymentsServer(backend);
    });
    after(async () => {
      if (t) await t.close();
    });

    describe('MRR snapshots and movements', () => {
      let annual;
      let monthly;
      let testClock;
      before(async () => {
        annual = (await createPlan(t, { code: 'annual', interval: 'year', pricings: [{ model: 'per_unit', unit_amount: '1200.00' }] })).plan;
        monthly = (await createPlan(t, { code: 'monthly', pricings: [{ model: 'per_unit', unit_amount: '50.00' }] })).plan;
        testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-01-01T10:00:00.000Z' } }), 201);
      });

      const customerOnClock = () => createCustomer(t, { test_clock: testClock.id });
      const subscribe = (customer, plan, quantity = '1') => expectStatus(t.call('POST', '/v1/subscriptions', {
        body: { customer: customer.id, plan: plan.id, quantity },
      }), 201);
      const change = (subscription, body) => expectStatus(t.call('POST', `/v1/subscriptions/${subscription.id}/change`, { body: { effective_at: 'now', ...body } }), 200);
      const advanceTo = async (frozenTime) => {
        await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
        await t.worker.drain();
      };
      const snapshot = () => expectStatus(t.call('POST', '/v1/reports/mrr/snapshots', { body: { test_clock: testClock.id } }), 200);
      const report = (name, query = '') => expectStatus(t.call('GET', `/v1/reports/${name}?test_clock=${testClock.id}${query}`), 200);

      let customers;
      let subscriptions;
      it('values an annual 1,200.00 plan at MRR 100.00 and ARR 1,200.00', async () => {
        customers = { a: await customerOnClock(), b: await customerOnClock(), c: await customerOnClock() };
        subscriptions = { a: await subscribe(customers.a, annual), b: await subscribe(customers.b, monthly, '2') };
        const run = await snapshot();
        assert.deepEqual(run.failures, []);
        assert.deepEqual(run.data, [{ day: '2026-01-01', currency: 'USD', mrr: '200.00', arr: '2400.00', customers: 2, test_clock: testClock.id }]);
        const { data: [first] } = await report('mrr_movements');
        assert.deepEqual([first.previous_day, first.previous_mrr, first.new, first.new_customers, first.net_change], [null, '0.00', '200.00', 2, '200.00']);

        const only = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-03-01T00:00:00.000Z' } }), 201);
        await subscribe(await createCustomer(t, { test_clock: only.id }), annual);
        await expectStatus(t.call('POST', '/v1/reports/mrr/snapshots', { body: { test_clock: only.id } }), 200);
        const alone = await expectStatus(t.call('GET', `/v1/reports/mrr?test_clock=${only.id}`), 200);
        assert.deepEqual(alone.data, [{ day: '2026-03-01', currency: 'USD', mrr: '100.00', arr: '1200.00', customers: 1 }]);
      });

      it('classifies each day\'s movements, which sum exactly to the change in MRR', async () => {
        // Day 2: b grows from 2 to 3 seats (+50.00), c is new (+50.00).
        await advanceTo('2026-01-02T10:00:00.000Z');
        await change(subscriptions.b, { quantity: '3' });
        subscriptions.c = await subscribe(customers.c, monthly);
        await snapshot();
        // Day 3: a cancels (−100.00, voluntary), b drops to 1 seat (−100.00), c's invoice is
        // marked uncollectible and c's subscription canceled (−50.00, involuntary).
        await advanceTo('2026-01-03T10:00:00.000Z');
        await expectStatus(t.call('POST', `/v1/subscriptions/${subscriptions.a.id}/cancel`, { body: {} }), 200);
        await change(subscriptions.b, { quantity: '1' });
        const [unpaid] = (await expectStatus(t.call('GET', `/v1/invoices?customer=${customers.c.id}`), 200)).data;
        await expectStatus(t.call('POST', `/v1/invoices/${unpaid.id}/mark_uncollectible`), 200);
        await expectStatus(t.call('POST', `/v1/subscriptions/${subscriptions.c.id}/cancel`, { body: {} }), 200);
        await snapshot();
        // Day 5 (no snapshot on day 4): a comes back on the monthly plan (+50.00).
        await advanceTo('2026-01-05T10:00:00.000Z');
        await subscribe(customers.a, monthly);
        await snapshot();
        // Taking the day's snapshot again replaces it: nothing counts twice.
        await snapshot();

        const { data: days } = await report('mrr_movements');
        assert.deepEqual(days.map((day) => [day.day, day.previous_day, day.mrr]), [
          ['2026-01-01', null, '200.00'], ['2026-01-02', '2026-01-01', '300.00'],
          ['2026-01-03', '2026-01-02', '50.00'], ['2026-01-05', '2026-01-03', '100.00'],
        ]);
        const byDay = Object.fromEntries(days.map((day) => [day.day, day]));
        assert.deepEqual(MOVEMENTS.map((m) => byDay['2026-01-02'][m]), ['50.00', '50.00', '0.00', '0.00', '0.00']);
        assert.deepEqual(MOVEMENTS.map((m) => byDay['2026-01-03'][m]), ['0.00', '0.00', '-100.00', '-150.00', '0.00']);
        assert.deepEqual([byDay['2026-01-03'].churn_customers, byDay['2026-01-03'].contraction_customers], [2, 1]);
        const third = byDay['2026-01-03'];
        assert.deepEqual([third.voluntary_churn, third.voluntary_churn_customers, third.involuntary_churn, third.involuntary_churn_customers],
          ['-100.00', 1, '-50.00', 1]);
        assert.deepEqual([byDay['2026-01-02'].voluntary_churn, byDay['2026-01-02'].involuntary_churn], ['0.00', '0.00']);
        assert.deepEqual(MOVEMENTS.map((m) => byDay['2026-01-05'][m]), ['0.00', '0.00', '0.00', '0.00', '50.00']);
        assert.equal(byDay['2026-01-05'].reactivation_customers, 1);
        for (const day of days) {
          const sum = MOVEMENTS.reduce((total, movement) => total + cents(day[movement]), 0n);
          assert.equal(sum, cents(day.net_change), `movements of ${day.day} sum to its net change`);
          assert.equal(cents(day.mrr) - cents(day.previous_mrr), cents(day.net_change), `${day.day}: the change since the previous snapshot`);
        }
        for (let at = 1; at < days.length; at += 1) assert.equal(days[at].previous_mrr, days[at - 1].mrr);

        // By plan: the annual plan is a's until it cancels; the two plans add up to the whole.
        const { data: annualDays } = await report('mrr_movements', `&plan=${annual.id}`);
        assert.deepEqual(annualDays.map((day) => [day.day, day.new, day.churn, day.mrr]), [
          ['2026-01-01', '100.00', '0.00', '100.00'], ['2026-01-02', '0.00', '0.00', '100.00'],
          ['2026-01-03', '0.00', '-100.00', '0.00'], ['2026-01-05', '0.00', '0.00', '0.00'],
        ]);
        const { data: monthlyDays } = await report('mrr', `&plan=${monthly.id}`);
        for (const [at, day] of days.entries()) {
          assert.equal(cents(annualDays[at].mrr) + cents(monthlyDays[at].mrr), cents(day.mrr), `${day.day}: the plans add up`);
        }
        assert.equal((await report('mrr_movements', `&plan=${monthly.id}&from=2026-01-05`)).data[0].reactivation, '50.00');
        await expectError(t.call('GET', `/v1/reports/mrr?test_clock=${testClock.id}&plan=plan_missing`), 404, 'NOT_FOUND', '/plan');

        const mrr = await report('mrr', '&from=2026-01-02&to=2026-01-03&currency=USD');
        assert.deepEqual(mrr.data, [
          { day: '2026-01-02', currency: 'USD', mrr: '300.00', arr: '3600.00', customers: 3 },
          { day: '2026-01-03', currency: 'USD', mrr: '50.00', arr: '600.00', customers: 1 },
        ]);
        assert.deepEqual([mrr.object, mrr.test_clock, mrr.from, mrr.to, mrr.currency], ['mrr_report', testClock.id, '2026-01-02', '2026-01-03', 'USD']);
      });

      it('exports the reports as CSV with ?format=csv', async () => {
        const response = await t.call('GET', `/v1/reports/mrr?test_clock=${testClock.id}&format=csv&to=2026-01-02`);
        assert.equal(response.status, 200);
        assert.match(response.headers['content-type'], /^text\/csv/);
        assert.match(response.headers['content-disposition'], /attachment; filename="mrr_report.csv"/);
        assert.equal(response.body, 'day,currency,mrr,arr,customers\r\n2026-01-01,USD,200.00,2400.00,2\r\n2026-01-02,USD,300.00,3600.00,3\r\n');
        const movements = await t.call('GET', `/v1/reports/mrr_movements?test_clock=${testClock.id}&format=csv&from=2026-01-03&to=2026-01-03`);
        const [header, row, end] = movements.body.split('\r\n');
        assert.equal(header, 'day,previous_day,currency,previous_mrr,mrr,net_change,fx_effect,new,expansion,contraction,churn,reactivation,'
          + 'new_customers,expansion_customers,contraction_customers,churn_customers,reactivation_customers,net_arr_change,'
          + 'voluntary_churn,involuntary_churn,voluntary_churn_customers,involuntary_churn_customers');
        assert.equal(row, '2026-01-03,2026-01-02,USD,300.00,50.00,-250.00,,0.00,0.00,-100.00,-150.00,0.00,0,0,1,2,0,-3000.00,-100.00,-50.00,1,1');
        assert.equal(end, '');
      });

      it('rolls the movements up by month, month end against month end', async () => {
        // Feb 10: the clock's advance snapshots its new day by itself (the reports follow the
        // clock); then b takes two more seats (+100.00) and the day is taken again.
        await advanceTo('2026-02-10T10:00:00.000Z');
        const followed = await report('mrr', '&from=2026-02-01');
        assert.deepEqual(followed.data, [{ day: '2026-02-10', currency: 'USD', mrr: '100.00', arr: '1200.00', customers: 2 }]);
        await change(subscriptions.b, { quantity: '3' });
        await snapshot();
        const monthly = await report('mrr_movements_monthly');
        assert.deepEqual(monthly.data.map((month) => [month.month, month.day, month.previous_day, month.previous_mrr, month.mrr]), [
          ['2026-01', '2026-01-05', null, '0.00', '100.00'], ['2026-02', '2026-02-10', '2026-01-05', '100.00', '200.00'],
        ]);
        // Across January a left and came back, c came and went: month end to month end, two new customers.
        assert.deepEqual(MOVEMENTS.map((m) => monthly.data[0][m]), ['100.00', '0.00', '0.00', '0.00', '0.00']);
        assert.equal(monthly.data[0].new_customers, 2);
        assert.deepEqual(MOVEMENTS.map((m) => monthly.data[1][m]), ['0.00', '100.00', '0.00', '0.00', '0.00']);
        const converted = await report('mrr_movements_monthly', '&reporting_currency=USD&from=2026-02');
        assert.deepEqual(converted.data.map((month) => [month.month, month.previous_mrr, month.fx_effect, month.expansion, month.mrr]),
          [['2026-02', '100.00', '0.00', '100.00', '200.00']]);
        const csv = await t.call('GET', `/v1/reports/mrr_movements_monthly?test_clock=${testClock.id}&format=csv&to=2026-01`);
        assert.match(csv.body, /^month,day,previous_day,currency,previous_mrr,mrr,net_change,fx_effect,new,/);
        assert.match(csv.body, /\r\n2026-01,2026-01-05,,USD,0\.00,100\.00,100\.00,,100\.00,/);
        await expectError(t.call('GET', '/v1/reports/mrr_movements_monthly?from=2026-01-01'), 400, 'INVALID_ARGUMENT');

        // Cohorts: a and b first paid in January (b since Jan 1, a too: a's return keeps its
        // January signup), c is gone by the January month end. In February the cohort of two
        // keeps both customers and grows from 100.00 to 200.00.
        const cohorts = await report('mrr_cohorts');
        assert.deepEqual(cohorts.data.map((row) => [row.cohort, row.month, row.day, row.customers, row.mrr, row.cohort_customers, row.cohort_mrr]), [
          ['2026-01', '2026-01', '2026-01-05', 2, '100.00', 2, '100.00'],
          ['2026-01', '2026-02', '2026-02-10', 2, '200.00', 2, '100.00'],
        ]);
        const cohortCsv = await t.call('GET', `/v1/reports/mrr_cohorts?test_clock=${testClock.id}&format=csv&from=2026-02`);
        assert.equal(cohortCsv.body, 'cohort,month,day,currency,customers,mrr,cohort_customers,cohort_mrr\r\n2026-01,2026-02,2026-02-10,USD,2,200.00,2,100.00\r\n');
      });

      it('reports in one currency at the stored rates of each day, the exchange-rate effect apart from the movements', async () => {
        const fxClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-02-01T10:00:00.000Z' } }), 201);
        const euro = (await createPlan(t, { code: 'euro', currency: 'EUR', pricings: [{ model: 'per_unit', unit_amount: '100.00' }] })).plan;
        const european = await createCustomer(t, { currency: 'EUR', test_clock: fxClock.id });
        const euroSubscription = await subscribe(european, euro);
        await subscribe(await createCustomer(t, { test_clock: fxClock.id }), monthly);
        const imported = await expectStatus(t.call('POST', '/v1/fx_rates/import', {
          body: { csv: 'effective_date,currency,reporting_currency,rate\r\n2026-02-01,EUR,USD,1.10\r\n2026-02-02,EUR,USD,1.2\r\n' },
        }), 200);
        assert.deepEqual(imported.data.map((rate) => [rate.effective_date, rate.rate]), [['2026-02-01', '1.10'], ['2026-02-02', '1.2']]);
        const takeOn = async (frozenTime) => {
          await expectStatus(t.call('POST', `/v1/test_clocks/${fxClock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
          await t.worker.drain();
          await expectStatus(t.call('POST', '/v1/reports/mrr/snapshots', { body: { test_clock: fxClock.id } }), 200);
        };
        await expectStatus(t.call('POST', '/v1/reports/mrr/snapshots', { body: { test_clock: fxClock.id } }), 200);
        // Feb 2: nothing changes but the rate (1.10 -> 1.20): +10.00 of FX effect, no movement.
        await takeOn('2026-02-02T10:00:00.000Z');
        // Feb 3: the European customer takes a second seat: +120.00 of expansion at 1.20.
        await takeOn('2026-02-03T10:00:00.000Z');
        await change(euroSubscription, { quantity: '2' });
        await expectStatus(t.call('POST', '/v1/reports/mrr/snapshots', { body: { test_clock: fxClock.id } }), 200);

        const converted = await expectStatus(t.call('GET', `/v1/reports/mrr_movements?test_clock=${fxClock.id}&reporting_currency=USD`), 200);
        assert.equal(converted.reporting_currency, 'USD');
        assert.deepEqual(converted.data.map((day) => [day.day, day.previous_mrr, day.fx_effect, day.new, day.expansion, day.mrr, day.net_change]), [
          ['2026-02-01', '0.00', '0.00', '160.00', '0.00', '160.00', '160.00'],
          ['2026-02-02', '160.00', '10.00', '0.00', '0.00', '170.00', '10.00'],
          ['2026-02-03', '170.00', '0.00', '0.00', '120.00', '290.00', '120.00'],
        ]);
        const mrr = await expectStatus(t.call('GET', `/v1/reports/mrr?test_clock=${fxClock.id}&reporting_currency=USD&from=2026-02-03`), 200);
        assert.deepEqual(mrr.data, [{ day: '2026-02-03', currency: 'USD', mrr: '290.00', arr: '3480.00', customers: 2 }]);

        await expectError(t.call('GET', `/v1/reports/mrr?test_clock=${fxClock.id}&reporting_currency=GBP`), 400, 'INVALID_ARGUMENT', '/reporting_currency');
        await expectError(t.call('GET', '/v1/reports/mrr?reporting_currency=USD&currency=EUR'), 400, 'INVALID_ARGUMENT', '/currency');
        await expectError(t.call('POST', '/v1/fx_rates', { body: { currency: 'EUR', reporting_currency: 'USD', effective_date: '2026-02-01', rate: '0' } }), 400, 'INVALID_ARGUMENT', '/rate');
        await expectError(t.call('POST', '/v1/fx_rates', { body: { currency: 'ABC', reporting_currency: 'USD', effective_date: '2026-02-01', rate: '1' } }), 400, 'UNKNOWN_CURRENCY', '/currency');
        await expectError(t.call('POST', '/v1/fx_rates/import', { body: { csv: 'currency,reporting_currency,effective_date,rate\nEUR,USD,2026-02-05,1.3\nEUR,USD,2026-02-06,-1\n' } }), 400, 'INVALID_ARGUMENT', '/csv/3/rate');
        const rates = await expectStatus(t.call('GET', '/v1/fx_rates?reporting_currency=USD'), 200);
        assert.deepEqual(rates.data.map((rate) => rate.effective_date), ['2026-02-02', '2026-02-01'], 'a refused import stores nothing');
        const set = await expectStatus(t.call('POST', '/v1/fx_rates', { body: { currency: 'EUR', reporting_currency: 'USD', effective_date: '2026-02-02', rate: '1.25' } }), 200);
        assert.equal(set.rate, '1.25');
        assert.equal((await expectStatus(t.call('GET', '/v1/fx_rates?currency=EUR'), 200)).data[0].rate, '1.25');
      });

      it('counts a customer who leaves with a declined charge on an open invoice as involuntary churn', async () => {
        const { plan } = await createPlan(t, { code: 'declined', pricings: [{ model: 'per_unit', unit_amount: '40.00' }] });
        const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-04-01T10:00:00.000Z' } }), 201);
        const customer = await createCustomer(t, { test_clock: testClock.id });
        await t.cardOnFile(customer.id, '4000000000000341');
        const subscription = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id } }), 201);
        await t.worker.drain();
        const [invoice] = (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}`), 200)).data;
        assert.equal(invoice.status, 'open');
        const payments = (await expectStatus(t.call('GET', `/v1/payments?invoice=${invoice.id}`), 200)).data;
        assert.deepEqual(payments.map((payment) => payment.status), ['failed']);
        await expectStatus(t.call('POST', '/v1/reports/mrr/snapshots', { body: { test_clock: testClock.id } }), 200);

        await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: '2026-04-02T10:00:00.000Z' } }), 200);
        await t.worker.drain();
        await expectStatus(t.call('POST', `/v1/subscriptions/${subscription.id}/cancel`, { body: {} }), 200);
        await expectStatus(t.call('POST', '/v1/reports/mrr/snapshots', { body: { test_clock: testClock.id } }), 200);
        const { data: [, second] } = await expectStatus(t.call('GET', `/v1/reports/mrr_movements?test_clock=${testClock.id}`), 200);
        assert.deepEqual([second.day, second.churn, second.involuntary_churn, second.involuntary_churn_customers, second.voluntary_churn],
          ['2026-04-02', '-40.00', '-40.00', 1, '0.00']);
      });

      it('keeps the wall clock\'s customers apart and refuses bad filters with clear errors', async () => {
        const wall = await expectStatus(t.call('GET', '/v1/reports/mrr'), 200);
        assert.deepEqual([wall.test_clock, wall.data], [null, []]);
        await expectError(t.call('GET', '/v1/reports/mrr?test_clock=clock_missing'), 404, 'NOT_FOUND', '/test_clock');
        await expectError(t.call('GET', '/v1/reports/mrr_movements?from=2026-02-01&to=2026-01-01'), 400, 'INVALID_ARGUMENT', '/to');
        await expectError(t.call('GET', '/v1/reports/mrr?format=xml'), 400, 'INVALID_ARGUMENT');
        await expectError(t.call('GET', '/v1/reports/mrr?from=yesterday'), 400, 'INVALID_ARGUMENT');
        await expectError(t.call('POST', '/v1/reports/mrr/snapshots', { body: { test_clock: 'clock_missing' } }), 404, 'NOT_FOUND', '/test_clock');
        await expectError(t.call('POST', '/v1/reports/mrr/snapshots', { key: t.keys.support, body: {} }), 403, 'FORBIDDEN');
        await expectStatus(t.call('GET', '/v1/reports/mrr', { key: t.keys.support }), 200);
      });
    });

    describe('a test-clock year', () => {
      // Five customers on one clock from Jan 1, 2026, all in EUR with VAT (DE seller: FR at 20 %,
      // DE at 19 %): a on 2 monthly seats, b on the annual plan, c upgrading from 1 to 3 seats on
      // Feb 15, d cancelling on Apr 10, e arriving on Mar 1; a's July invoice gets a credit note
      // on Jul 20. The clock advances month by month (billing each time); every advance
      // snapshots by itself, and each change is snapshotted again the same day.
      it('keeps recognized + deferred = invoiced − credited every month and the MRR movements summing to the change every day', async () => {
        await expectStatus(t.call('PATCH', '/v1/seller_settings', { body: { tax: { country: 'DE', default_tax_category: 'digital_services' } } }), 200);
        const seats = (await createPlan(t, { code: 'year-seats', currency: 'EUR', pricings: [{ model: 'per_unit', unit_amount: '30.00' }] })).plan;
        const annual = (await createPlan(t, { code: 'year-annual', currency: 'EUR', interval: 'year', pricings: [{ model: 'flat', amount: '1200.00' }] })).plan;
        const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-01-01T00:00:00.000Z' } }), 201);
        const customer = (country) => createCustomer(t, {
          currency: 'EUR', test_clock: testClock.id,
          address: country === 'FR' ? { city: 'Paris', postal_code: '75011', country } : { city: 'Berlin', postal_code: '10115', country },
        });
        const subscribe = (who, plan, quantity = '1') => expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: who.id, plan: plan.id, quantity } }), 201);
        const snapshot = () => expectStatus(t.call('POST', '/v1/reports/mrr/snapshots', { body: { test_clock: testClock.id } }), 200);
        const advanceAndBill = async (frozenTime) => {
          await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
          await t.worker.drain();
          await expectStatus(t.call('POST', '/v1/billing_runs', { body: {} }), 202);
          await t.worker.drain();
        };
        const people = { a: await customer('FR'), b: await customer('DE'), c: await customer('FR'), d: await customer('FR'), e: await customer('FR') };
        const subscriptions = {
          a: await subscribe(people.a, seats, '2'), b: await subscribe(people.b, annual), c: await subscribe(people.c, seats), d: await subscribe(people.d, seats),
        };
        await snapshot();
        const events = {
          '2026-02-15': () => expectStatus(t.call('POST', `/v1/subscriptions/${subscriptions.c.id}/change`, { body: { quantity: '3', effective_at: 'now' } }), 200),
          '2026-03-01': async () => { subscriptions.e = await subscribe(people.e, seats); },
          '2026-04-10': () => expectStatus(t.call('POST', `/v1/subscriptions/${subscriptions.d.id}/cancel`, { body: {} }), 200),
          '2026-07-20': async () => {
            const july = (await expectStatus(t.call('GET', `/v1/invoices?customer=${people.a.id}&limit=100`), 200)).data
              .find((invoice) => invoice.status !== 'draft' && invoice.period_start && invoice.period_start.startsWith('2026-07'));
            assert.ok(july, "a's July invoice");
            await expectStatus(t.call('POST', '/v1/credit_notes', { body: { invoice: july.id, reason: 'product_unsatisfactory', amount: '20.00' } }), 201);
          },
        };
        const stops = [];
        for (let month = 2; month <= 13; month += 1) {
          const monthText = month === 13 ? '2027-01' : `2026-${String(month).padStart(2, '0')}`;
          stops.push(...Object.keys(events).filter((day) => day.slice(0, 7) === `2026-${String(month - 1).padStart(2, '0')}` && day.slice(8) !== '01'));
          stops.push(`${monthText}-01`);
        }
        for (const day of stops) {
          await advanceAndBill(`${day}T06:00:00.000Z`);
          if (events[day]) {
            await events[day]();
            await snapshot();
          }
        }
        await expectStatus(t.call('PATCH', '/v1/seller_settings', { body: { tax: { country: null } } }), 200);

        // Every snapshot day, the five movements sum to the change in MRR since the previous one.
        const { data: days } = await expectStatus(t.call('GET', `/v1/reports/mrr_movements?test_clock=${testClock.id}`), 200);
        assert.equal(days.length, stops.length + 1, 'a snapshot on Jan 1 and at every stop');
        for (const [at, day] of days.entries()) {
          const sum = MOVEMENTS.reduce((total, movement) => total + cents(day[movement]), 0n);
          assert.equal(sum, cents(day.net_change), `${day.day}: the movements sum to the net change`);
          assert.equal(cents(day.mrr) - cents(day.previous_mrr), cents(day.net_change), `${day.day}: the net change is the change in MRR`);
          if (at > 0) assert.equal(day.previous_mrr, days[at - 1].mrr, `${day.day}: compared with the previous snapshot`);
        }
        const byDay = Object.fromEntries(days.map((day) => [day.day, day]));
        // Jan 1: a 60.00 + b 100.00 (1,200.00 / 12) + c 30.00 + d 30.00; c's upgrade +60.00; e
        // +30.00; d's cancellation −30.00; at the end 60.00 + 100.00 + 90.00 + 30.00.
        assert.deepEqual([byDay['2026-01-01'].new, byDay['2026-01-01'].mrr], ['220.00', '220.00']);
        assert.equal(byDay['2026-02-15'].expansion, '60.00');
        assert.equal(byDay['2026-03-01'].new, '30.00');
        assert.deepEqual([byDay['2026-04-10'].churn, byDay['2026-04-10'].voluntary_churn], ['-30.00', '-30.00']);
        assert.equal(days.at(-1).mrr, '280.00');

        // Rates by month, month end against month end. February (Feb 15 against Jan 1): 4
        // customers keep 220.00 and grow to 280.00: NRR 280 / 220 = 127.27 %. April (Apr 10
        // against Mar 1): 1 of 5 customers churns 30.00 of 310.00: logo churn 20.00 %, revenue
        // churn 30 / 310 = 9.68 %, GRR = NRR 280 / 310 = 90.32 %, ARPA 280 / 4 = 70.00.
        const rates = await expectStatus(t.call('GET', `/v1/reports/mrr_rates?test_clock=${testClock.id}&to=2026-12`), 200);
        assert.equal(rates.data.length, 12);
        const rateOf = (month) => rates.data.find((row) => row.month === month);
        assert.deepEqual(rateOf('2026-02'), {
          month: '2026-02', day: '2026-02-15', previous_day: '2026-01-01', currency: 'EUR', previous_customers: 4, customers: 4, churned_customers: 0,
          logo_churn_rate: '0.00', previous_mrr: '220.00', mrr: '280.00', lost_mrr: '0.00', revenue_churn_rate: '0.00',
          retained_mrr: '220.00', gross_revenue_retention: '100.00', net_retained_mrr: '280.00', net_revenue_retention: '127.27', arpa: '70.00',
        });
        assert.deepEqual(rateOf('2026-04'), {
          month: '2026-04', day: '2026-04-10', previous_day: '2026-03-01', currency: 'EUR', previous_customers: 5, customers: 4, churned_customers: 1,
          logo_churn_rate: '20.00', previous_mrr: '310.00', mrr: '280.00', lost_mrr: '30.00', revenue_churn_rate: '9.68',
          retained_mrr: '280.00', gross_revenue_retention: '90.32', net_retained_mrr: '280.00', net_revenue_retention: '90.32', arpa: '70.00',
        });
        assert.deepEqual([rateOf('2026-01').logo_churn_rate, rateOf('2026-01').net_revenue_retention, rateOf('2026-01').arpa], [null, null, '55.00']);
        assert.deepEqual([rateOf('2026-03').arpa, rateOf('2026-06').net_revenue_retention], ['62.00', '100.00']);
        const annualRates = await expectStatus(t.call('GET', `/v1/reports/mrr_rates?test_clock=${testClock.id}&plan=${annual.id}&from=2026-04&to=2026-04`), 200);
        assert.deepEqual(annualRates.data.map((row) => [row.previous_customers, row.net_revenue_retention, row.arpa]), [[1, '100.00', '100.00']]);
        const rateCsv = await t.call('GET', `/v1/reports/mrr_rates?test_clock=${testClock.id}&format=csv&from=2026-04&to=2026-04`);
        assert.equal(rateCsv.body, 'month,day,previous_day,currency,previous_customers,customers,churned_customers,logo_churn_rate,previous_mrr,mrr,'
          + 'lost_mrr,revenue_churn_rate,retained_mrr,gross_revenue_retention,net_retained_mrr,net_revenue_retention,arpa\r\n'
          + '2026-04,2026-04-10,2026-03-01,EUR,5,4,1,20.00,310.00,280.00,30.00,9.68,280.00,90.32,280.00,90.32,70.00\r\n');

        // Every month, to the cent: recognized so far + deferred = invoiced − credited so far,
        // net of tax.
        const invoices = [];
        const notes = [];
        for (const who of Object.values(people)) {
          invoices.push(...(await expectStatus(t.call('GET', `/v1/invoices?customer=${who.id}&limit=100`), 200)).data.filter((invoice) => invoice.status !== 'draft'));
          notes.push(...(await expectStatus(t.call('GET', `/v1/credit_notes?customer=${who.id}`), 200)).data);
        }
        // Monthly renewals through Jan 2027 (d's end with April), b's two years, VAT on each:
        // 1,200.00 + 19 % = 1,428.00 for b in Germany, 2 × 30.00 + 20 % = 72.00 for a in France.
        const count = (who) => invoices.filter((invoice) => invoice.customer === who.id);
        assert.deepEqual(Object.values(people).map((who) => count(who).length), [13, 2, 13, 4, 11]);
        assert.deepEqual([count(people.a)[0].total, count(people.b)[0].total, count(people.b)[0].tax_total], ['72.00', '1428.00', '228.00']);
        assert.ok(invoices.every((invoice) => invoice.status !== 'void'));
        assert.ok(invoices.some((invoice) => invoice.lines.some((line) => line.amount.startsWith('-'))), 'the upgrade credited unused time');
        assert.equal(notes.length, 1);
        const recognition = await expectStatus(t.call('GET', `/v1/reports/revenue_recognition?test_clock=${testClock.id}`), 200);
        assert.deepEqual(recognition.unmatched_credits, []);
        const months = recognition.data.map((row) => row.period);
        for (let month = 1; month <= 12; month += 1) assert.ok(months.includes(`2026-${String(month).padStart(2, '0')}`));
        let recognized = 0n;
        for (const month of recognition.data) {
          recognized += cents(month.recognized);
          const invoiced = invoices.filter((invoice) => invoice.finalized_at < month.end)
            .reduce((sum, invoice) => sum + cents(invoice.total) - cents(invoice.tax_total), 0n);
          const credited = notes.filter((note) => note.created_at < month.end)
            .reduce((sum, note) => sum - cents(note.total_excluding_tax), 0n);
          assert.equal(recognized + cents(month.deferred), invoiced - credited, `${month.period}: recognized + deferred = invoiced − credited`);
        }
        // The journal balances; revenue holds what 2026 recognized, deferred revenue the rest.
        const { data: journal } = await expectStatus(t.call('GET', `/v1/reports/journal_entries?test_clock=${testClock.id}`), 200);
        const balance = (account) => journal.filter((row) => row.account === account)
          .reduce((sum, row) => sum + (row.debit ? cents(row.debit) : 0n) - (row.credit ? cents(row.credit) : 0n), 0n);
        assert.equal(['accounts_receivable', 'deferred_revenue', 'revenue', 'tax_payable', 'customer_balance'].reduce((sum, account) => sum + balance(account), 0n), 0n);
        const booked = recognition.data.filter((row) => row.period <= '2026-12').reduce((sum, row) => sum + cents(row.recognized), 0n);
        const invoicedNet = invoices.reduce((sum, invoice) => sum + cents(invoice.total) - cents(invoice.tax_total), 0n);
        assert.equal(-balance('revenue'), booked);
        assert.equal(-balance('deferred_revenue'), invoicedNet + cents(notes[0].total_excluding_tax) - booked);

        // By plan: the annual plan is b's 1,200.00 a year (all of it recognized in 2026), the
        // seats plan the rest; the two add up to the whole every month, in the waterfall too.
        const byPlan = async (name, plan) => (await expectStatus(t.call('GET', `/v1/reports/${name}?test_clock=${testClock.id}&plan=${plan.id}`), 200)).data;
        const [annualMonths, seatMonths] = [await byPlan('revenue_recognition', annual), await byPlan('revenue_recognition', seats)];
        assert.equal(annualMonths.filter((row) => row.period <= '2026-12').reduce((sum, row) => sum + cents(row.recognized), 0n), 120000n);
        assert.equal(annualMonths.find((row) => row.period === '2026-12').deferred, '0.00');
        for (const month of recognition.data) {
          const [own, seat] = [annualMonths.find((row) => row.period === month.period), seatMonths.find((row) => row.period === month.period)];
          for (const field of ['recognized', 'deferred']) {
            assert.equal(cents(own ? own[field] : '0.00') + cents(seat ? seat[field] : '0.00'), cents(month[field]), `${month.period}: the plans' ${field} add up`);
          }
        }
        const waterfall = await byPlan('deferred_revenue', annual);
        assert.deepEqual([...new Set(waterfall.map((row) => row.invoiced_period))], ['2026-01', '2027-01']);
        // The annual plan's journal: b's invoices and their recognition only, balanced; the
        // credit note is on the seats plan's.
        const annualJournal = await byPlan('journal_entries', annual);
        assert.deepEqual(annualJournal.filter((row) => row.date === '2026-01-01').map((row) => [row.account, row.debit, row.credit]), [
          ['accounts_receivable', '1428.00', null], ['deferred_revenue', null, '1200.00'], ['tax_payable', null, '228.00'],
        ]);
        assert.equal(annualJournal.reduce((sum, row) => sum + (row.debit ? cents(row.debit) : 0n) - (row.credit ? cents(row.credit) : 0n), 0n), 0n);
        assert.ok(!annualJournal.some((row) => row.entry.endsWith('/issued')));
        const seatJournal = await byPlan('journal_entries', seats);
        assert.deepEqual(seatJournal.filter((row) => row.entry === `${notes[0].id}/issued`).map((row) => [row.account, row.debit, row.credit]),
          journal.filter((row) => row.entry === `${notes[0].id}/issued`).map((row) => [row.account, row.debit, row.credit]));
        await expectError(t.call('GET', `/v1/reports/journal_entries?test_clock=${testClock.id}&plan=plan_missing`), 404, 'NOT_FOUND', '/plan');
      });
    });

    describe('revenue recognition', () => {

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

      it('reverses what credit notes credit, net of tax, in recognition and in the journal', async () => {
        await expectStatus(t.call('PATCH', '/v1/seller_settings', { body: { tax: { country: 'DE', default_tax_category: 'digital_services' } } }), 200);
        const { plan } = await createPlan(t, { code: 'annual-365-eur', currency: 'EUR', interval: 'year', pricings: [{ model: 'flat', amount: '365.00' }] });
        const { testClock, customer } = await onClock('2026-01-01T00:00:00.000Z', { currency: 'EUR', address: { city: 'Paris', postal_code: '75011', country: 'FR' } });
        await subscribe(customer, plan);
        const [invoice] = (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}`), 200)).data;
        // 365.00 + 20 % FR VAT 73.00 = 438.00, open (no card).
        assert.deepEqual([invoice.status, invoice.total, invoice.tax_total], ['open', '438.00', '73.00']);
        await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: '2026-03-01T00:00:00.000Z' } }), 200);
        await t.worker.drain();
        // Mar 1: two notes on the line, 73.00 then 36.50 net (tax 14.60, then 21.90 − 14.60 = 7.30).
        const credit = (amount) => expectStatus(t.call('POST', '/v1/credit_notes', {
          body: { invoice: invoice.id, reason: 'order_change', lines: [{ line: 0, amount }] },
        }), 201);
        const first = await credit('73.00');
        const second = await credit('36.50');
        assert.deepEqual([first.total_excluding_tax, first.tax_total, second.total_excluding_tax, second.tax_total],
          ['-73.00', '-14.60', '-36.50', '-7.30']);
        await expectStatus(t.call('PATCH', '/v1/seller_settings', { body: { tax: { country: null } } }), 200);

        // The line is 1.00 a day over 365 days; the credits take 0.20 + 0.10 = 0.30 a day off it
        // from Mar 1. March: 31 × 0.70 = 21.70, less the catch-up of Jan and Feb's 59 days
        // (59 × 0.30 = 17.70): 4.00. April on: 0.70 a day, 192.50 left at March's end
        // (= 365.00 − 109.50 credited − 63.00 recognized).
        const rows = await schedule(testClock);
        assert.deepEqual(rows.slice(0, 4), [
          ['2026-01', '31.00', '334.00'], ['2026-02', '28.00', '306.00'], ['2026-03', '4.00', '192.50'], ['2026-04', '21.00', '171.50'],
        ]);
        assert.deepEqual(rows[11], ['2026-12', '21.70', '0.00']);
        assert.deepEqual((await report('revenue_recognition', testClock)).unmatched_credits, []);
        const waterfall = await report('deferred_revenue', testClock, '&from=2026-03&to=2026-03');
        assert.deepEqual(waterfall.data.map((row) => [row.invoiced_period, row.recognized, row.deferred]), [['2026-01', '4.00', '192.50']]);

        // The journal: each note takes its net out of deferred revenue and its tax out of tax
        // payable, against the customer's balance (an open invoice's credit is the balance's).
        const { data: journal } = await report('journal_entries', testClock, '&from=2026-03-01&to=2026-03-01');
        assert.deepEqual(journal.map((row) => [row.entry, row.account, row.debit, row.credit]), [
          [`${first.id}/issued`, 'deferred_revenue', '73.00', null], [`${first.id}/issued`, 'tax_payable', '14.60', null],
          [`${first.id}/issued`, 'customer_balance', null, '87.60'],
          [`${second.id}/issued`, 'deferred_revenue', '36.50', null], [`${second.id}/issued`, 'tax_payable', '7.30', null],
          [`${second.id}/issued`, 'customer_balance', null, '43.80'],
        ].sort((a, b) => a[0].localeCompare(b[0])));

        // Voided on Apr 1, the invoice reverses what the notes left: 255.50 net, 51.10 tax,
        // 306.60 receivable; from April nothing more is recognized.
        await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: '2026-04-01T00:00:00.000Z' } }), 200);
        await t.worker.drain();
        await expectStatus(t.call('POST', `/v1/invoices/${invoice.id}/void`), 200);
        const voided = await schedule(testClock);
        assert.deepEqual(voided.slice(2, 4), [['2026-03', '4.00', '192.50'], ['2026-04', '-63.00', '0.00']]);
        assert.ok(voided.slice(4).every(([, recognized, deferred]) => recognized === '0.00' && deferred === '0.00'));
        const { data: voidRows } = await report('journal_entries', testClock, '&from=2026-04-01&to=2026-04-01');
        assert.deepEqual(voidRows.map((row) => [row.account, row.debit, row.credit]), [
          ['accounts_receivable', null, '306.60'], ['deferred_revenue', '255.50', null], ['tax_payable', '51.10', null],
        ]);
      });

      it('refuses bad filters with clear errors', async () => {
        await expectError(t.call('GET', '/v1/reports/revenue_recognition?from=2026-01-01'), 400, 'INVALID_ARGUMENT');
        await expectError(t.call('GET', '/v1/reports/deferred_revenue?from=2026-03&to=2026-01'), 400, 'INVALID_ARGUMENT', '/to');
        await expectError(t.call('GET', '/v1/reports/deferred_revenue?test_clock=clock_missing'), 404, 'NOT_FOUND', '/test_clock');
        const empty = await expectStatus(t.call('GET', '/v1/reports/revenue_recognition?currency=JPY'), 200);
        assert.deepEqual(empty.data, []);
      });
    });
  });
}
