'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { createRatecard, createLocalEntitlements, verifySnapshot } = require('../..');
const { entitlementRuntime } = require('../src/entitlements/decisions');

// Expected figures are worked out by hand in the comments; the server asks the core.
for (const backend of BACKENDS) {
  describe(`entitlements [${backend}]`, () => {
    let t;
    let clock;
    let plan;
    let addOn;
    let testClock;
    let customer;
    let subscription;
    before(async () => {
      clock = manualClock('2026-01-15T12:00:00.000Z');
      t = await startTestServer(backend, { clock });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      plan = (await createPlan(t, { code: 'team', pricings: [{ model: 'per_unit', unit_amount: '10.00' }] })).plan;
      await expectStatus(t.call('PUT', `/v1/plans/${plan.id}/entitlements`, {
        body: {
          features: [
            { key: 'seats', kind: 'limit', limit: 0 }, { key: 'projects', kind: 'limit', limit: 3 },
            { key: 'reports', kind: 'boolean' }, { key: 'sso', kind: 'boolean', enabled: false },
            { key: 'api_calls', kind: 'metered', included: '1000' },
          ],
        },
      }), 200);
      const product = await expectStatus(t.call('POST', '/v1/products', { body: { name: 'More projects' } }), 201);
      const price = await expectStatus(t.call('POST', '/v1/prices', { body: { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'flat', amount: '5.00' } } }), 201);
      addOn = await expectStatus(t.call('POST', '/v1/add_ons', { body: { code: 'projects-5', name: '+5 projects', price: price.id } }), 201);
      await expectStatus(t.call('PUT', `/v1/add_ons/${addOn.id}/entitlements`, { body: { features: [{ key: 'projects', kind: 'limit', limit: 5 }] } }), 200);
      testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-01-15T12:00:00.000Z' } }), 201);
      customer = await createCustomer(t, { test_clock: testClock.id, timezone: 'Europe/Paris' });
      subscription = await expectStatus(t.call('POST', '/v1/subscriptions', {
        body: { customer: customer.id, plan: plan.id, quantity: 4, add_ons: [{ add_on: addOn.id, quantity: 2 }] },
      }), 201);
    });
    after(() => t.close());

    const check = (query) => expectStatus(t.call('GET', `/v1/entitlements/check?${new URLSearchParams({ customer: customer.id, ...query })}`), 200);
    // Changes made through other domains (subscriptions, test clocks) reach the cache through
    // the outbox within the watcher's poll interval (100 ms).
    const eventually = async (read, expected) => {
      let value;
      for (let i = 0; i < 50; i += 1) {
        value = await read();
        if (JSON.stringify(value) === JSON.stringify(expected)) return value;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.deepEqual(value, expected);
      return value;
    };
    const pick = (c) => [c.allowed, c.limit, c.usage, c.balance, c.reason];
    const advance = async (frozenTime) => {
      await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
      await t.worker.drain();
    };

    it('versions a plan\'s terms; a plan without terms takes its catalog features', async () => {
      const terms = await expectStatus(t.call('GET', `/v1/plans/${plan.id}/entitlements`), 200);
      assert.equal(terms.version, 1);
      assert.deepEqual(terms.seats, { over_limit: 'refuse', proration_behavior: 'create_prorations' });
      const other = (await createPlan(t, { code: 'catalog-only' })).plan;
      await expectStatus(t.call('PATCH', `/v1/plans/${other.id}`, { body: { features: [
        { code: 'exports', value: true }, { code: 'boards', value: 10 }, { code: 'members', value: null }, { code: 'tier', value: 'gold' },
      ] } }), 200);
      const derived = await expectStatus(t.call('GET', `/v1/plans/${other.id}/entitlements`), 200);
      assert.equal(derived.version, 0);
      assert.deepEqual(derived.features, [
        { key: 'exports', kind: 'boolean', enabled: true }, { key: 'boards', kind: 'limit', limit: 10 }, { key: 'members', kind: 'limit', unlimited: true },
      ]);
      const v1 = await expectStatus(t.call('PUT', `/v1/plans/${other.id}/entitlements`, { body: { features: [{ key: 'exports', kind: 'boolean' }] } }), 200);
      const v2 = await expectStatus(t.call('PUT', `/v1/plans/${other.id}/entitlements`, { body: { features: [{ key: 'exports', kind: 'boolean', enabled: false }], payment: 'paid_first' } }), 200);
      assert.deepEqual([v1.version, v2.version, v2.payment], [1, 2, 'paid_first']);
      const events = await expectStatus(t.call('GET', '/v1/events?type=entitlement_terms.updated&limit=100'), 200);
      assert.ok(events.data.some((e) => e.data.object.owner_id === other.id && e.data.object.version === 2));
    });

    it('decides limits (plan, add-ons times their quantity), booleans and metered balances', async () => {
      // projects: 3 from the plan + 5 x 2 from the add-on = 13.
      assert.deepEqual(pick(await check({ feature: 'projects', amount: '13' })), [true, '13', '0', '13', null]);
      assert.deepEqual(pick(await check({ feature: 'projects', amount: '14' })), [false, '13', '0', '13', 'limit_exceeded']);
      assert.deepEqual(pick(await check({ feature: 'reports' })), [true, null, null, null, null]);
      assert.deepEqual(pick(await check({ feature: 'sso' })), [false, null, null, null, 'disabled']);
      assert.deepEqual(pick(await check({ feature: 'nope' })), [false, null, null, null, 'not_entitled']);
      // Metered: the allowance resets with the billing period, the 15th at 13:00 Paris time.
      const calls = await check({ feature: 'api_calls', amount: '5' });
      assert.deepEqual([calls.allowed, calls.kind, calls.balance, calls.reset_at], [true, 'metered', '1000', '2026-02-15T12:00:00Z']);
      // Seats follow the subscription's quantity (4).
      assert.deepEqual(pick(await check({ feature: 'seats', amount: '4' })), [true, '4', '0', '4', null]);
      const all = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/entitlements`), 200);
      assert.deepEqual(all.features.map((f) => f.feature), ['api_calls', 'projects', 'reports', 'seats', 'sso']);
      assert.equal(all.plan_version, 1);
      assert.equal(all.at, '2026-01-15T12:00:00Z');
    });

    it('applies overrides and grants, a grant ending by the customer\'s clock; a voided grant counts no more', async () => {
      await expectStatus(t.call('PUT', `/v1/customers/${customer.id}/entitlement_overrides`, {
        body: { overrides: [{ key: 'projects', limit: 50 }, { key: 'sso', enabled: true }] },
      }), 200);
      // Overrides replace the plan's 3, the add-ons still add 10.
      assert.deepEqual(pick(await check({ feature: 'projects' })).slice(0, 2), [true, '60']);
      assert.equal((await check({ feature: 'sso' })).allowed, true);
      const grant = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/entitlement_grants`, {
        body: { feature: 'api_calls', amount: '500', expires_at: '2026-01-20T00:00:00Z', reason: 'launch promotion' },
      }), 201);
      assert.equal((await check({ feature: 'api_calls' })).balance, '1500');
      await advance('2026-01-21T00:00:00.000Z');
      await eventually(async () => (await check({ feature: 'api_calls' })).balance, '1000');
      const lasting = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/entitlement_grants`, { body: { feature: 'projects', amount: '7' } }), 201);
      assert.equal((await check({ feature: 'projects' })).limit, '67');
      await expectStatus(t.call('POST', `/v1/customers/${customer.id}/entitlement_grants/${lasting.id}/void`), 200);
      assert.equal((await check({ feature: 'projects' })).limit, '60');
      await expectError(t.call('POST', `/v1/customers/${customer.id}/entitlement_grants/${lasting.id}/void`), 409, 'INVALID_STATE');
      const grants = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/entitlement_grants`), 200);
      assert.deepEqual(grants.data.map((g) => [g.id, Boolean(g.voided_at)]), [[lasting.id, true], [grant.id, false]]);
      await expectStatus(t.call('PUT', `/v1/customers/${customer.id}/entitlement_overrides`, { body: { overrides: [] } }), 200);
    });

    it('answers why a customer holds nothing: no subscription, a paused one', async () => {
      const bare = await createCustomer(t);
      const none = await expectStatus(t.call('GET', `/v1/entitlements/check?customer=${bare.id}&feature=reports`), 200);
      assert.deepEqual([none.allowed, none.reason], [false, 'no_subscription']);
      const sub = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: bare.id, plan: plan.id } }), 201);
      const read = async () => {
        const answer = await expectStatus(t.call('GET', `/v1/entitlements/check?customer=${bare.id}&feature=reports`), 200);
        return [answer.allowed, answer.reason];
      };
      await eventually(read, [true, null]);
      await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/pause`, { body: {} }), 200);
      await eventually(read, [false, 'subscription_paused']);
    });

    it('signs a snapshot that verifies with the public key, answers 304 to its ETag, and the local helper decides as the server does', async () => {
      const { port } = t.app.server.address();
      const url = `http://127.0.0.1:${port}`;
      const keys = await expectStatus(t.call('GET', '/v1/entitlements/signing_keys'), 200);
      const publicKeys = Object.fromEntries(keys.data.map((k) => [k.kid, k.public_key]));
      const first = await t.call('GET', `/v1/entitlements/snapshot?customer=${customer.id}`);
      assert.equal(first.status, 200);
      const payload = verifySnapshot(first.body, publicKeys);
      assert.deepEqual([payload.customer, payload.plan, payload.plan_version, payload.frozen_time], [customer.id, plan.id, 1, '2026-01-21T00:00:00Z']);
      const tampered = { ...first.body, payload: first.body.payload.replace('"limit":3', '"limit":300') };
      assert.throws(() => verifySnapshot(tampered, publicKeys), /does not verify/);
      const { privateKey: otherKey } = crypto.generateKeyPairSync('ed25519');
      const forged = { ...first.body, signature: { ...first.body.signature, value: crypto.sign(null, Buffer.from(first.body.payload), otherKey).toString('base64url') } };
      assert.throws(() => verifySnapshot(forged, publicKeys), /does not verify/);
      const again = await t.call('GET', `/v1/entitlements/snapshot?customer=${customer.id}`, { headers: { 'if-none-match': first.headers.etag } });
      assert.equal(again.status, 304);

      const ratecard = await createRatecard();
      const local = await createLocalEntitlements({ ratecard, url, apiKey: t.keys.provisioning, customer: customer.id, refreshIntervalMs: 0 });
      try {
        for (const query of [{ feature: 'projects', amount: '13' }, { feature: 'projects', amount: '14' }, { feature: 'reports' }, { feature: 'sso' },
          { feature: 'api_calls', amount: '999' }, { feature: 'seats', amount: '5' }, { feature: 'nope' }]) {
          const server = await check(query);
          const decided = local.check(query.feature, { amount: query.amount });
          assert.deepEqual([decided.allowed, decided.limit, decided.usage, decided.balance, decided.reset_at, decided.reason],
            [server.allowed, server.limit, server.usage, server.balance, server.reset_at, server.reason], JSON.stringify(query));
        }
        assert.equal(await local.refresh(), false, 'unchanged: 304');
        await expectStatus(t.call('PUT', `/v1/customers/${customer.id}/entitlement_overrides`, { body: { overrides: [{ key: 'reports', enabled: false }] } }), 200);
        assert.equal(await local.refresh(), true);
        assert.equal(local.check('reports').reason, 'disabled');
      } finally {
        local.close();
        await expectStatus(t.call('PUT', `/v1/customers/${customer.id}/entitlement_overrides`, { body: { overrides: [] } }), 200);
      }
    });

    it('keeps answers in a cache that outbox events invalidate, and a load that raced a change is not kept', async () => {
      // The watcher takes in the events written so far (it would within its poll interval).
      await entitlementRuntime(t.services).watcher.readOnce();
      const first = await check({ feature: 'projects' });
      // Written behind the server's back (no event): the cached answer stands.
      await t.services.db.updateTable('subscriptions').set({ add_ons: '[]' }).where('id', '=', subscription.id).execute();
      assert.equal((await check({ feature: 'projects' })).limit, first.limit, 'served from the cache');
      // Any event about the customer invalidates it, whichever process wrote it.
      await expectStatus(t.call('PATCH', `/v1/customers/${customer.id}`, { body: { name: 'Renamed' } }), 200);
      await eventually(async () => (await check({ feature: 'projects' })).limit, '3');
      await t.services.db.updateTable('subscriptions').set({ add_ons: JSON.stringify([{ add_on: addOn.id, quantity: '2' }]) }).where('id', '=', subscription.id).execute();
      await expectStatus(t.call('PATCH', `/v1/customers/${customer.id}`, { body: { name: 'Back' } }), 200);

      const { EntitlementCache } = require('../src/entitlements/cache');
      const cache = new EntitlementCache();
      let release;
      const slow = cache.get('cus_x', () => new Promise((resolve) => { release = resolve; }));
      cache.invalidate('cus_x');
      release('stale');
      assert.equal(await slow, 'stale');
      assert.equal(cache.peek('cus_x'), undefined, 'the raced load was not kept');
      assert.equal(await cache.get('cus_x', async () => 'fresh'), 'fresh');
      assert.equal(cache.peek('cus_x'), 'fresh');
    });

    it('refuses bad input on every new route with a coded 4xx, changing nothing', async () => {
      const countEvents = async () => (await t.services.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()).n;
      const before = await countEvents();
      const c = customer.id;
      const cases = [
        ['GET', '/v1/entitlements/check?feature=x', undefined, 400, 'MISSING_FIELD', '/query/customer'],
        ['GET', `/v1/entitlements/check?customer=${c}&feature=projects&amount=-1`, undefined, 400, 'INVALID_ARGUMENT', '/query/amount'],
        ['GET', `/v1/entitlements/check?customer=${c}&feature=reports&amount=1`, undefined, 400, 'INVALID_ARGUMENT', '/query/amount'],
        ['GET', `/v1/entitlements/check?customer=${c}&feature=projects&amount=1&assignee=a`, undefined, 400, 'INVALID_ARGUMENT', '/query/assignee'],
        ['GET', '/v1/entitlements/check?customer=cus_none&feature=x', undefined, 404, 'NOT_FOUND', '/query/customer'],
        ['GET', `/v1/entitlements/check?customer=${c}&feature=x&extra=1`, undefined, 400, 'UNKNOWN_FIELD', '/query/extra'],
        ['GET', '/v1/entitlements/snapshot?customer=cus_none', undefined, 404, 'NOT_FOUND', '/query/customer'],
        ['GET', '/v1/customers/cus_none/entitlements', undefined, 404, 'NOT_FOUND'],
        ['PUT', `/v1/plans/${plan.id}/entitlements`, { features: [{ key: 'a', kind: 'nope' }] }, 400, 'INVALID_ARGUMENT', '/features/0/kind'],
        ['PUT', `/v1/plans/${plan.id}/entitlements`, { features: [{ key: 'a', kind: 'limit' }] }, 400, 'MISSING_FIELD', '/features/0/limit'],
        ['PUT', `/v1/plans/${plan.id}/entitlements`, { features: [{ key: 'seats', kind: 'boolean' }] }, 400, 'INVALID_ARGUMENT', '/features'],
        ['PUT', `/v1/plans/${plan.id}/entitlements`, { features: [], seats: { over_limit: 'maybe' } }, 400, 'INVALID_ARGUMENT', '/seats/over_limit'],
        ['PUT', '/v1/plans/plan_none/entitlements', { features: [] }, 404, 'NOT_FOUND'],
        ['PUT', `/v1/add_ons/${addOn.id}/entitlements`, { features: [{ key: 'projects', kind: 'limit', limit: 1, overage: 'soft' }] }, 400, 'UNKNOWN_FIELD', '/features/0/overage'],
        ['PUT', `/v1/add_ons/${addOn.id}/entitlements`, { features: [], requires_plans: ['plan_none'] }, 404, 'NOT_FOUND', '/requires_plans/0'],
        ['PUT', `/v1/customers/${c}/entitlement_overrides`, { overrides: [{ key: 'projects', kind: 'boolean' }] }, 400, 'INVALID_ARGUMENT', '/overrides/0/kind'],
        ['PUT', `/v1/customers/${c}/entitlement_overrides`, {}, 400, 'MISSING_FIELD', '/overrides'],
        ['POST', `/v1/customers/${c}/entitlement_grants`, { feature: 'nope', amount: '1' }, 400, 'INVALID_ARGUMENT', '/feature'],
        ['POST', `/v1/customers/${c}/entitlement_grants`, { feature: 'reports', amount: '1' }, 400, 'INVALID_ARGUMENT', '/amount'],
        ['POST', `/v1/customers/${c}/entitlement_grants`, { feature: 'projects', amount: 5 }, 400, 'INVALID_TYPE', '/amount'],
        ['POST', `/v1/customers/${c}/entitlement_grants`, { feature: 'projects', amount: '1', expires_at: 'tomorrow' }, 400, 'INVALID_ARGUMENT', '/expires_at'],
        ['POST', `/v1/customers/${c}/entitlement_grants/grant_none/void`, undefined, 404, 'NOT_FOUND'],
        ['GET', `/v1/customers/${c}/account`, undefined, 404, 'NOT_FOUND'],
        ['GET', '/v1/customers/cus_none/accounts', undefined, 404, 'NOT_FOUND'],
        ['POST', `/v1/customers/${c}/account/users`, { email: 'not-an-email' }, 400, 'INVALID_ARGUMENT', '/email'],
        ['POST', `/v1/customers/${c}/account/users`, { email: 'a@example.com' }, 404, 'NOT_FOUND'],
        ['PATCH', `/v1/customers/${c}/account/users/usr_none`, { role: 'emperor' }, 400, 'INVALID_ARGUMENT', '/role'],
        ['POST', `/v1/customers/${c}/account/users/usr_none/remove`, undefined, 404, 'NOT_FOUND'],
        ['GET', `/v1/customers/${c}/seats`, undefined, 404, 'NOT_FOUND'],
        ['POST', `/v1/customers/${c}/seats/assign`, {}, 400, 'MISSING_FIELD', '/user'],
        ['POST', `/v1/customers/${c}/seats/unassign`, { user: 'usr_none' }, 404, 'NOT_FOUND'],
        ['POST', `/v1/customers/${c}/seats/transfer`, { from: 'usr_a' }, 400, 'MISSING_FIELD', '/to'],
        ['POST', `/v1/customers/${c}/access_keys`, { name: 'k', scopes: [] }, 400, 'INVALID_ARGUMENT', '/scopes'],
        ['POST', `/v1/customers/${c}/access_keys`, { name: 'k', quotas: [{ feature: 'x', limit: 5 }] }, 400, 'INVALID_TYPE', '/quotas/0/limit'],
        ['POST', `/v1/customers/${c}/access_keys`, { name: 'k' }, 404, 'NOT_FOUND'],
        ['POST', `/v1/customers/${c}/access_keys/ak_none/rotate`, { overlap_seconds: -1 }, 400, 'INVALID_ARGUMENT', '/overlap_seconds'],
        ['POST', `/v1/customers/${c}/access_keys/ak_none/revoke`, undefined, 404, 'NOT_FOUND'],
        ['POST', '/v1/orders', { type: 'teleport', customer: c }, 400, 'INVALID_ARGUMENT', '/type'],
        ['POST', '/v1/orders', { type: 'activate', customer: 'cus_none' }, 404, 'NOT_FOUND', '/customer'],
        ['POST', '/v1/orders', { type: 'suspend', customer: c }, 409, 'INVALID_STATE', '/customer'],
        ['POST', '/v1/orders', { type: 'change', customer: c }, 400, 'MISSING_FIELD', '/plan'],
        ['POST', '/v1/orders', { type: 'change', customer: c, plan: 'plan_none' }, 404, 'NOT_FOUND', '/plan'],
        ['POST', '/v1/orders', { type: 'change', customer: c, seats: 2, plan: plan.id }, 400, 'INVALID_ARGUMENT', '/seats'],
        ['POST', '/v1/orders', { type: 'activate', customer: c, users: [{ email: 'a@example.com' }, { email: 'A@example.com' }] }, 400, 'INVALID_ARGUMENT', '/users/1/email'],
        ['POST', '/v1/orders', { type: 'activate', customer: c }, 409, 'INVALID_STATE', '/target'],
        ['POST', '/v1/orders', { type: 'activate', customer: c, target: 'nowhere' }, 404, 'NOT_FOUND', '/target'],
        ['GET', '/v1/orders/ord_none', undefined, 404, 'NOT_FOUND'],
        ['GET', '/v1/orders?status=lost', undefined, 400, 'INVALID_ARGUMENT', '/query/status'],
        ['POST', '/v1/orders/ord_none/retry', undefined, 404, 'NOT_FOUND'],
        ['POST', '/v1/orders/ord_none/cancel', undefined, 404, 'NOT_FOUND'],
        ['POST', '/v1/orders/ord_none/reveal_access_key', undefined, 404, 'NOT_FOUND'],
        ['PUT', '/v1/provisioning_targets/app', { base_url: 'javascript:alert(1)' }, 400, 'INVALID_ARGUMENT', '/base_url'],
        ['PUT', '/v1/provisioning_targets/Bad%20Name', { base_url: 'http://127.0.0.1:1' }, 400, 'INVALID_ARGUMENT', '/params/name'],
        ['GET', '/v1/customers/cus_none/timeline', undefined, 404, 'NOT_FOUND'],
        ['GET', `/v1/customers/${c}/timeline?limit=1000`, undefined, 400, 'INVALID_ARGUMENT', '/query/limit'],
      ];
      for (const [method, url, body, status, code, path] of cases) {
        await expectError(t.call(method, url, { body }), status, code, path);
      }
      assert.equal(await countEvents(), before, 'no bad request changed anything');
      assert.equal((await t.services.db.selectFrom('orders').selectAll().where('customer_id', '=', c).execute()).length, 0);
    });

    it('shows a portal session its own account routes only', async () => {
      const other = await createCustomer(t);
      const { token } = await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: customer.id } }), 201);
      const own = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/entitlements`, { key: token }), 200);
      assert.equal(own.customer, customer.id);
      await expectError(t.call('GET', `/v1/customers/${other.id}/entitlements`, { key: token }), 404, 'NOT_FOUND');
      await expectError(t.call('GET', `/v1/customers/${other.id}/access_keys`, { key: token }), 404, 'NOT_FOUND');
      // Before an activation the portal learns there is no account from an empty list, not a 404.
      assert.deepEqual(await expectStatus(t.call('GET', `/v1/customers/${customer.id}/accounts`, { key: token }), 200), { object: 'list', data: [] });
      await expectError(t.call('GET', `/v1/customers/${other.id}/accounts`, { key: token }), 404, 'NOT_FOUND');
      await expectError(t.call('GET', `/v1/entitlements/check?customer=${customer.id}&feature=x`, { key: token }), 403, 'FORBIDDEN');
    });
  });
}
