'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { readMail } = require('./support/mail');

// Expected dates and amounts are worked out by hand in the comments; the server asks the core.
for (const backend of BACKENDS) {
  describe(`subscriptions [${backend}]`, () => {
    let t;
    let clock;
    let monthly;
    let seats;
    let trial;
    before(async () => {
      clock = manualClock('2026-01-15T12:00:00.000Z');
      t = await startTestServer(backend, { clock });
      monthly = (await createPlan(t, { code: 'ten', pricings: [{ model: 'flat', amount: '10.00' }] })).plan;
      seats = (await createPlan(t, { code: 'seats', pricings: [{ model: 'per_unit', unit_amount: '10.00' }] })).plan;
      trial = (await createPlan(t, { code: 'trial', trialDays: 14, pricings: [{ model: 'flat', amount: '30.00' }] })).plan;
    });
    after(() => t.close());

    const onClock = async (frozenTime, customer = {}) => {
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: frozenTime } }), 201);
      return { testClock, customer: await createCustomer(t, { test_clock: testClock.id, ...customer }) };
    };
    const subscribe = (body) => expectStatus(t.call('POST', '/v1/subscriptions', { body }), 201);
    const advance = async (testClock, frozenTime) => {
      const moving = await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
      assert.equal(moving.status, 'advancing');
      await t.worker.drain();
      const ready = await expectStatus(t.call('GET', `/v1/test_clocks/${testClock.id}`), 200);
      assert.equal(ready.status, 'ready');
    };
    const eventTypes = async (subscriptionId) => (await expectStatus(t.call('GET', `/v1/events?object_id=${subscriptionId}&limit=100`), 200))
      .data.map((e) => e.type).reverse();

    it('starts a monthly subscription now, its first period from the core', async () => {
      const customer = await createCustomer(t);
      const sub = await subscribe({ customer: customer.id, plan: monthly.id });
      assert.equal(sub.status, 'active');
      assert.equal(sub.quantity, '1');
      assert.equal(sub.current_period_start, '2026-01-15T12:00:00.000Z');
      assert.equal(sub.current_period_end, '2026-02-15T12:00:00.000Z');
      assert.equal(sub.trial_end, null);
      assert.deepEqual(await eventTypes(sub.id), ['subscription.created']);
    });

    it('starts with the plan\'s trial, or none when trial_days is 0', async () => {
      const customer = await createCustomer(t);
      const trialing = await subscribe({ customer: customer.id, plan: trial.id });
      assert.equal(trialing.status, 'trialing');
      assert.equal(trialing.trial_end, '2026-01-29T12:00:00.000Z'); // 14 days after Jan 15 12:00 UTC
      assert.equal(trialing.current_period_end, trialing.trial_end);
      const paying = await subscribe({ customer: customer.id, plan: trial.id, trial_days: 0 });
      assert.equal(paying.status, 'active');
      assert.equal(paying.current_period_end, '2026-02-15T12:00:00.000Z');
    });

    it('follows the month-end rule through a test clock: Jan 31 -> Feb 28 -> Mar 31 -> Apr 30', async () => {
      const { testClock, customer } = await onClock('2026-01-31T09:00:00.000Z');
      const sub = await subscribe({ customer: customer.id, plan: monthly.id });
      assert.equal(sub.current_period_end, '2026-02-28T09:00:00.000Z');
      await advance(testClock, '2026-04-01T00:00:00.000Z');
      const moved = await expectStatus(t.call('GET', `/v1/subscriptions/${sub.id}`), 200);
      assert.equal(moved.current_period_start, '2026-03-31T09:00:00.000Z');
      assert.equal(moved.current_period_end, '2026-04-30T09:00:00.000Z');
      assert.deepEqual(await eventTypes(sub.id), ['subscription.created', 'subscription.renewed', 'subscription.renewed']);
    });

    it('bills periods at the anchor\'s local time in the billing zone across DST', async () => {
      // 09:00 in New York: EST (UTC-5) in January, EDT (UTC-4) from March 8, 2026.
      const { testClock, customer } = await onClock('2026-01-10T14:00:00.000Z', { timezone: 'America/New_York' });
      const sub = await subscribe({ customer: customer.id, plan: monthly.id });
      assert.equal(sub.current_period_end, '2026-02-10T14:00:00.000Z');
      await advance(testClock, '2026-03-20T00:00:00.000Z');
      const moved = await expectStatus(t.call('GET', `/v1/subscriptions/${sub.id}`), 200);
      assert.equal(moved.current_period_start, '2026-03-10T13:00:00.000Z');
      assert.equal(moved.current_period_end, '2026-04-10T13:00:00.000Z');
    });

    it('renews wall-clock subscriptions from the recurring catch-up job', async () => {
      const customer = await createCustomer(t);
      const sub = await subscribe({ customer: customer.id, plan: monthly.id });
      const started = clock.now();
      try {
        clock.advance(40 * 24 * 60 * 60 * 1000);
        await t.worker.drain();
        const renewed = await expectStatus(t.call('GET', `/v1/subscriptions/${sub.id}`), 200);
        assert.equal(renewed.current_period_start, sub.current_period_end);
        assert.notEqual(renewed.current_period_end, sub.current_period_end);
        assert.deepEqual(await eventTypes(sub.id), ['subscription.created', 'subscription.renewed']);
      } finally {
        clock.set(started.toISOString());
      }
    });

    it('advances test clocks only forward, one move at a time', async () => {
      const { testClock } = await onClock('2026-06-01T00:00:00.000Z');
      await expectError(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: '2026-05-01T00:00:00Z' } }),
        400, 'INVALID_ARGUMENT', '/frozen_time');
      await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: '2026-07-01T00:00:00Z' } }), 200);
      await expectError(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: '2026-08-01T00:00:00Z' } }),
        409, 'INVALID_STATE');
      await t.worker.drain();
      const types = (await expectStatus(t.call('GET', `/v1/events?object_id=${testClock.id}`), 200)).data.map((e) => e.type);
      assert.deepEqual(types, ['test_clock.ready', 'test_clock.advancing', 'test_clock.created']);
    });

    it('ends a trial through a test clock and starts the first paid period at the trial end', async () => {
      const { testClock, customer } = await onClock('2026-01-15T12:00:00.000Z', { email: 'trialing@example.com' });
      const sub = await subscribe({ customer: customer.id, plan: trial.id });
      // Three days before the trial ends (Jan 29 12:00), by the clock, the customer is told, once.
      const notices = async () => (await readMail(t)).filter((mail) => mail.entry.to === customer.email && mail.entry.template === 'trial.ending');
      await advance(testClock, '2026-01-26T11:00:00.000Z');
      assert.equal((await notices()).length, 0, 'more than three days before');
      await advance(testClock, '2026-01-26T13:00:00.000Z');
      const [notice, ...more] = await notices();
      assert.deepEqual([notice.subject, more.length], ['Your Plan trial trial ends on January 29, 2026', 0]);
      await advance(testClock, '2026-02-01T00:00:00.000Z');
      assert.equal((await notices()).length, 1);
      const moved = await expectStatus(t.call('GET', `/v1/subscriptions/${sub.id}`), 200);
      assert.equal(moved.status, 'active');
      assert.equal(moved.current_period_start, '2026-01-29T12:00:00.000Z');
      assert.equal(moved.current_period_end, '2026-02-28T12:00:00.000Z'); // anchor Jan 29 -> Feb 28 (clamped)
      assert.deepEqual(await eventTypes(sub.id), ['subscription.created', 'subscription.trial_ended']);
    });

    it('previews and applies a quantity change with the core\'s proration (10 -> 20 halfway: net 5.00)', async () => {
      // April 2026 has 30 days; April 16 00:00 UTC is exactly halfway through [Apr 1, May 1).
      const { testClock, customer } = await onClock('2026-04-01T00:00:00.000Z');
      const sub = await subscribe({ customer: customer.id, plan: seats.id, quantity: 1 });
      await advance(testClock, '2026-04-16T00:00:00.000Z');
      const preview = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/preview_change`, { body: { quantity: '2' } }), 200);
      assert.equal(preview.subscription.quantity, '2');
      assert.deepEqual(prorationAmounts(preview.proration), ['-5.00', '10.00']);
      assert.equal(prorationTotal(preview.proration), '5.00');
      const unchanged = await expectStatus(t.call('GET', `/v1/subscriptions/${sub.id}`), 200);
      assert.equal(unchanged.quantity, '1', 'a preview changes nothing');

      const changed = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/change`, { body: { quantity: '2' } }), 200);
      assert.equal(changed.quantity, '2');
      assert.deepEqual(changed.pending_prorations.map((line) => line.amount), prorationAmounts(preview.proration));
      assert.deepEqual((await eventTypes(sub.id)).slice(-1), ['subscription.updated']);
    });

    it('prorates a plan change at the halfway point: credit the old plan\'s rest, charge the new one\'s (10.00 -> 30.00: net 10.00)', async () => {
      const { testClock, customer } = await onClock('2026-04-01T00:00:00.000Z');
      const sub = await subscribe({ customer: customer.id, plan: monthly.id, trial_days: 0 });
      await advance(testClock, '2026-04-16T00:00:00.000Z');
      const thirty = (await createPlan(t, { code: 'thirty', pricings: [{ model: 'flat', amount: '30.00' }] })).plan;
      const preview = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/preview_change`, { body: { plan: thirty.id } }), 200);
      assert.deepEqual(prorationAmounts(preview.proration), ['-5.00', '15.00']);
      assert.equal(prorationTotal(preview.proration), '10.00');
      const changed = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/change`, { body: { plan: thirty.id } }), 200);
      assert.deepEqual(changed.pending_prorations.map((line) => [line.kind, line.amount]).sort(), [['charge', '15.00'], ['credit', '-5.00']]);
    });

    it('prorates add-ons: adding one charges the rest of the period, removing it credits the rest', async () => {
      const { testClock, customer } = await onClock('2026-04-01T00:00:00.000Z');
      const product = await expectStatus(t.call('POST', '/v1/products', { body: { name: 'Support' } }), 201);
      const price = await expectStatus(t.call('POST', '/v1/prices', {
        body: { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'per_unit', unit_amount: '4.00' } },
      }), 201);
      const addOn = await expectStatus(t.call('POST', '/v1/add_ons', { body: { code: 'halfway-support', name: 'Support', price: price.id } }), 201);
      const sub = await subscribe({ customer: customer.id, plan: monthly.id });
      await advance(testClock, '2026-04-16T00:00:00.000Z');
      const added = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/change`, { body: { add_ons: [{ add_on: addOn.id, quantity: '3' }] } }), 200);
      assert.deepEqual(added.pending_prorations.map((line) => [line.kind, line.amount]), [['charge', '6.00']]); // 3 x 4.00, half a period
      // Removing an add-on is a downgrade: it waits for the period end unless asked now.
      const removed = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/change`, { body: { add_ons: [], effective_at: 'now' } }), 200);
      assert.deepEqual(removed.pending_prorations.map((line) => [line.kind, line.amount]), [['charge', '6.00'], ['credit', '-6.00']]);
      assert.deepEqual(removed.add_ons, []);
    });

    it('prorates nothing for a change during a trial', async () => {
      const customer = await createCustomer(t);
      const sub = await subscribe({ customer: customer.id, plan: trial.id });
      assert.equal(sub.status, 'trialing');
      const preview = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/preview_change`, { body: { quantity: '5' } }), 200);
      assert.deepEqual(preview.proration.lines, []);
      const changed = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/change`, { body: { quantity: '5', plan: monthly.id } }), 200);
      assert.deepEqual([changed.quantity, changed.plan, changed.pending_prorations], ['5', monthly.id, []]);
    });

    it('makes a test clock ready when its catch-up job fails its last attempt, so it can be advanced again', async () => {
      const { testClock } = await onClock('2026-06-01T00:00:00.000Z');
      await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: '2026-07-01T00:00:00.000Z' } }), 200);
      // A clock row the job cannot read: every attempt fails; the next one is its last.
      await t.services.db.updateTable('test_clocks').set({ frozen_time: 'not a time' }).where('id', '=', testClock.id).execute();
      const job = await t.services.db.selectFrom('jobs').selectAll().where('type', '=', 'test_clock.advance').where('payload', 'like', `%${testClock.id}%`).executeTakeFirstOrThrow();
      await t.services.db.updateTable('jobs').set({ attempts: job.max_attempts - 1 }).where('id', '=', job.id).execute();
      await t.worker.drain();
      const dead = await t.services.db.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
      assert.equal(dead.status, 'dead');
      const ready = await expectStatus(t.call('GET', `/v1/test_clocks/${testClock.id}`), 200);
      assert.equal(ready.status, 'ready');
      assert.deepEqual((await expectStatus(t.call('GET', `/v1/events?object_id=${testClock.id}`), 200)).data.map((e) => e.type),
        ['test_clock.ready', 'test_clock.advancing', 'test_clock.created']);
    });

    it('previews without writing, even when a period has ended, and support may preview', async () => {
      const customer = await createCustomer(t);
      const sub = await subscribe({ customer: customer.id, plan: seats.id, quantity: '1' });
      const stored = () => t.services.db.selectFrom('subscriptions').selectAll().where('id', '=', sub.id).executeTakeFirstOrThrow();
      const started = clock.now();
      try {
        clock.advance(40 * 24 * 60 * 60 * 1000); // past the period end, before the catch-up job ran
        const before = await stored();
        const preview = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/preview_change`, {
          key: t.keys.support, body: { quantity: '2' },
        }), 200);
        assert.equal(preview.subscription.current_period_start, sub.current_period_end, 'the preview shows the period now running');
        assert.equal(preview.subscription.quantity, '2');
        assert.deepEqual(await stored(), before, 'nothing was written');
        assert.deepEqual(await eventTypes(sub.id), ['subscription.created']);
        await expectError(t.call('POST', `/v1/subscriptions/${sub.id}/change`, { key: t.keys.support, body: { quantity: '2' } }), 403, 'FORBIDDEN');
      } finally {
        clock.set(started.toISOString());
      }
    });

    it('changes plan within the same interval, and refuses another currency', async () => {
      const customer = await createCustomer(t);
      const sub = await subscribe({ customer: customer.id, plan: monthly.id });
      const changed = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/change`, { body: { plan: seats.id, proration_behavior: 'none' } }), 200);
      assert.equal(changed.plan, seats.id);
      assert.deepEqual(changed.pending_prorations, []);
      const euro = (await createPlan(t, { code: 'euro', currency: 'EUR', pricings: [{ model: 'flat', amount: '9.00' }] })).plan;
      await expectError(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: euro.id } }), 400, 'INVALID_ARGUMENT', '/plan');
      await expectError(t.call('POST', '/v1/subscriptions', { body: { customer: 'cus_missing', plan: monthly.id } }), 404, 'NOT_FOUND', '/customer');
      await expectError(t.call('POST', `/v1/subscriptions/${sub.id}/preview_change`, { body: { quantity: '-1' } }), 400, 'INVALID_ARGUMENT', '/quantity');
    });

    it('cancels at period end through a test clock, or now', async () => {
      const { testClock, customer } = await onClock('2026-01-01T00:00:00.000Z', { email: 'canceling@example.com' });
      const later = await subscribe({ customer: customer.id, plan: monthly.id });
      const scheduled = await expectStatus(t.call('POST', `/v1/subscriptions/${later.id}/cancel`, { body: { at_period_end: true } }), 200);
      assert.equal(scheduled.status, 'active');
      assert.equal(scheduled.cancel_at_period_end, true);
      await advance(testClock, '2026-03-01T00:00:00.000Z');
      const ended = await expectStatus(t.call('GET', `/v1/subscriptions/${later.id}`), 200);
      assert.equal(ended.status, 'canceled');
      assert.equal(ended.ended_at, '2026-02-01T00:00:00.000Z');
      assert.deepEqual(await eventTypes(later.id), ['subscription.created', 'subscription.updated', 'subscription.canceled']);

      const now = await subscribe({ customer: customer.id, plan: monthly.id });
      const canceled = await expectStatus(t.call('POST', `/v1/subscriptions/${now.id}/cancel`, { body: {} }), 200);
      assert.equal(canceled.status, 'canceled');
      assert.equal(canceled.ended_at, '2026-03-01T00:00:00.000Z');
      await expectError(t.call('POST', `/v1/subscriptions/${now.id}/cancel`, { body: {} }), 409, 'INVALID_STATE');
      // One email each: the period-end cancellation when it was set (not again when it
      // happened), the other when it ended.
      await t.worker.drain();
      const mails = (await readMail(t)).filter((mail) => mail.entry.to === customer.email && mail.entry.template === 'subscription.canceled');
      assert.equal(mails.length, 2);
      assert.ok(mails.some((mail) => mail.text.includes('It stays active until February 1, 2026')), mails.map((mail) => mail.text).join('\n'));
      assert.ok(mails.some((mail) => mail.text.includes('has been canceled and ended on March 1, 2026')));
    });

    it('cancels now with a credit for the unused half of the period', async () => {
      const { testClock, customer } = await onClock('2026-04-01T00:00:00.000Z');
      const sub = await subscribe({ customer: customer.id, plan: seats.id, quantity: '1' });
      await advance(testClock, '2026-04-16T00:00:00.000Z');
      const canceled = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/cancel`, { body: { prorate: true } }), 200);
      assert.equal(canceled.status, 'canceled');
      assert.deepEqual(canceled.pending_prorations.map((line) => [line.kind, line.amount]), [['credit', '-5.00']]);
      await expectError(t.call('POST', `/v1/subscriptions/${sub.id}/cancel`, { body: { prorate: true } }), 409, 'INVALID_STATE');
    });

    it('pauses and resumes', async () => {
      const customer = await createCustomer(t);
      const sub = await subscribe({ customer: customer.id, plan: monthly.id });
      const paused = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/pause`), 200);
      assert.equal(paused.status, 'paused');
      assert.equal(paused.paused_at, clock.now().toISOString());
      await expectError(t.call('POST', `/v1/subscriptions/${sub.id}/pause`), 409, 'INVALID_STATE');
      const resumed = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/resume`), 200);
      assert.equal(resumed.status, 'active');
      assert.equal(resumed.paused_at, null);
      await expectError(t.call('POST', `/v1/subscriptions/${sub.id}/resume`), 409, 'INVALID_STATE');
      assert.deepEqual(await eventTypes(sub.id), ['subscription.created', 'subscription.paused', 'subscription.resumed']);
    });

    it('lets a portal session see and change only its own subscriptions', async () => {
      const own = await createCustomer(t);
      const other = await createCustomer(t);
      const mine = await subscribe({ customer: own.id, plan: seats.id });
      const theirs = await subscribe({ customer: other.id, plan: seats.id });
      const { token } = await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: own.id } }), 201);
      const listed = await expectStatus(t.call('GET', '/v1/subscriptions', { key: token }), 200);
      assert.deepEqual(listed.data.map((s) => s.id), [mine.id]);
      const filtered = await expectStatus(t.call('GET', `/v1/subscriptions?customer=${other.id}`, { key: token }), 200);
      assert.deepEqual(filtered.data, []);
      await expectError(t.call('GET', `/v1/subscriptions/${theirs.id}`, { key: token }), 404, 'NOT_FOUND');
      await expectError(t.call('POST', `/v1/subscriptions/${theirs.id}/cancel`, { key: token, body: {} }), 404, 'NOT_FOUND');
      await expectError(t.call('POST', `/v1/subscriptions/${mine.id}/pause`, { key: token }), 403, 'FORBIDDEN');
      await expectError(t.call('POST', `/v1/subscriptions/${mine.id}/change`, { key: token, body: { quantity: 3 } }), 403, 'FORBIDDEN', '/quantity');
      await expectStatus(t.call('PATCH', `/v1/plans/${seats.id}`, { body: { portal: { quantity: { adjustable: true } } } }), 200);
      const upgraded = await expectStatus(t.call('POST', `/v1/subscriptions/${mine.id}/change`, { key: token, body: { quantity: 3 } }), 200);
      assert.equal(upgraded.quantity, '3');
      assert.equal(upgraded.pending_prorations.length, 2, 'a portal change is prorated');
      const canceled = await expectStatus(t.call('POST', `/v1/subscriptions/${mine.id}/cancel`, { key: token, body: { at_period_end: true } }), 200);
      assert.equal(canceled.cancel_at_period_end, true);
      const untouched = await expectStatus(t.call('GET', `/v1/subscriptions/${theirs.id}`), 200);
      assert.equal(untouched.status, 'active');
    });

    it('expands the customer and the plan with expand[], on retrieval and in lists, for keys and portal sessions', async () => {
      const customer = await createCustomer(t, { name: 'Expanded Ltd' });
      const sub = await subscribe({ customer: customer.id, plan: seats.id });
      const both = await expectStatus(t.call('GET', `/v1/subscriptions/${sub.id}?expand[]=customer&expand[]=plan`), 200);
      assert.deepEqual(both.customer, await expectStatus(t.call('GET', `/v1/customers/${customer.id}`), 200));
      assert.deepEqual(both.plan, await expectStatus(t.call('GET', `/v1/plans/${seats.id}`), 200));
      const one = await expectStatus(t.call('GET', `/v1/subscriptions/${sub.id}?expand%5B%5D=plan`, { key: t.keys.support }), 200);
      assert.deepEqual([one.customer, one.plan.id], [customer.id, seats.id]);
      const listed = await expectStatus(t.call('GET', `/v1/subscriptions?customer=${customer.id}&expand[]=customer`), 200);
      assert.equal(listed.data[0].customer.name, 'Expanded Ltd');
      const { token } = await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: customer.id } }), 201);
      const mine = await expectStatus(t.call('GET', `/v1/subscriptions/${sub.id}?expand[]=customer`, { key: token }), 200);
      assert.equal(mine.customer.id, customer.id);
      await expectError(t.call('GET', `/v1/subscriptions/${sub.id}?expand[]=coupon`), 400, 'INVALID_ARGUMENT', '/query/expand[]/0');
      assert.equal((await expectStatus(t.call('GET', `/v1/subscriptions/${sub.id}`), 200)).customer, customer.id, 'ids unless asked');
      // The provisioning role reads subscriptions but no customer record (SECURITY.md).
      await expectError(t.call('GET', `/v1/subscriptions/${sub.id}?expand[]=customer`, { key: t.keys.provisioning }), 403, 'FORBIDDEN');
      assert.equal((await expectStatus(t.call('GET', `/v1/subscriptions/${sub.id}`, { key: t.keys.provisioning }), 200)).customer, customer.id);
    });

    it('redeems coupons up to their limit', async () => {
      const customer = await createCustomer(t);
      const coupon = await expectStatus(t.call('POST', '/v1/coupons', { body: { code: 'once', name: 'once', percent_off: '50', duration: 'once', max_redemptions: 1 } }), 201);
      const sub = await subscribe({ customer: customer.id, plan: monthly.id, coupon: coupon.id });
      assert.equal(sub.coupon, coupon.id);
      await expectError(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: monthly.id, coupon: coupon.id } }), 400, 'INVALID_ARGUMENT', '/coupon');
      const stored = await expectStatus(t.call('GET', `/v1/coupons/${coupon.id}`), 200);
      assert.equal(stored.times_redeemed, 1);
    });
  });
}

// The amounts of the core's proration lines, sorted as text (credits first).
function prorationAmounts(proration) {
  return proration.lines.map((line) => line.amount).sort();
}

function prorationTotal(proration) {
  return proration.total;
}
