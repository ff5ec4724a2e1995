'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');

// The upcoming invoice with proposed subscription changes (POST /v1/invoices/upcoming): what
// the next billing run would issue had the changes been made now, with nothing stored. Totals
// are worked out by hand in the comments; the server asks the core for each one.
for (const backend of BACKENDS) {
  describe(`upcoming invoice with subscription_changes [${backend}]`, () => {
    let t;
    before(async () => {
      t = await startTestServer(backend, { clock: manualClock('2027-06-01T00:00:00.000Z') });
    });
    after(() => t.close());

    const advance = async (testClock, frozenTime) => {
      await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
      await t.worker.drain();
    };
    const preview = (body, options = {}) => t.call('POST', '/v1/invoices/upcoming', { body, ...options });
    // Everything a preview could write: subscriptions, invoices and their billing keys, outbox
    // events and their jobs, idempotency records.
    const TABLES = ['subscriptions', 'billing_schedules', 'subscription_billings', 'invoices', 'events', 'jobs', 'idempotency_keys'];
    const snapshot = async () => {
      const counts = {};
      for (const table of TABLES) counts[table] = Number((await t.services.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      counts.subscriptionRows = JSON.stringify(await t.services.db.selectFrom('subscriptions').selectAll().orderBy('id').execute());
      return counts;
    };

    it('shows the next invoice with an upgrade and its prorations, writes nothing, and equals the invoice issued once the upgrade is made', async () => {
      const pro = (await createPlan(t, { code: 'pro', pricings: [{ model: 'per_unit', unit_amount: '30.00' }] })).plan;
      const seats = (await createPlan(t, { code: 'seats', pricings: [{ model: 'per_unit', unit_amount: '10.00' }], portal: { allowed_plans: [pro.id] } })).plan;
      const clock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-03-01T00:00:00Z' } }), 201);
      const customer = await createCustomer(t, { test_clock: clock.id });
      const other = await createCustomer(t, { name: 'Other' });
      const subscription = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: seats.id, quantity: 2 } }), 201);
      const theirs = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: other.id, plan: seats.id } }), 201);
      await advance(clock, '2026-03-16T12:00:00Z'); // 15.5 of March's 31 days left: factor 1/2

      const { token } = await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: customer.id } }), 201);
      const before = await snapshot();
      const plain = await expectStatus(t.call('GET', `/v1/invoices/upcoming?customer=${customer.id}`), 200);
      assert.equal(plain.total, '20.00'); // April as things stand: 2 × 10.00
      // April with the upgrade to pro made now: 2 × 30.00 = 60.00; the rest of March credited,
      // −20.00 × 1/2 = −10.00, and charged on pro, 60.00 × 1/2 = 30.00: 80.00.
      const upgrade = { subscription: subscription.id, plan: pro.id };
      const proposed = await expectStatus(preview({ customer: customer.id, subscription_changes: [upgrade] }), 200);
      assert.deepEqual([proposed.id, proposed.status, proposed.billing_moment, proposed.total], [null, 'upcoming', '2026-04-01T00:00:00.000Z', '80.00']);
      assert.deepEqual(proposed.lines.map((line) => [line.kind, line.amount]), [['fixed', '60.00'], ['proration', '-10.00'], ['proration', '30.00']]);
      // Without changes the POST is the plain upcoming invoice.
      assert.equal((await expectStatus(preview({ customer: customer.id }), 200)).content_hash, plain.content_hash);
      // A cancellation now with the rest of March credited: invoiced at once, −10.00.
      const canceled = await expectStatus(preview({ customer: customer.id, subscription_changes: [{ subscription: subscription.id, cancel: { prorate: true } }] }), 200);
      assert.deepEqual([canceled.billing_moment, canceled.total], ['2026-03-16T12:00:00.000Z', '-10.00']);

      // A portal session: its own customer only, and only what its plan's portal policy allows.
      assert.equal((await expectStatus(preview({ customer: customer.id, subscription_changes: [upgrade] }, { key: token }), 200)).content_hash, proposed.content_hash);
      await expectError(preview({ customer: other.id }, { key: token }), 404, 'NOT_FOUND', '/customer');
      await expectError(preview({ customer: customer.id, subscription_changes: [{ subscription: theirs.id, quantity: 3 }] }, { key: token }), 404, 'NOT_FOUND', '/subscription_changes/0/subscription');
      await expectError(preview({ customer: customer.id, subscription_changes: [{ ...upgrade, proration_behavior: 'none' }] }, { key: token }), 403, 'FORBIDDEN', '/subscription_changes/0/proration_behavior');
      await expectError(preview({ customer: customer.id, subscription_changes: [{ subscription: subscription.id, quantity: 5 }] }, { key: token }), 403, 'FORBIDDEN');

      // Bad input: coded 4xx pointing into the request.
      await expectError(preview({}), 400, 'MISSING_FIELD', '/customer');
      await expectError(preview({ customer: 'cus_missing' }), 404, 'NOT_FOUND', '/customer');
      await expectError(preview({ customer: customer.id, subscription_changes: [{ plan: pro.id }] }), 400, 'MISSING_FIELD', '/subscription_changes/0/subscription');
      await expectError(preview({ customer: customer.id, subscription_changes: [{ ...upgrade, color: 'red' }] }), 400, 'UNKNOWN_FIELD', '/subscription_changes/0/color');
      await expectError(preview({ customer: customer.id, subscription_changes: [{ subscription: 'sub_missing', quantity: 3 }] }), 404, 'NOT_FOUND', '/subscription_changes/0/subscription');
      await expectError(preview({ customer: customer.id, subscription_changes: [{ subscription: theirs.id, quantity: 3 }] }), 400, 'INVALID_ARGUMENT', '/subscription_changes/0/subscription');
      await expectError(preview({ customer: customer.id, subscription_changes: [upgrade, { subscription: subscription.id, quantity: 3 }] }), 400, 'INVALID_ARGUMENT', '/subscription_changes/1/subscription');
      await expectError(preview({ customer: customer.id, subscription_changes: [{ subscription: subscription.id }] }), 400, 'MISSING_FIELD', '/subscription_changes/0');
      await expectError(preview({ customer: customer.id, subscription_changes: [{ subscription: subscription.id, plan: 'plan_missing' }] }), 404, 'NOT_FOUND', '/subscription_changes/0/plan');
      await expectError(preview({ customer: customer.id, subscription_changes: [{ ...upgrade, effective_at: 'tomorrow' }] }), 400, 'INVALID_ARGUMENT', '/subscription_changes/0/effective_at');
      await expectError(preview({ customer: customer.id, subscription_changes: [{ ...upgrade, cancel: {} }] }), 400, 'INVALID_ARGUMENT', '/subscription_changes/0/plan');
      await expectError(preview({ customer: customer.id, subscription_changes: [{ subscription: subscription.id, cancel: { at_period_end: true, prorate: true } }] }), 400, 'INVALID_ARGUMENT', '/subscription_changes/0/cancel/prorate');
      // None of it wrote anything.
      assert.deepEqual(await snapshot(), before);

      // The upgrade made for real at the same instant; at April's billing moment the invoice
      // issued is the one previewed, byte for byte (the core's hash of its canonical result).
      await expectStatus(t.call('POST', `/v1/subscriptions/${subscription.id}/change`, { body: { plan: pro.id } }), 200);
      await advance(clock, '2026-04-01T00:00:00Z');
      await expectStatus(t.call('POST', '/v1/billing_runs', { body: {} }), 202);
      await t.worker.drain();
      const invoices = (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}`), 200)).data;
      const april = invoices.find((invoice) => invoice.billing_moment === '2026-04-01T00:00:00.000Z');
      assert.equal(april.content_hash, proposed.content_hash);
      assert.deepEqual([april.lines, april.total, april.number === null], [proposed.lines, '80.00', false]);
      assert.equal((await expectStatus(t.call('POST', `/v1/invoices/${april.id}/verify`), 200)).recomputed_hash, proposed.content_hash);
    });
  });
}
