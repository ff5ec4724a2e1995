'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');
const cancellationPhasesMigration = require('../src/db/migrations/153_cancellation_phases');

// Scheduled changes and interval switches on test clocks. Expected dates and amounts are worked
// out by hand in the comments; the server asks the core.
for (const backend of BACKENDS) {
  describe(`subscription schedules [${backend}]`, () => {
    let t;
    let big;
    let small;
    let seats;
    let yearly;
    before(async () => {
      t = await startTestServer(backend, { clock: manualClock('2026-01-15T12:00:00.000Z') });
      big = (await createPlan(t, { code: 'big', pricings: [{ model: 'flat', amount: '30.00' }] })).plan;
      small = (await createPlan(t, { code: 'small', pricings: [{ model: 'flat', amount: '10.00' }] })).plan;
      seats = (await createPlan(t, { code: 'seats', pricings: [{ model: 'per_unit', unit_amount: '10.00' }] })).plan;
      yearly = (await createPlan(t, { code: 'yearly', interval: 'year', pricings: [{ model: 'flat', amount: '100.00' }] })).plan;
    });
    after(() => t.close());

    const onClock = async (frozenTime, customer = {}) => {
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: frozenTime } }), 201);
      return { testClock, customer: await createCustomer(t, { test_clock: testClock.id, ...customer }) };
    };
    const subscribe = (body) => expectStatus(t.call('POST', '/v1/subscriptions', { body }), 201);
    const change = (sub, body, options = {}) => t.call('POST', `/v1/subscriptions/${sub.id}/change`, { body, ...options });
    const retrieve = (sub) => expectStatus(t.call('GET', `/v1/subscriptions/${sub.id}`), 200);
    const advance = async (testClock, frozenTime) => {
      await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
      await t.worker.drain();
      assert.equal((await expectStatus(t.call('GET', `/v1/test_clocks/${testClock.id}`), 200)).status, 'ready');
    };
    const eventTypes = async (sub) => (await expectStatus(t.call('GET', `/v1/events?object_id=${sub.id}&limit=100`), 200))
      .data.map((e) => e.type).reverse();
    const stored = (sub) => t.services.db.selectFrom('subscriptions').selectAll().where('id', '=', sub.id).executeTakeFirstOrThrow();
    const lines = (sub) => sub.pending_prorations.map((line) => [line.kind, line.amount]);
    // A billing run (as the platform queues it) and the invoices it issued to a customer, oldest first.
    const bill = async () => {
      const queued = await expectStatus(t.call('POST', '/v1/billing_runs', { body: {} }), 202);
      await t.worker.drain();
      assert.equal((await expectStatus(t.call('GET', `/v1/billing_runs/${queued.id}`), 200)).status, 'succeeded');
    };
    const invoicesOf = async (customer) => (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}&limit=100`), 200)).data.reverse();
    const billedLines = (invoice) => invoice.lines.map((line) => [line.kind, line.description, JSON.stringify(line.period), line.amount]);

    it('waits for the period end with a downgrade on a Jan 31 anchor: applied Feb 28, then billed from Mar 31', async () => {
      const { testClock, customer } = await onClock('2026-01-31T09:00:00.000Z');
      const sub = await subscribe({ customer: customer.id, plan: big.id });
      const preview = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/preview_change`, { body: { plan: small.id } }), 200);
      assert.equal(preview.effective_at, '2026-02-28T09:00:00.000Z');
      assert.deepEqual(preview.proration.lines, [], 'nothing is prorated at the period end');
      const scheduled = await expectStatus(change(sub, { plan: small.id }), 200); // 30.00 -> 10.00: a downgrade
      assert.equal(scheduled.plan, big.id, 'the plan stays until the period end');
      assert.equal(scheduled.scheduled_changes.length, 1);
      assert.deepEqual(
        [scheduled.scheduled_changes[0].effective_at, scheduled.scheduled_changes[0].timing, scheduled.scheduled_changes[0].plan],
        ['2026-02-28T09:00:00.000Z', 'period_end', small.id],
      );
      await advance(testClock, '2026-02-28T08:59:59.000Z');
      assert.equal((await retrieve(sub)).plan, big.id, 'not a second early');
      await advance(testClock, '2026-03-01T00:00:00.000Z');
      const applied = await retrieve(sub);
      assert.equal(applied.plan, small.id);
      assert.deepEqual([applied.current_period_start, applied.current_period_end], ['2026-02-28T09:00:00.000Z', '2026-03-31T09:00:00.000Z']);
      assert.deepEqual(applied.scheduled_changes, []);
      assert.deepEqual(applied.pending_prorations, []);
      await bill();
      await advance(testClock, '2026-04-01T00:00:00.000Z');
      const renewed = await retrieve(sub);
      assert.deepEqual([renewed.current_period_start, renewed.current_period_end], ['2026-03-31T09:00:00.000Z', '2026-04-30T09:00:00.000Z']);
      await bill();
      // What billing issued, each period in advance: the big plan's 30.00 at signup, then the
      // small plan's 10.00 from Feb 28 and from Mar 31, nothing prorated.
      const period = (start, end) => JSON.stringify({ end: `${end}T09:00:00Z`, end_date: end, start: `${start}T09:00:00Z`, start_date: start });
      assert.deepEqual((await invoicesOf(customer)).map((invoice) => [invoice.billing_reason, invoice.period_start, invoice.total, billedLines(invoice)]), [
        ['subscription_create', '2026-01-31T09:00:00.000Z', '30.00', [['fixed', 'Plan big', period('2026-01-31', '2026-02-28'), '30.00']]],
        ['subscription_cycle', '2026-02-28T09:00:00.000Z', '10.00', [['fixed', 'Plan small', period('2026-02-28', '2026-03-31'), '10.00']]],
        ['subscription_cycle', '2026-03-31T09:00:00.000Z', '10.00', [['fixed', 'Plan small', period('2026-03-31', '2026-04-30'), '10.00']]],
      ]);
      assert.deepEqual(await eventTypes(sub), [
        'subscription.created', 'subscription.updated', 'subscription.renewed', 'subscription.schedule_applied', 'subscription.renewed',
      ]);
    });

    it('applies a period-end change at the anchor\'s local time in a non-UTC billing zone across DST', async () => {
      // 09:00 in New York: EST (UTC-5) on Feb 15, EDT (UTC-4) from March 8, 2026: the period ends
      // on Mar 15 at 13:00Z, an hour earlier in UTC than it started.
      const { testClock, customer } = await onClock('2026-02-15T14:00:00.000Z', { timezone: 'America/New_York' });
      const sub = await subscribe({ customer: customer.id, plan: big.id });
      const scheduled = await expectStatus(change(sub, { plan: small.id }), 200);
      assert.deepEqual([scheduled.time_zone, scheduled.scheduled_changes[0].effective_at], ['America/New_York', '2026-03-15T13:00:00.000Z']);
      await advance(testClock, '2026-03-15T12:59:59.000Z');
      assert.equal((await retrieve(sub)).plan, big.id, 'not at 14:00Z the day before nor a second early');
      await advance(testClock, '2026-03-15T13:00:00.000Z');
      const applied = await retrieve(sub);
      assert.deepEqual([applied.plan, applied.current_period_start, applied.current_period_end], [small.id, '2026-03-15T13:00:00.000Z', '2026-04-15T13:00:00.000Z']);
      assert.deepEqual(applied.pending_prorations, []);
    });

    it('applies an upgrade now with proration, and a downgrade now when the plan says immediately', async () => {
      const { testClock, customer } = await onClock('2026-04-01T00:00:00.000Z');
      const sub = await subscribe({ customer: customer.id, plan: small.id });
      await advance(testClock, '2026-04-16T00:00:00.000Z'); // halfway through April
      const upgraded = await expectStatus(change(sub, { plan: big.id }), 200);
      assert.equal(upgraded.plan, big.id);
      assert.deepEqual(lines(upgraded), [['credit', '-5.00'], ['charge', '15.00']]);
      await expectStatus(t.call('PATCH', `/v1/plans/${big.id}`, { body: { downgrade_timing: 'immediately' } }), 200);
      try {
        const downgraded = await expectStatus(change(sub, { plan: small.id }), 200);
        assert.equal(downgraded.plan, small.id);
        assert.deepEqual(lines(downgraded).slice(2), [['credit', '-15.00'], ['charge', '5.00']]);
      } finally {
        await expectStatus(t.call('PATCH', `/v1/plans/${big.id}`, { body: { downgrade_timing: 'period_end' } }), 200);
      }
      const forced = await expectStatus(change(sub, { plan: big.id, effective_at: 'period_end' }), 200);
      assert.equal(forced.scheduled_changes[0].effective_at, '2026-05-01T00:00:00.000Z', 'an upgrade may wait too when asked');
    });

    it('applies a change scheduled for an instant at that instant, prorated then', async () => {
      const { testClock, customer } = await onClock('2026-04-01T00:00:00.000Z');
      const sub = await subscribe({ customer: customer.id, plan: seats.id, quantity: '1' });
      const scheduled = await expectStatus(change(sub, { quantity: '2', effective_at: '2026-04-16T00:00:00Z' }), 200);
      assert.deepEqual([scheduled.quantity, scheduled.scheduled_changes[0].timing], ['1', 'instant']);
      await advance(testClock, '2026-04-20T00:00:00.000Z');
      const applied = await retrieve(sub);
      assert.equal(applied.quantity, '2');
      assert.deepEqual(lines(applied), [['credit', '-5.00'], ['charge', '10.00']]); // half of April, at Apr 16
      assert.deepEqual((await eventTypes(sub)).slice(-1), ['subscription.schedule_applied']);
    });

    it('replaces and releases a pending change', async () => {
      const { testClock, customer } = await onClock('2026-04-01T00:00:00.000Z');
      const sub = await subscribe({ customer: customer.id, plan: seats.id, quantity: '5' });
      const scheduled = await expectStatus(change(sub, { quantity: '3' }), 200); // fewer seats: a downgrade
      const [pending] = scheduled.scheduled_changes;
      assert.equal(pending.effective_at, '2026-05-01T00:00:00.000Z');
      const replaced = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/scheduled_changes/${pending.id}/replace`, { body: { quantity: '4' } }), 200);
      assert.deepEqual(replaced.scheduled_changes.map((p) => [p.id, p.quantity, p.effective_at]), [[pending.id, '4', pending.effective_at]]);
      const later = await expectStatus(change(sub, { plan: small.id, effective_at: '2026-06-15T00:00:00Z' }), 200);
      assert.equal(later.scheduled_changes.length, 2);
      const released = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/scheduled_changes/${later.scheduled_changes[1].id}/release`), 200);
      assert.deepEqual(released.scheduled_changes.map((p) => p.id), [pending.id]);
      await advance(testClock, '2026-07-01T00:00:00.000Z');
      const done = await retrieve(sub);
      assert.deepEqual([done.quantity, done.plan, done.scheduled_changes], ['4', seats.id, []]);
    });

    it('schedules a cancellation like a change: at an instant or the period end, replaced, released, applied on time', async () => {
      const { testClock, customer } = await onClock('2026-04-01T00:00:00.000Z');
      const sub = await subscribe({ customer: customer.id, plan: seats.id, quantity: '2' });
      const cancel = (body) => t.call('POST', `/v1/subscriptions/${sub.id}/cancel`, { body });
      const scheduledChanges = `/v1/subscriptions/${sub.id}/scheduled_changes`;
      const before = await stored(sub);
      await expectError(cancel({ effective_at: 'tomorrow' }), 400, 'INVALID_ARGUMENT', '/effective_at');
      await expectError(cancel({ effective_at: '2026-03-31T00:00:00Z' }), 400, 'INVALID_ARGUMENT', '/effective_at');
      await expectError(cancel({ effective_at: 'period_end', at_period_end: true }), 400, 'INVALID_ARGUMENT', '/at_period_end');
      await expectError(cancel({ effective_at: 'period_end', prorate: true }), 400, 'INVALID_ARGUMENT', '/prorate');
      assert.deepEqual(await stored(sub), before, 'nothing was written');

      const pending = await expectStatus(cancel({ effective_at: '2026-04-16T00:00:00Z', prorate: true }), 200);
      const [phase] = pending.scheduled_changes;
      assert.deepEqual([pending.status, pending.cancel_at, pending.cancel_at_period_end, pending.canceled_at], ['active', '2026-04-16T00:00:00.000Z', false, '2026-04-01T00:00:00.000Z']);
      assert.deepEqual([phase.cancel, phase.prorate, phase.timing], [true, true, 'instant']);
      await expectError(cancel({ at_period_end: true }), 409, 'INVALID_STATE');
      await expectError(change(sub, { quantity: '3', effective_at: '2026-04-20T00:00:00Z' }), 409, 'INVALID_STATE'); // nothing changes after the end
      const moved = await expectStatus(t.call('POST', `${scheduledChanges}/${phase.id}/replace`, { body: { effective_at: '2026-04-11T00:00:00Z' } }), 200);
      assert.deepEqual(moved.scheduled_changes.map((p) => [p.id, p.cancel, p.effective_at]), [[phase.id, true, '2026-04-11T00:00:00.000Z']]);
      const resumed = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/reactivate`), 200); // releases the cancellation
      assert.deepEqual([resumed.scheduled_changes, resumed.cancel_at, resumed.canceled_at], [[], null, null]);

      // At the period end: the same phase; replaced by a downgrade there, the cancellation is withdrawn.
      const atEnd = await expectStatus(cancel({ at_period_end: true }), 200);
      assert.deepEqual([atEnd.cancel_at_period_end, atEnd.cancel_at, atEnd.scheduled_changes[0].timing], [true, '2026-05-01T00:00:00.000Z', 'period_end']);
      const replaced = await expectStatus(t.call('POST', `${scheduledChanges}/${atEnd.scheduled_changes[0].id}/replace`, { body: { quantity: '1' } }), 200);
      assert.deepEqual(replaced.scheduled_changes.map((p) => [p.cancel, p.quantity, p.effective_at]), [[false, '1', '2026-05-01T00:00:00.000Z']]);
      assert.deepEqual([replaced.cancel_at_period_end, replaced.canceled_at], [false, null]);
      await expectStatus(t.call('POST', `${scheduledChanges}/${replaced.scheduled_changes[0].id}/release`), 200);

      // At an instant, with the rest of April credited: ended by the test clock then, not a second early.
      await expectStatus(cancel({ effective_at: '2026-04-16T00:00:00Z', prorate: true }), 200);
      await advance(testClock, '2026-04-15T23:59:59.000Z');
      assert.equal((await retrieve(sub)).status, 'active');
      await advance(testClock, '2026-05-10T00:00:00.000Z');
      const ended = await retrieve(sub);
      assert.deepEqual([ended.status, ended.ended_at, ended.current_period_end, ended.scheduled_changes], ['canceled', '2026-04-16T00:00:00.000Z', '2026-05-01T00:00:00.000Z', []]);
      assert.deepEqual(lines(ended), [['credit', '-10.00']]); // 2 seats x 10.00, half of April
      const events = await eventTypes(sub);
      assert.deepEqual(events.slice(-1), ['subscription.canceled']);
      assert.ok(!events.includes('subscription.renewed'), 'April is not renewed');
    });

    it('turns a cancellation at period end stored as a flag (before migration 153) into its pending phase', async () => {
      const { testClock, customer } = await onClock('2026-04-01T00:00:00.000Z');
      const sub = await subscribe({ customer: customer.id, plan: seats.id, quantity: '1' });
      await expectStatus(change(sub, { quantity: '2', effective_at: '2026-04-10T00:00:00Z' }), 200);
      await t.services.db.updateTable('subscriptions').set({ cancel_at_period_end: 1, canceled_at: '2026-04-01T00:00:00.000Z' }).where('id', '=', sub.id).execute();
      await cancellationPhasesMigration.up(t.services.db);
      const migrated = await retrieve(sub);
      assert.deepEqual(migrated.scheduled_changes.map((p) => [p.cancel, p.timing, p.effective_at]),
        [[false, 'instant', '2026-04-10T00:00:00.000Z'], [true, 'period_end', '2026-05-01T00:00:00.000Z']]);
      assert.equal((await stored(sub)).next_change_at, '2026-04-10T00:00:00.000Z');
      await advance(testClock, '2026-05-02T00:00:00.000Z');
      const ended = await retrieve(sub);
      assert.deepEqual([ended.status, ended.ended_at, ended.quantity], ['canceled', '2026-05-01T00:00:00.000Z', '2']);
    });

    it('refuses bad scheduling input with a coded 4xx and changes nothing', async () => {
      const { customer } = await onClock('2026-04-01T00:00:00.000Z');
      const sub = await subscribe({ customer: customer.id, plan: seats.id, quantity: '2' });
      const pending = (await expectStatus(change(sub, { quantity: '1' }), 200)).scheduled_changes[0];
      const before = await stored(sub);
      const events = await eventTypes(sub);
      await expectError(change(sub, { quantity: '3', effective_at: 'tomorrow' }), 400, 'INVALID_ARGUMENT', '/effective_at');
      await expectError(change(sub, { quantity: '3', effective_at: '2026-03-01T00:00:00Z' }), 400, 'INVALID_ARGUMENT', '/effective_at');
      await expectError(change(sub, { quantity: '3', effective_at: '2026-05-01T00:00:00.500Z' }), 400, 'INVALID_ARGUMENT', '/effective_at');
      await expectError(change(sub, { quantity: '3', effective_at: 'period_end' }), 409, 'CONFLICT', '/effective_at');
      await expectError(change(sub, { effective_at: 'now' }), 400, 'MISSING_FIELD');
      await expectError(change(sub, { quantity: '3', effective_at: 7 }), 400, 'INVALID_TYPE');
      await expectError(change(sub, { quantity: '0', effective_at: 'period_end' }), 400, 'INVALID_ARGUMENT', '/quantity');
      await expectError(change(sub, { plan: 'plan_missing', effective_at: 'period_end' }), 404, 'NOT_FOUND', '/plan');
      const base = `/v1/subscriptions/${sub.id}/scheduled_changes`;
      await expectError(t.call('POST', `${base}/sch_missing/release`), 404, 'NOT_FOUND');
      await expectError(t.call('POST', `${base}/sch_missing/replace`, { body: { quantity: '3' } }), 404, 'NOT_FOUND');
      await expectError(t.call('POST', `${base}/${pending.id}/replace`, { body: { quantity: '3', effective_at: 'now' } }), 400, 'INVALID_ARGUMENT', '/effective_at');
      await expectError(t.call('POST', `${base}/${pending.id}/replace`, { body: { quantity: '3', unknown: 1 } }), 400, 'UNKNOWN_FIELD');
      await expectError(t.call('POST', `/v1/subscriptions/sub_missing/scheduled_changes/${pending.id}/release`), 404, 'NOT_FOUND');
      await expectError(t.call('POST', `${base}/${pending.id}/release`, { key: t.keys.support }), 403, 'FORBIDDEN');
      assert.deepEqual(await stored(sub), before, 'nothing was written');
      assert.deepEqual(await eventTypes(sub), events, 'no event');
      await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/cancel`, { body: { at_period_end: true } }), 200);
      await expectError(change(sub, { quantity: '3', effective_at: '2026-05-02T00:00:00Z' }), 409, 'INVALID_STATE');
    });

    it('serializes concurrent changes to one subscription', async () => {
      const { customer } = await onClock('2026-04-16T00:00:00.000Z');
      const sub = await subscribe({ customer: customer.id, plan: seats.id, quantity: '1' });
      const quantities = ['2', '3', '4', '5', '6', '7'];
      const responses = await Promise.all(quantities.map((quantity) => change(sub, { quantity, effective_at: 'now' })));
      for (const response of responses) assert.equal(response.status, 200, JSON.stringify(response.body));
      const final = await retrieve(sub);
      // One after another: each change credits exactly the quantity the previous one charged.
      const credits = final.pending_prorations.filter((line) => line.kind === 'credit').map((line) => line.quantity);
      const charges = final.pending_prorations.filter((line) => line.kind === 'charge').map((line) => line.quantity);
      assert.equal(charges.length, quantities.length);
      assert.deepEqual(credits, ['1', ...charges.slice(0, -1)]);
      assert.deepEqual([...charges].sort(), [...quantities].sort());
      assert.equal(final.quantity, charges[charges.length - 1]);
      assert.equal((await eventTypes(sub)).filter((type) => type === 'subscription.updated').length, quantities.length);
    });

    it('switches monthly to annual on day 10, crediting the unused 21/31 of January exactly, and restarts the cycle', async () => {
      const { testClock, customer } = await onClock('2026-01-01T00:00:00.000Z');
      const sub = await subscribe({ customer: customer.id, plan: small.id });
      await advance(testClock, '2026-01-11T00:00:00.000Z');
      const preview = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/preview_change`, { body: { plan: yearly.id } }), 200);
      assert.deepEqual(preview.proration.factor, { numerator: '21', denominator: '31' });
      const switched = await expectStatus(change(sub, { plan: yearly.id }), 200); // 10.00 a month -> 100.00 a year: an upgrade, now
      // 10.00 x 21/31 = 6.774... -> 6.77 credited; the year is billed as the new period.
      assert.deepEqual(lines(switched), [['credit', '-6.77']]);
      assert.deepEqual(switched.pending_prorations, preview.proration.lines);
      assert.deepEqual([switched.billing_anchor, switched.current_period_start, switched.current_period_end],
        ['2026-01-11T00:00:00.000Z', '2026-01-11T00:00:00.000Z', '2027-01-11T00:00:00.000Z']);
      await advance(testClock, '2027-01-12T00:00:00.000Z');
      const renewed = await retrieve(sub);
      assert.deepEqual([renewed.current_period_start, renewed.current_period_end], ['2027-01-11T00:00:00.000Z', '2028-01-11T00:00:00.000Z']);
    });

    it('moves a cancellation waiting for the period end to the end of the year an interval switch starts', async () => {
      const { testClock, customer } = await onClock('2026-01-01T00:00:00.000Z');
      const sub = await subscribe({ customer: customer.id, plan: small.id });
      await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/cancel`, { body: { effective_at: 'period_end' } }), 200);
      await advance(testClock, '2026-01-11T00:00:00.000Z');
      const switched = await expectStatus(change(sub, { plan: yearly.id }), 200);
      assert.deepEqual(switched.scheduled_changes.map((phase) => [phase.effective_at, phase.timing]), [['2027-01-11T00:00:00.000Z', 'period_end']]);
      assert.equal(switched.cancel_at_period_end, true);
      await advance(testClock, '2026-02-01T00:00:00.000Z');
      assert.equal((await retrieve(sub)).status, 'active', 'the year paid for is not cut at the old month end');
      await advance(testClock, '2027-01-11T00:00:00.000Z');
      assert.equal((await retrieve(sub)).status, 'canceled');
    });

    it('switches annual to monthly at the year end by default (a downgrade), the monthly cycle starting there', async () => {
      const { testClock, customer } = await onClock('2026-03-05T10:00:00.000Z');
      const sub = await subscribe({ customer: customer.id, plan: yearly.id });
      const scheduled = await expectStatus(change(sub, { plan: small.id }), 200);
      assert.equal(scheduled.scheduled_changes[0].effective_at, '2027-03-05T10:00:00.000Z');
      await advance(testClock, '2027-04-06T00:00:00.000Z');
      const monthly = await retrieve(sub);
      assert.equal(monthly.plan, small.id);
      assert.deepEqual(monthly.pending_prorations, []);
      assert.deepEqual([monthly.current_period_start, monthly.current_period_end], ['2027-04-05T10:00:00.000Z', '2027-05-05T10:00:00.000Z']);
    });
  });
}
