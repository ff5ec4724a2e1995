'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus } = require('./support/fixtures');
const { createMetrics, createUsagePlan, sendBatch } = require('./support/usage');
const usage = require('../src/usage');
const { billCustomersTogether } = require('../src/billing-runs/bill-batch');

// A billing run bills a batch's customers in one transaction (billing-runs/bill-batch.js); when
// one of them fails, the batch is billed again one customer at a time: the others are billed,
// the failing one is listed in the run's failures and billed by a later run, once, and the
// numbering has no gap.
for (const backend of BACKENDS) {
  describe(`billing runs in batches [${backend}]`, () => {
    let t;
    before(async () => {
      t = await startTestServer(backend, { clock: manualClock('2027-06-01T00:00:00.000Z') });
    });
    after(() => t.close());

    const bill = async () => {
      const queued = await expectStatus(t.call('POST', '/v1/billing_runs', { body: {} }), 202);
      await t.worker.drain();
      return expectStatus(t.call('GET', `/v1/billing_runs/${queued.id}`), 200);
    };
    const invoicesOf = async (customer) => (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}&limit=100`), 200)).data;
    const allNumbers = async () => (await expectStatus(t.call('GET', '/v1/invoices?limit=100'), 200)).data
      .map((invoice) => Number(invoice.number.match(/(\d+)$/)[1])).sort((a, b) => a - b);
    const setProrations = (subscription, text) => t.services.db.updateTable('subscriptions')
      .set({ pending_prorations: text }).where('id', '=', subscription.id).execute();

    it('bills the others when one customer of a batch fails, and that one once on the next run, numbered without a gap', async () => {
      const { plan } = await createPlan(t, { code: 'ten', pricings: [{ model: 'flat', amount: '10.00' }] });
      const clock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-03-05T00:00:00Z' } }), 201);
      const customers = [];
      const subscriptions = [];
      for (let i = 0; i < 3; i += 1) {
        customers.push(await createCustomer(t, { test_clock: clock.id }));
        subscriptions.push(await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customers[i].id, plan: plan.id } }), 201));
      }
      await expectStatus(t.call('POST', `/v1/test_clocks/${clock.id}/advance`, { body: { frozen_time: '2026-04-05T00:00:00Z' } }), 200);
      await t.worker.drain();

      await setProrations(subscriptions[1], 'not JSON'); // the middle customer cannot be billed
      const first = await bill();
      // April: 10.00 for each of the two others; the middle one is a failure, left unbilled.
      assert.deepEqual([first.status, first.invoices, first.totals, first.failures.map((failure) => failure.customer)],
        ['succeeded', 2, { USD: '20.00' }, [customers[1].id]]);
      assert.deepEqual(await Promise.all(customers.map(async (customer) => (await invoicesOf(customer)).length)), [2, 1, 2]);

      await setProrations(subscriptions[1], '[]');
      const second = await bill();
      assert.deepEqual([second.status, second.invoices, second.totals, second.failures], ['succeeded', 1, { USD: '10.00' }, []]);
      assert.deepEqual(await Promise.all(customers.map(async (customer) => (await invoicesOf(customer)).length)), [2, 2, 2]);
      const numbers = await allNumbers();
      assert.deepEqual(numbers, numbers.map((_, i) => numbers[0] + i));
      assert.equal(numbers.length, 6);
    });

    it('spends a credit grant once across a customer\'s two invoices of one batch', async () => {
      const { plan } = await createPlan(t, { code: 'ten-grant', pricings: [{ model: 'flat', amount: '10.00' }] });
      const clock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-05-05T00:00:00Z' } }), 201);
      const customer = await createCustomer(t, { test_clock: clock.id, invoice_consolidation: false });
      for (let i = 0; i < 2; i += 1) await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id } }), 201);
      await expectStatus(t.call('POST', `/v1/customers/${customer.id}/credit_grants`, { body: { amount: '15.00' } }), 201);
      await expectStatus(t.call('POST', `/v1/test_clocks/${clock.id}/advance`, { body: { frozen_time: '2026-06-05T00:00:00Z' } }), 200);
      await t.worker.drain();

      // June: two invoices of 10.00 (consolidation off), finalized in one batch: the first spends
      // 10.00 of the grant, the second the 5.00 left and owes 5.00.
      const run = await bill();
      assert.deepEqual([run.status, run.invoices, run.totals, run.failures], ['succeeded', 2, { USD: '20.00' }, []]);
      const june = (await invoicesOf(customer)).filter((invoice) => invoice.billing_reason === 'subscription_cycle');
      assert.deepEqual(june.map((invoice) => [invoice.credits_applied, invoice.amount_due]).sort(), [['10.00', '0.00'], ['5.00', '5.00']]);
      const grants = (await expectStatus(t.call('GET', `/v1/customers/${customer.id}/credit_grants`), 200)).data;
      assert.deepEqual(grants.map((grant) => grant.remaining), ['0.00']);
    });

    it('bills the usage still waiting to be merged when the batch bills it, once', async () => {
      await createMetrics(t, [{ code: 'batch_calls', aggregation: 'sum', property: 'n' }]);
      const plan = await createUsagePlan(t, { code: 'batch-metered', metrics: ['batch_calls'] }); // 10.00 a month, 1.00 a call
      const clock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-07-05T00:00:00Z' } }), 201);
      const customers = [];
      for (let i = 0; i < 3; i += 1) {
        customers.push(await createCustomer(t, { test_clock: clock.id }));
        await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customers[i].id, plan: plan.id } }), 201);
      }
      await t.worker.drain();
      // The clock moves to the renewal; nothing runs before the batch below, so July's usage
      // still waits to be merged when the batch bills it.
      await expectStatus(t.call('POST', `/v1/test_clocks/${clock.id}/advance`, { body: { frozen_time: '2026-08-05T00:00:00Z' } }), 200);
      await sendBatch(t, customers.map((customer, i) => ({
        id: `july-${i}`, customer: customer.id, metric: 'batch_calls', timestamp: '2026-07-10T00:00:00Z', properties: { n: String(10 * (i + 1)) },
      })));
      const waiting = () => Promise.all(customers.map((customer) => usage.pendingEventCount(t.services.db, { customerId: customer.id })));
      assert.deepEqual(await waiting(), [1, 1, 1]);

      const billed = await billCustomersTogether(t.services, { customerIds: customers.map((customer) => customer.id), until: '2026-08-05T00:00:00.000Z' });
      assert.deepEqual(billed.map((outcome) => outcome.invoices.length), [1, 1, 1]);
      assert.deepEqual(await waiting(), [0, 0, 0]);
      await t.worker.drain(); // the clock catches up (nothing left due) and the job passes the merged events

      for (const [i, customer] of customers.entries()) {
        const august = (await invoicesOf(customer)).filter((invoice) => invoice.billing_reason === 'subscription_cycle');
        assert.deepEqual(august.map((invoice) => invoice.lines.map((line) => [line.kind, line.amount])), [[['fixed', '10.00'], ['usage', `${10 * (i + 1)}.00`]]]);
        const [subscription] = (await expectStatus(t.call('GET', `/v1/subscriptions?customer=${customer.id}`), 200)).data;
        assert.deepEqual(await usage.pendingLateAdjustments(t.services.db, t.services, { subscriptionId: subscription.id }), []);
      }
    });
  });
}
