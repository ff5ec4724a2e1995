'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { activateIncompleteSubscription } = require('../src/subscriptions/activation');

// Incomplete subscriptions (a checkout waiting for its first payment) on test clocks, with the
// default expiry of 23 hours.
for (const backend of BACKENDS) {
  describe(`incomplete subscriptions [${backend}]`, () => {
    let t;
    let plan;
    let payLater;
    before(async () => {
      t = await startTestServer(backend, { clock: manualClock('2026-01-15T12:00:00.000Z') });
      plan = (await createPlan(t, { code: 'checkout', pricings: [{ model: 'flat', amount: '20.00' }] })).plan;
      await expectStatus(t.call('PUT', `/v1/plans/${plan.id}/entitlements`, { body: { features: [{ key: 'reports', kind: 'boolean' }] } }), 200);
      payLater = (await createPlan(t, { code: 'invoice-me', pricings: [{ model: 'flat', amount: '20.00' }] })).plan;
      await expectStatus(t.call('PATCH', `/v1/plans/${payLater.id}`, { body: { pay_later: true } }), 200);
    });
    after(() => t.close());

    const onClock = async (frozenTime) => {
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: frozenTime } }), 201);
      return { testClock, customer: await createCustomer(t, { test_clock: testClock.id }) };
    };
    const checkout = (customer, extra = {}) => expectStatus(t.call('POST', '/v1/subscriptions', {
      body: { customer: customer.id, plan: plan.id, payment_behavior: 'default_incomplete', ...extra },
    }), 201);
    const advance = async (testClock, frozenTime) => {
      await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
      await t.worker.drain();
    };
    const retrieve = (sub) => expectStatus(t.call('GET', `/v1/subscriptions/${sub.id}`), 200);
    const eventTypes = async (sub) => (await expectStatus(t.call('GET', `/v1/events?object_id=${sub.id}&limit=100`), 200))
      .data.map((e) => e.type).reverse();
    const access = async (customer) => {
      const answer = await expectStatus(t.call('GET', `/v1/entitlements/check?customer=${customer.id}&feature=reports`), 200);
      return [answer.allowed, answer.reason];
    };
    // Entitlement decisions are cached; the outbox watcher drops the entry within its poll (100 ms).
    const eventually = async (read, expected) => {
      let value;
      for (let i = 0; i < 100; i += 1) {
        value = await read();
        if (JSON.stringify(value) === JSON.stringify(expected)) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.deepEqual(value, expected);
    };
    const activate = (sub) => t.services.db.transaction().execute((trx) => activateIncompleteSubscription(trx, t.services, sub.id));

    it('expires unpaid after 23 hours, leaving no access, nothing to bill and no renewal', async () => {
      const { testClock, customer } = await onClock('2026-03-01T10:00:00.000Z');
      const sub = await checkout(customer);
      assert.deepEqual([sub.status, sub.incomplete_expires_at], ['incomplete', '2026-03-02T09:00:00.000Z']);
      await expectError(t.call('POST', `/v1/subscriptions/${sub.id}/change`, { body: { quantity: '2' } }), 409, 'INVALID_STATE');
      await expectError(t.call('POST', `/v1/subscriptions/${sub.id}/pause`), 409, 'INVALID_STATE');
      await advance(testClock, '2026-03-02T08:59:59.000Z');
      assert.equal((await retrieve(sub)).status, 'incomplete', 'not a second early');
      await advance(testClock, '2026-04-15T00:00:00.000Z'); // past the expiry and the period end
      const expired = await retrieve(sub);
      assert.deepEqual([expired.status, expired.ended_at], ['incomplete_expired', '2026-03-02T09:00:00.000Z']);
      assert.deepEqual([expired.current_period_start, expired.current_period_end], [sub.current_period_start, sub.current_period_end], 'never renewed');
      assert.deepEqual(expired.pending_prorations, []);
      // Its first invoice, issued at signup and never paid, is voided: nothing is left due.
      await eventually(async () => (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}`), 200)).data.map((i) => i.status), ['void']);
      // A billing run past its period end bills nothing of it, now or at later period ends.
      await expectStatus(t.call('POST', '/v1/billing_runs', { body: {} }), 202);
      await t.worker.drain();
      await advance(testClock, '2026-06-15T00:00:00.000Z');
      await expectStatus(t.call('POST', '/v1/billing_runs', { body: {} }), 202);
      await t.worker.drain();
      assert.deepEqual((await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}`), 200)).data.map((i) => i.status), ['void']);
      assert.deepEqual(await eventTypes(sub), ['subscription.created', 'subscription.incomplete_expired']);
      assert.deepEqual(await access(customer), [false, 'no_subscription'], 'an expired checkout is nothing');
      await assert.rejects(activate(sub), (error) => error.code === 'INVALID_STATE', 'a late payment activates nothing');
      assert.equal((await retrieve(sub)).status, 'incomplete_expired');
      await expectError(t.call('POST', `/v1/subscriptions/${sub.id}/cancel`, { body: {} }), 409, 'INVALID_STATE');
      await expectError(t.call('POST', `/v1/subscriptions/${sub.id}/change`, { body: { quantity: '2' } }), 409, 'INVALID_STATE');
    });

    it('activates when the first invoice is paid (once, however often it is told), then renews', async () => {
      const { testClock, customer } = await onClock('2026-03-01T10:00:00.000Z');
      const sub = await checkout(customer);
      assert.deepEqual(await access(customer), [false, 'subscription_incomplete']);
      const active = await activate(sub);
      assert.deepEqual([active.status, active.incomplete_expires_at], ['active', null]);
      assert.deepEqual((await activate(sub)).status, 'active');
      await eventually(() => access(customer), [true, null]);
      await advance(testClock, '2026-04-02T00:00:00.000Z');
      const renewed = await retrieve(sub);
      assert.deepEqual([renewed.status, renewed.current_period_start], ['active', '2026-04-01T10:00:00.000Z']);
      assert.deepEqual(await eventTypes(sub), ['subscription.created', 'subscription.activated', 'subscription.renewed']);
    });

    it('never lets a pending or expired checkout hide the subscription a customer pays for', async () => {
      const { testClock, customer } = await onClock('2026-03-01T10:00:00.000Z');
      await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id } }), 201);
      await checkout(customer); // an upgrade's checkout, newer, not paid
      assert.deepEqual(await access(customer), [true, null]);
      await advance(testClock, '2026-03-03T00:00:00.000Z'); // expired
      assert.deepEqual(await access(customer), [true, null]);
    });

    it('starts active on a pay-later plan, trialing with a trial, and an incomplete one may be canceled (now only)', async () => {
      const customer = await createCustomer(t);
      const later = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: payLater.id, payment_behavior: 'default_incomplete' } }), 201);
      assert.deepEqual([later.status, later.incomplete_expires_at], ['active', null]);
      const trialing = await checkout(customer, { trial_days: 7 });
      assert.equal(trialing.status, 'trialing');
      const abandoned = await checkout(customer);
      await expectError(t.call('POST', `/v1/subscriptions/${abandoned.id}/cancel`, { body: { at_period_end: true } }), 400, 'INVALID_ARGUMENT', '/at_period_end');
      await expectError(t.call('POST', `/v1/subscriptions/${abandoned.id}/cancel`, { body: { prorate: true } }), 400, 'INVALID_ARGUMENT', '/prorate');
      await expectError(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id, payment_behavior: 'later' } }), 400, 'INVALID_ARGUMENT', '/payment_behavior');
      assert.equal((await retrieve(abandoned)).status, 'incomplete', 'refusals changed nothing');
      const canceled = await expectStatus(t.call('POST', `/v1/subscriptions/${abandoned.id}/cancel`, { body: {} }), 200);
      assert.deepEqual([canceled.status, canceled.incomplete_expires_at, canceled.pending_prorations], ['canceled', null, []]);
    });
  });
}
