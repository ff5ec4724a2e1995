'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { compareQuantities, DEFAULT_PORTAL_POLICY } = require('../src/catalog/portal-policy');

describe('portal policy quantities', () => {
  it('compares decimal quantities exactly, without floating point', () => {
    assert.equal(compareQuantities('10', '9'), 1);
    assert.equal(compareQuantities('2.50', '2.5'), 0);
    assert.equal(compareQuantities('0.1', '0.09'), 1);
    assert.equal(compareQuantities('123456789012345678901234.000000000001', '123456789012345678901234'), 1);
    assert.equal(compareQuantities(7, '7.0'), 0);
  });
});

for (const backend of BACKENDS) {
  describe(`portal policy [${backend}]`, () => {
    let t;
    let seats;
    let pro;
    let locked;
    let addOns;
    before(async () => {
      t = await startTestServer(backend, { clock: manualClock('2026-04-01T00:00:00.000Z') });
      pro = (await createPlan(t, { code: 'pro', pricings: [{ model: 'per_unit', unit_amount: '20.00' }] })).plan;
      locked = (await createPlan(t, { code: 'locked', pricings: [{ model: 'per_unit', unit_amount: '12.00' }] })).plan;
      addOns = [];
      for (const code of ['support', 'archive']) {
        const price = await expectStatus(t.call('POST', '/v1/prices', {
          body: { product: pro.product, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'flat', amount: '5.00' } },
        }), 201);
        addOns.push(await expectStatus(t.call('POST', '/v1/add_ons', { body: { code, name: code, price: price.id } }), 201));
      }
      seats = (await createPlan(t, {
        code: 'seats', pricings: [{ model: 'per_unit', unit_amount: '12.00' }],
        portal: { allowed_plans: [pro.id], quantity: { adjustable: true, minimum: 1, maximum: '10' }, allowed_add_ons: [addOns[0].id] },
      })).plan;
    });
    after(() => t.close());

    const subscribeWithPortal = async (plan, extra = {}) => {
      const customer = await createCustomer(t);
      const sub = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id, ...extra } }), 201);
      const { token } = await expectStatus(t.call('POST', '/v1/portal_sessions', { key: t.keys.billing, body: { customer: customer.id } }), 201);
      const portal = (action, body) => t.call('POST', `/v1/subscriptions/${sub.id}/${action}`, { key: token, body });
      return { sub, portal };
    };
    const stored = async (sub) => expectStatus(t.call('GET', `/v1/subscriptions/${sub.id}`), 200);

    it('is part of the plan: defaults for what it leaves out, replaced whole by a PATCH', async () => {
      assert.deepEqual(locked.portal, DEFAULT_PORTAL_POLICY);
      assert.deepEqual(seats.portal, {
        ...DEFAULT_PORTAL_POLICY, allowed_plans: [pro.id], quantity: { adjustable: true, minimum: '1', maximum: '10' }, allowed_add_ons: [addOns[0].id],
      });
      const patched = await expectStatus(t.call('PATCH', `/v1/plans/${pro.id}`, { body: { portal: { allowed_plans: [seats.id] } } }), 200);
      assert.deepEqual(patched.portal, { ...DEFAULT_PORTAL_POLICY, allowed_plans: [seats.id] });
      await expectError(t.call('PATCH', `/v1/plans/${pro.id}`, { body: { portal: { allowed_plans: ['plan_none'] } } }), 404, 'NOT_FOUND', '/portal/allowed_plans/0');
      await expectError(t.call('PATCH', `/v1/plans/${pro.id}`, { body: { portal: { allowed_add_ons: ['addon_none'] } } }), 404, 'NOT_FOUND', '/portal/allowed_add_ons/0');
      await expectError(t.call('PATCH', `/v1/plans/${pro.id}`, { body: { portal: { quantity: { minimum: '5', maximum: '4.99' } } } }), 400, 'INVALID_ARGUMENT', '/portal/quantity/maximum');
      await expectError(t.call('PATCH', `/v1/plans/${pro.id}`, { body: { portal: { quantity: { minimum: '0' } } } }), 400, 'INVALID_ARGUMENT', '/portal/quantity/minimum');
      await expectError(t.call('PATCH', `/v1/plans/${pro.id}`, { body: { portal: { proration_behavior: 'none' } } }), 400, 'UNKNOWN_FIELD', '/portal/proration_behavior');
      await expectError(t.call('PATCH', `/v1/plans/${pro.id}`, { body: { portal: { cancellation: 'never' } } }), 400, 'INVALID_ARGUMENT', '/portal/cancellation');
      await expectError(t.call('PATCH', `/v1/plans/${pro.id}`, { body: { portal: { allowed_intervals: [{ interval: 'fortnight' }] } } }), 400, 'INVALID_ARGUMENT', '/portal/allowed_intervals/0/interval');
      await expectError(t.call('PATCH', `/v1/plans/${pro.id}`, { body: { portal: { downgrades_at_period_end: 'yes' } } }), 400, 'INVALID_TYPE', '/portal/downgrades_at_period_end');
      assert.deepEqual((await expectStatus(t.call('GET', `/v1/plans/${pro.id}`), 200)).portal.allowed_plans, [seats.id], 'refused updates changed nothing');
    });

    it('never lets a portal choose proration: 1 -> 50 seats unprorated is refused, and a downgrade credits nothing', async () => {
      const { sub, portal } = await subscribeWithPortal(seats);
      await expectError(portal('change', { quantity: '50', proration_behavior: 'none' }), 403, 'FORBIDDEN', '/proration_behavior');
      await expectError(portal('preview_change', { quantity: '2', proration_behavior: 'none' }), 403, 'FORBIDDEN', '/proration_behavior');
      await expectError(portal('change', { quantity: '2', proration_behavior: 'create_prorations' }), 403, 'FORBIDDEN', '/proration_behavior');
      await expectError(portal('change', { quantity: '50' }), 403, 'FORBIDDEN', '/quantity');
      await expectError(portal('change', { quantity: '10.5' }), 403, 'FORBIDDEN', '/quantity');
      const up = await expectStatus(portal('change', { quantity: 10 }), 200);
      const down = await expectStatus(portal('change', { quantity: '1' }), 200);
      assert.equal(up.pending_prorations.length, 2);
      assert.deepEqual([down.quantity, down.scheduled_changes[0].quantity], ['10', '1'], 'the downgrade waits for the period end');
      assert.deepEqual(down.pending_prorations, up.pending_prorations, 'and credits nothing');
      await expectError(portal('change', { quantity: '1', effective_at: 'now' }), 403, 'FORBIDDEN', '/effective_at');
      assert.equal((await stored(sub)).status, 'active');
    });

    it('refuses quantity 0 from anyone: a subscription ends by cancellation', async () => {
      const customer = await createCustomer(t);
      await expectError(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: locked.id, quantity: '0' } }), 400, 'INVALID_ARGUMENT', '/quantity');
      const { sub, portal } = await subscribeWithPortal(seats, { quantity: '3' });
      await expectError(t.call('POST', `/v1/subscriptions/${sub.id}/change`, { body: { quantity: '0.000' } }), 400, 'INVALID_ARGUMENT', '/quantity');
      await expectError(t.call('POST', `/v1/subscriptions/${sub.id}/change`, { body: { add_ons: [{ add_on: addOns[0].id, quantity: 0 }] } }),
        400, 'INVALID_ARGUMENT', '/add_ons/0/quantity');
      await expectError(portal('change', { quantity: 0 }), 403, 'FORBIDDEN', '/quantity');
      const unchanged = await stored(sub);
      assert.deepEqual([unchanged.quantity, unchanged.status], ['3', 'active']);
    });

    it('moves only to the plans the policy allows, previews included', async () => {
      const { sub, portal } = await subscribeWithPortal(seats);
      await expectError(portal('preview_change', { plan: locked.id }), 403, 'FORBIDDEN', '/plan');
      await expectError(portal('change', { plan: locked.id }), 403, 'FORBIDDEN', '/plan');
      const preview = await expectStatus(portal('preview_change', { plan: pro.id }), 200);
      assert.equal(preview.subscription.plan, pro.id);
      const moved = await expectStatus(portal('change', { plan: pro.id }), 200);
      assert.equal(moved.plan, pro.id);
      await expectError(portal('change', { quantity: '2' }), 403, 'FORBIDDEN', '/quantity', 'now the pro plan\'s policy applies');
      const operator = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/change`, { body: { plan: locked.id, quantity: '40', proration_behavior: 'none' } }), 200);
      assert.deepEqual([operator.plan, operator.quantity], [locked.id, '40'], 'an operator may do anything');
    });

    it('changes only the add-ons the policy allows', async () => {
      const { portal } = await subscribeWithPortal(seats, { add_ons: [{ add_on: addOns[1].id }] });
      await expectError(portal('change', { add_ons: [{ add_on: addOns[1].id }, { add_on: addOns[0].id, quantity: '2' }, { add_on: pro.id }] }), 403, 'FORBIDDEN', '/add_ons/2/add_on');
      await expectError(portal('change', { add_ons: [{ add_on: addOns[1].id, quantity: '2' }] }), 403, 'FORBIDDEN', '/add_ons/0/add_on');
      await expectError(portal('change', { add_ons: [{ add_on: addOns[0].id }] }), 403, 'FORBIDDEN', '/add_ons');
      const added = await expectStatus(portal('change', { add_ons: [{ add_on: addOns[1].id }, { add_on: addOns[0].id, quantity: '2' }] }), 200);
      assert.deepEqual(added.add_ons.map((item) => [item.add_on, item.quantity]), [[addOns[1].id, '1'], [addOns[0].id, '2']]);
      assert.equal(added.pending_prorations.length, 1, 'the added add-on is charged for the rest of the period');
    });

    it('switches the billing interval only to the intervals the policy allows', async () => {
      const annual = (await createPlan(t, { code: 'annual', interval: 'year', pricings: [{ model: 'per_unit', unit_amount: '120.00' }] })).plan;
      const monthly = (await createPlan(t, { code: 'monthly-switch', pricings: [{ model: 'per_unit', unit_amount: '12.00' }], portal: { allowed_plans: [annual.id] } })).plan;
      const { sub, portal } = await subscribeWithPortal(monthly);
      await expectError(portal('preview_change', { plan: annual.id }), 403, 'FORBIDDEN', '/plan');
      await expectError(portal('change', { plan: annual.id }), 403, 'FORBIDDEN', '/plan');
      assert.equal((await stored(sub)).plan, monthly.id);
      await expectStatus(t.call('PATCH', `/v1/plans/${monthly.id}`, { body: { portal: { allowed_plans: [annual.id], allowed_intervals: [{ interval: 'year' }] } } }), 200);
      const switched = await expectStatus(portal('change', { plan: annual.id }), 200); // 12.00 a month -> 120.00 a year: an upgrade, now
      assert.deepEqual([switched.plan, switched.current_period_start, switched.current_period_end], [annual.id, '2026-04-01T00:00:00.000Z', '2027-04-01T00:00:00.000Z']);
    });

    it('makes a portal\'s downgrades wait for the period end unless the policy lets them apply now; never at an instant', async () => {
      const { sub, portal } = await subscribeWithPortal(seats, { quantity: '5' });
      await expectError(portal('change', { quantity: '6', effective_at: '2026-04-20T00:00:00Z' }), 403, 'FORBIDDEN', '/effective_at');
      await expectError(portal('change', { quantity: '4', effective_at: 'now' }), 403, 'FORBIDDEN', '/effective_at');
      assert.deepEqual((await stored(sub)).scheduled_changes, [], 'refusals changed nothing');
      const waiting = await expectStatus(portal('change', { quantity: '4' }), 200);
      assert.deepEqual([waiting.quantity, waiting.scheduled_changes[0].effective_at], ['5', '2026-05-01T00:00:00.000Z']);
      await expectStatus(portal(`scheduled_changes/${waiting.scheduled_changes[0].id}/release`), 200);
      const policy = { ...seats.portal, downgrades_at_period_end: false };
      await expectStatus(t.call('PATCH', `/v1/plans/${seats.id}`, { body: { portal: policy, downgrade_timing: 'immediately' } }), 200);
      try {
        const now = await expectStatus(portal('change', { quantity: '4' }), 200);
        assert.deepEqual([now.quantity, now.scheduled_changes], ['4', []]);
      } finally {
        await expectStatus(t.call('PATCH', `/v1/plans/${seats.id}`, { body: { portal: seats.portal, downgrade_timing: 'period_end' } }), 200);
      }
    });

    it('cancels through a portal as the policy says: at the period end, immediately, or either', async () => {
      const endOnly = (await createPlan(t, { code: 'end-only', pricings: [{ model: 'flat', amount: '9.00' }], portal: { cancellation: 'at_period_end' } })).plan;
      const first = await subscribeWithPortal(endOnly);
      await expectError(first.portal('cancel', { at_period_end: false }), 403, 'FORBIDDEN', '/at_period_end');
      assert.equal((await stored(first.sub)).status, 'active');
      await expectError(first.portal('cancel', { effective_at: '2027-01-01T00:00:00Z' }), 403, 'FORBIDDEN', '/effective_at');
      const later = await expectStatus(first.portal('cancel', {}), 200);
      assert.deepEqual([later.status, later.cancel_at_period_end, later.scheduled_changes.map((p) => [p.cancel, p.timing])], ['active', true, [[true, 'period_end']]]);
      const resumed = await expectStatus(first.portal('reactivate'), 200); // the portal's resume releases the pending cancellation
      assert.deepEqual([resumed.cancel_at_period_end, resumed.scheduled_changes], [false, []]);
      // A cancellation an operator scheduled for an instant stays out of the portal's reach.
      const operators = await expectStatus(t.call('POST', `/v1/subscriptions/${first.sub.id}/cancel`, { body: { effective_at: '2027-06-01T00:00:00Z' } }), 200);
      const [phase] = operators.scheduled_changes;
      await expectError(first.portal('reactivate'), 403, 'FORBIDDEN');
      await expectError(first.portal(`scheduled_changes/${phase.id}/release`), 403, 'FORBIDDEN');
      await expectError(first.portal(`scheduled_changes/${phase.id}/replace`, { effective_at: 'period_end' }), 403, 'FORBIDDEN');
      assert.deepEqual((await stored(first.sub)).scheduled_changes.map((p) => [p.id, p.effective_at]), [[phase.id, '2027-06-01T00:00:00.000Z']]);
      await expectStatus(t.call('POST', `/v1/subscriptions/${first.sub.id}/reactivate`), 200);
      const nowOnly = (await createPlan(t, { code: 'now-only', pricings: [{ model: 'flat', amount: '9.00' }], portal: { cancellation: 'immediately' } })).plan;
      const second = await subscribeWithPortal(nowOnly);
      await expectError(second.portal('cancel', { at_period_end: true }), 403, 'FORBIDDEN', '/at_period_end');
      const ended = await expectStatus(second.portal('cancel', {}), 200);
      assert.equal(ended.status, 'canceled');
    });

    it('lets a portal cancel, but never credit the rest of the period', async () => {
      const { sub, portal } = await subscribeWithPortal(locked);
      await expectError(portal('cancel', { prorate: true }), 403, 'FORBIDDEN', '/prorate');
      await expectError(portal('cancel', { prorate: false }), 403, 'FORBIDDEN', '/prorate');
      assert.equal((await stored(sub)).status, 'active');
      const canceled = await expectStatus(portal('cancel', { at_period_end: true }), 200);
      assert.equal(canceled.cancel_at_period_end, true);
      assert.deepEqual(canceled.pending_prorations, []);
    });
  });
}
