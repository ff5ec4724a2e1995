'use strict';
// Dunning through the built-in workflows to the customer's app, end to end over HTTP: the vault,
// both simulated gateways and the example provisioned app run as real processes, time moves on
// a test clock. A renewal charge fails and the next retry pays: the subscription was only past
// due, access never changed, so nothing is restored. The next renewal fails for good: unpaid,
// suspended in the app; paid again: restored in the app.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS } = require('./support/harness');
const { createPlan, createCustomer, expectStatus } = require('./support/fixtures');
const { startPaymentsServer } = require('./support/payments');
const { startProvisionedApp } = require('./support/provisioned-app');
const { startWebhookReceiver } = require('./support/webhooks');

const WORKING_CARD = '4242424242424242';
const DECLINED_CARD = '4000000000009995'; // insufficient funds: retried

for (const backend of BACKENDS) {
  describe(`workflows over dunning [${backend}]`, () => {
    let t;
    let app;
    let receiver;
    before(async () => {
      t = await startPaymentsServer(backend);
      app = await startProvisionedApp(t);
      receiver = await startWebhookReceiver();
    });
    after(async () => {
      if (receiver) await receiver.stop();
      if (app) await app.stop();
      if (t) await t.close();
    });

    // Runs due jobs until none is left (payments, dunning, workflow runs and orders all run
    // through the queue, each step queueing the next).
    async function settle() {
      for (let i = 0; i < 20; i += 1) {
        await t.worker.drain();
        const busy = await t.services.db.selectFrom('jobs').select('id').where('status', 'in', ['queued', 'running'])
          .where('run_at', '<=', new Date().toISOString()).executeTakeFirst();
        if (!busy) return;
      }
      throw new Error('jobs did not settle');
    }
    // Moves the test clock, then bills what fell due (as the every-minute billing job would).
    const advance = async (testClock, frozenTime) => {
      await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
      await expectStatus(t.call('POST', '/v1/billing_runs', { body: {} }), 202);
      await settle();
    };
    const makeDefault = (customer, card) => expectStatus(t.call('POST', `/v1/customers/${customer.id}/payment_methods/${card.id}/default`), 200);
    const statusOf = async (subscription) => (await expectStatus(t.call('GET', `/v1/subscriptions/${subscription.id}`), 200)).status;
    const events = async (type, customer) => (await expectStatus(t.call('GET', `/v1/events?type=${type}&customer=${customer.id}`), 200)).data;
    const runsOf = async (customer) => (await expectStatus(t.call('GET', `/v1/workflow_runs?customer=${customer.id}`), 200)).data;
    const openInvoice = async (customer) => (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}&status=open`), 200)).data;

    it('restores access after a recovery from unpaid, and leaves it alone after one from past due', async () => {
      const { plan } = await createPlan(t, { code: 'team-dunned', pricings: [{ model: 'per_unit', unit_amount: '10.00' }] });
      await expectStatus(t.call('PUT', `/v1/plans/${plan.id}/entitlements`, {
        body: { features: [{ key: 'seats', kind: 'limit', limit: 0 }, { key: 'reports', kind: 'boolean' }] },
      }), 200);
      await expectStatus(t.call('PUT', `/v1/plans/${plan.id}/dunning_policy`, { body: { retry_days: [1], final_action: 'unpaid' } }), 200);
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-03-02T09:00:00.000Z' } }), 201);
      const customer = await createCustomer(t, { email: 'dunned-owner@example.test', name: 'Dana', test_clock: testClock.id });
      const working = await t.cardOnFile(customer.id, WORKING_CARD);
      // A workflow of the operator's own: the CRM hears of a renewal's second failed charge.
      // Its filters (plan, currency, amount, attempt count) match only May's second attempt;
      // one asking for more than the invoice's 30.00 never matches.
      const endpoint = await expectStatus(t.call('POST', '/v1/webhook_endpoints', { body: { url: receiver.url, event_types: ['credit_note.created'] } }), 201);
      await receiver.setSecrets([endpoint.secret]);
      const secondFailure = (amount) => ({
        name: `Second failure over ${amount}`,
        trigger: {
          event: 'invoice.payment_failed',
          conditions: [{ field: 'plan', value: plan.id }, { field: 'currency', value: 'USD' }, { field: 'amount', op: 'gte', value: amount }, { field: 'attempt_count', op: 'gte', value: 2 }],
        },
        steps: [{ type: 'call_webhook', endpoint: endpoint.id }],
      });
      const warn = await expectStatus(t.call('POST', '/v1/workflows', { body: secondFailure('30.00') }), 201);
      const never = await expectStatus(t.call('POST', '/v1/workflows', { body: secondFailure('30.01') }), 201);
      const subscription = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id, quantity: '3' } }), 201);
      await settle();

      // The first invoice is charged at sign-up, and its payment provisions the customer.
      const account = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/account`), 200);
      const [activation] = await runsOf(customer);
      const order = await expectStatus(t.call('GET', `/v1/orders/${activation.steps[0].output.order}`), 200);
      const { secret } = await expectStatus(t.call('POST', `/v1/orders/${order.id}/reveal_access_key`), 200);
      assert.equal((await app.workspace(account.id)).body.status, 'active');
      assert.equal((await app.use(account.id, 'reports', { key: secret })).status, 200);

      // April's renewal is declined; the customer puts a working card on file and the retry a
      // day later pays it. Past due, then active: nothing to restore.
      const declined = await t.cardOnFile(customer.id, DECLINED_CARD, { default: true });
      await advance(testClock, '2026-04-02T10:00:00.000Z');
      assert.equal(await statusOf(subscription), 'past_due');
      assert.equal((await app.use(account.id, 'reports', { key: secret })).status, 200, 'a past-due customer keeps access');
      await makeDefault(customer, working);
      await advance(testClock, '2026-04-03T10:00:00.000Z');
      assert.equal(await statusOf(subscription), 'active');
      const [fromPastDue] = await events('subscription.recovered', customer);
      assert.equal(fromPastDue.data.object.previous_status, 'past_due');
      assert.deepEqual((await runsOf(customer)).map((run) => run.event_type), ['invoice.paid'], 'no restore after a recovery from past due, no run for a first failure');

      // May's renewal is declined and so is its one retry: unpaid, and the app suspends access.
      await makeDefault(customer, declined);
      await advance(testClock, '2026-05-02T10:00:00.000Z');
      await advance(testClock, '2026-05-03T10:00:00.000Z');
      assert.equal(await statusOf(subscription), 'unpaid');
      const [unpaid] = await events('subscription.unpaid', customer);
      assert.deepEqual([unpaid.data.object.previous_status, unpaid.data.object.attempt_count], ['past_due', 2]);
      const warnings = (await runsOf(customer)).filter((run) => run.event_type === 'invoice.payment_failed');
      assert.deepEqual(warnings.map((run) => [run.workflow, run.status, run.facts.attempt_count, run.facts.amount]), [[warn.id, 'completed', '2', '30.00']]);
      assert.ok(!warnings.some((run) => run.workflow === never.id));
      await receiver.sync();
      const called = receiver.log().filter((event) => event.type === 'invoice.payment_failed');
      assert.deepEqual(called.map((event) => event.data.object.attempt_count), [2], 'the webhook step delivered the second failure, signed');
      const suspension = (await runsOf(customer)).find((run) => run.event_type === 'subscription.unpaid');
      assert.equal(suspension.status, 'completed');
      assert.equal((await app.workspace(account.id)).body.status, 'suspended');
      assert.notEqual((await app.use(account.id, 'reports', { key: secret })).status, 200);

      // Paid by hand with a working card: recovered from unpaid, and the app restores access.
      await makeDefault(customer, working);
      const [unpaidInvoice] = await openInvoice(customer);
      const payment = await expectStatus(t.call('POST', '/v1/payments', {
        body: { customer: customer.id, amount: unpaidInvoice.amount_due, currency: 'USD', invoice: unpaidInvoice.id },
      }), 201);
      assert.equal(payment.status, 'succeeded');
      await settle();
      assert.equal(await statusOf(subscription), 'active');
      const fromUnpaid = (await events('subscription.recovered', customer)).find((event) => event.data.object.previous_status === 'unpaid');
      assert.ok(fromUnpaid, 'the second recovery names unpaid as the state left');
      const restoration = (await runsOf(customer)).find((run) => run.event_type === 'subscription.recovered');
      assert.deepEqual([restoration.status, restoration.facts.previous_status], ['completed', 'unpaid']);
      const restore = await expectStatus(t.call('GET', `/v1/orders/${restoration.steps[0].output.order}`), 200);
      assert.deepEqual([restore.type, restore.status], ['restore', 'completed']);
      assert.equal((await app.workspace(account.id)).body.status, 'active');
      assert.equal((await app.use(account.id, 'reports', { key: secret })).status, 200);
    });
  });
}
