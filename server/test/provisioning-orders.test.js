'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { startProvisionedApp } = require('./support/provisioned-app');

const FINAL = ['completed', 'failed', 'blocked', 'canceled'];

// Orders against the real example app (examples/provisioned-app, its own process), checked by
// calling the app as its users would.
for (const backend of BACKENDS) {
  describe(`provisioning orders against the example app [${backend}]`, () => {
    let t;
    let clock;
    let app;
    let team;
    let pro;
    let billedTeam;
    before(async () => {
      clock = manualClock('2026-01-15T12:00:00.000Z');
      t = await startTestServer(backend, { clock });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      app = await startProvisionedApp(t);
      team = (await createPlan(t, { code: 'team', pricings: [{ model: 'per_unit', unit_amount: '10.00' }] })).plan;
      pro = (await createPlan(t, { code: 'pro', pricings: [{ model: 'per_unit', unit_amount: '20.00' }] })).plan;
      billedTeam = (await createPlan(t, { code: 'team-billed', pricings: [{ model: 'per_unit', unit_amount: '10.00' }] })).plan;
      const seats = { key: 'seats', kind: 'limit', limit: 0 };
      await expectStatus(t.call('PUT', `/v1/plans/${team.id}/entitlements`, { body: { features: [seats, { key: 'reports', kind: 'boolean' }] } }), 200);
      await expectStatus(t.call('PUT', `/v1/plans/${pro.id}/entitlements`, { body: { features: [seats, { key: 'reports', kind: 'boolean' }, { key: 'sso', kind: 'boolean' }] } }), 200);
      await expectStatus(t.call('PUT', `/v1/plans/${billedTeam.id}/entitlements`, {
        body: { features: [seats, { key: 'reports', kind: 'boolean' }], seats: { over_limit: 'bill' } },
      }), 200);
    });
    after(async () => {
      await app.stop();
      await t.close();
    });

    // Runs jobs until the order is final or waits for its customer's clock.
    async function settle(orderId) {
      for (let i = 0; i < 200; i += 1) {
        await t.worker.drain();
        const order = await expectStatus(t.call('GET', `/v1/orders/${orderId}`), 200);
        if (FINAL.includes(order.status) || order.steps.some((step) => step.status === 'waiting')) return order;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const jobs = await t.services.db.selectFrom('jobs').select(['type', 'status', 'last_error']).where('status', '!=', 'succeeded').execute();
      throw new Error(`order ${orderId} did not settle: ${JSON.stringify(jobs)}`);
    }
    const place = async (body) => settle((await expectStatus(t.call('POST', '/v1/orders', { body }), 201)).id);
    const subscribe = (customer, plan, quantity) => expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id, quantity } }), 201);
    const eventTypes = async (customer) => (await expectStatus(t.call('GET', `/v1/customers/${customer.id}/timeline?limit=100`), 200)).data.map((e) => e.type).reverse();

    // A customer on `plan` with an activated account: two seated users and a key.
    async function activated(plan = team, { quantity = 2, customer: fields = {} } = {}) {
      const customer = await createCustomer(t, fields);
      await subscribe(customer, plan, quantity);
      const order = await place({
        type: 'activate', customer: customer.id, users: [{ email: 'ann@example.com', name: 'Ann' }, { email: 'bob@example.com' }],
        access_key: { name: 'Production' },
      });
      assert.equal(order.status, 'completed', JSON.stringify(order));
      const { secret } = await expectStatus(t.call('POST', `/v1/orders/${order.id}/reveal_access_key`), 200);
      const account = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/account`), 200);
      assert.deepEqual((await expectStatus(t.call('GET', `/v1/customers/${customer.id}/accounts`), 200)).data, [account]);
      return { customer, order, secret, account };
    }

    it('activates: account, workspace, seated users and a key the app accepts, then the welcome', async () => {
      const { customer, order, secret, account } = await activated();
      assert.deepEqual(order.steps.map((s) => [s.name, s.status, s.attempts]), [
        ['create_account', 'completed', 1], ['create_workspace', 'completed', 1], ['add_users', 'completed', 1],
        ['assign_seats', 'completed', 1], ['issue_access_key', 'completed', 1], ['send_welcome', 'completed', 1],
      ]);
      assert.equal(account.status, 'active');
      assert.match(secret, /^rcak_[0-9a-z]{10}_[0-9a-z]{40}$/);
      await expectError(t.call('POST', `/v1/orders/${order.id}/reveal_access_key`), 409, 'INVALID_STATE');

      const workspace = (await app.workspace(account.id)).body;
      assert.equal(workspace.status, 'active');
      assert.deepEqual(Object.values(workspace.users).map((u) => [u.email, u.role, u.seat]).sort(),
        [['ann@example.com', 'owner', true], ['bob@example.com', 'member', true]]);
      assert.equal(Object.keys(workspace.keys).length, 1);
      assert.ok(!JSON.stringify(workspace).includes(secret), 'the app keeps the hash, never the key');
      assert.deepEqual(workspace.welcomes.map((w) => w.email), ['ann@example.com']);
      const mails = await t.services.db.selectFrom('mail_messages').selectAll().where('customer_id', '=', customer.id).execute();
      assert.deepEqual(mails.map((m) => [m.template, m.to_email, m.subject]), [['account.welcome', 'ann@example.com', 'Welcome to app']]);

      const ann = Object.values(workspace.users).find((u) => u.email === 'ann@example.com');
      assert.equal((await app.use(account.id, 'reports', { key: secret, user: ann.id })).status, 200);
      assert.equal((await app.use(account.id, 'sso', { key: secret })).body.error.reason, 'not_entitled');
      assert.equal((await app.use(account.id, 'reports', { key: `${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}` })).status, 401);

      const seats = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/seats`), 200);
      assert.deepEqual([seats.limit, seats.used, seats.available], ['2', '2', '0']);
      const types = await eventTypes(customer);
      for (const type of ['order.created', 'order.started', 'account.created', 'account.activated', 'seat.assigned', 'access_key.issued', 'order.completed']) {
        assert.ok(types.includes(type), `${type} in ${types}`);
      }
    });

    it('activates without a welcome when the order says welcome: false', async () => {
      await expectError(t.call('POST', '/v1/orders', { body: { type: 'activate', customer: 'cus_any', welcome: 'no' } }), 400, 'INVALID_TYPE', '/welcome');
      const customer = await createCustomer(t);
      await subscribe(customer, team, 1);
      const order = await place({ type: 'activate', customer: customer.id, users: [{ email: 'quiet@example.com' }], welcome: false });
      assert.equal(order.status, 'completed', JSON.stringify(order));
      assert.deepEqual(order.steps.find((s) => s.name === 'send_welcome').output, { owner: null, mail: null });
      const account = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/account`), 200);
      assert.deepEqual((await app.workspace(account.id)).body.welcomes, []);
      assert.equal((await t.services.db.selectFrom('mail_messages').select('id').where('customer_id', '=', customer.id).execute()).length, 0);
    });

    it('suspends (the app refuses the customer) and restores', async () => {
      const { customer, secret, account } = await activated();
      const suspended = await place({ type: 'suspend', customer: customer.id, reason: 'payment failed' });
      assert.equal(suspended.status, 'completed');
      assert.equal((await app.use(account.id, 'reports', { key: secret })).status, 423);
      const check = await expectStatus(t.call('GET', `/v1/entitlements/check?customer=${customer.id}&feature=reports`), 200);
      assert.deepEqual([check.allowed, check.reason], [false, 'account_suspended']);
      const again = await place({ type: 'suspend', customer: customer.id });
      assert.equal(again.status, 'blocked');
      assert.match(again.blocked_reason, /the account is suspended/);

      const restored = await place({ type: 'restore', customer: customer.id });
      assert.equal(restored.status, 'completed');
      assert.equal((await app.use(account.id, 'reports', { key: secret })).status, 200);
      assert.equal((await expectStatus(t.call('GET', `/v1/entitlements/check?customer=${customer.id}&feature=reports`), 200)).allowed, true);
      const types = await eventTypes(customer);
      assert.ok(types.indexOf('access.suspended') < types.indexOf('access.restored'));
    });

    it('an upgrade makes the new plan\'s features usable at once', async () => {
      const { customer, secret, account } = await activated();
      assert.equal((await app.use(account.id, 'sso', { key: secret })).status, 403);
      const change = await place({ type: 'change', customer: customer.id, plan: pro.id });
      assert.equal(change.status, 'completed', JSON.stringify(change));
      assert.equal(change.steps[0].output.before.plan, team.id);
      const used = await app.use(account.id, 'sso', { key: secret });
      assert.equal(used.status, 200, JSON.stringify(used.body));
      const check = await expectStatus(t.call('GET', `/v1/entitlements/check?customer=${customer.id}&feature=sso`), 200);
      assert.equal(check.allowed, true);
      const subscription = (await expectStatus(t.call('GET', `/v1/subscriptions?customer=${customer.id}`), 200)).data[0];
      assert.equal(subscription.plan, pro.id);
      assert.ok(subscription.pending_prorations.length > 0, 'the upgrade is prorated by the core');
    });

    it('deprovisions after the grace period, then purges the data after the retention', async () => {
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-01-15T12:00:00.000Z' } }), 201);
      const { customer, secret, account } = await activated(team, { customer: { test_clock: testClock.id } });
      const created = await expectStatus(t.call('POST', '/v1/orders', { body: { type: 'deprovision', customer: customer.id, grace_days: 3, retention_days: 10 } }), 201);
      let order = await settle(created.id);
      assert.deepEqual(order.steps.map((s) => s.status), ['completed', 'waiting', 'pending']);
      assert.equal(order.steps[1].not_before, '2026-01-18T12:00:00.000Z');
      assert.equal((await app.use(account.id, 'reports', { key: secret })).status, 423, 'no access during the grace period');

      const advance = async (frozenTime) => {
        await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
        clock.advance(60 * 1000); // the waiting step looks at its customer's clock again a minute later
        return settle(created.id);
      };
      order = await advance('2026-01-18T11:00:00.000Z');
      assert.equal(order.steps[1].status, 'waiting', 'an hour before the grace ends');
      order = await advance('2026-01-18T12:00:00.000Z');
      assert.deepEqual(order.steps.map((s) => s.status), ['completed', 'completed', 'waiting']);
      assert.equal((await app.use(account.id, 'reports', { key: secret })).status, 410);
      const archived = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/account`), 200);
      assert.equal(archived.status, 'deprovisioned');
      assert.equal(archived.data_retained_until, '2026-01-28T12:00:00.000Z');
      const keys = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/access_keys`), 200);
      assert.ok(keys.data.every((key) => key.status === 'revoked'));
      assert.equal((await app.workspace(account.id)).body.users[Object.keys((await app.workspace(account.id)).body.users)[0]].email, 'ann@example.com', 'data kept while retained');

      order = await advance('2026-01-28T12:00:00.000Z');
      assert.equal(order.status, 'completed');
      assert.equal((await app.workspace(account.id)).body.status, 'purged');
      const users = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/account/users`), 200);
      assert.ok(users.data.every((u) => u.email.startsWith('erased-') && u.status === 'removed'));
      const types = await eventTypes(customer);
      assert.deepEqual(types.filter((type) => type.startsWith('access.') || type === 'account.data_purged'),
        ['access.suspended', 'access.deprovisioned', 'account.data_purged']);

      // The customer comes back: the same account is activated again, with a new workspace.
      const again = await place({ type: 'activate', customer: customer.id, users: [{ email: 'ann@example.com' }] });
      assert.equal(again.status, 'completed', JSON.stringify(again.steps));
      assert.equal((await expectStatus(t.call('GET', `/v1/customers/${customer.id}/account`), 200)).status, 'active');
      assert.equal((await app.workspace(account.id)).body.status, 'active');
    });

    it('a step that fails for good compensates the completed steps in reverse order', async () => {
      const customer = await createCustomer(t);
      await subscribe(customer, team, 2);
      const order = await place({
        type: 'activate', customer: customer.id, access_key: { name: 'k' },
        users: [{ email: 'ann@example.com' }, { email: 'eve@refused.example' }],
      });
      assert.equal(order.status, 'failed');
      assert.match(order.failure, /^add_users: .*422/);
      const byName = Object.fromEntries(order.steps.map((s) => [s.name, s]));
      assert.equal(byName.add_users.status, 'compensated');
      assert.match(byName.add_users.last_error, /does not accept eve@refused\.example/);
      assert.deepEqual([byName.create_account.status, byName.create_workspace.status], ['compensated', 'compensated']);
      assert.deepEqual([byName.assign_seats.status, byName.send_welcome.status], ['skipped', 'skipped']);
      assert.ok(byName.create_workspace.compensated_at >= byName.add_users.compensated_at);
      assert.equal(order.access_key_to_reveal, false);

      const account = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/account`), 200);
      assert.equal(account.status, 'deprovisioned');
      assert.equal((await app.workspace(account.id)).body.status, 'purged', 'the workspace is gone from the app');
      const users = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/account/users`), 200);
      assert.ok(users.data.every((u) => u.status === 'removed'));
      const keys = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/access_keys`), 200);
      assert.ok(keys.data.every((key) => key.status === 'revoked'));
      const types = await eventTypes(customer);
      assert.ok(types.indexOf('order.compensating') < types.indexOf('order.failed'));
    });

    it('retries a step that fails for a while with backoff, and compensates one that keeps failing', async () => {
      // The backoff is the job queue's (1 s, 2 s, 4 s, ...), on the server's clock.
      const settleWithBackoff = async (orderId) => {
        for (let i = 0; i < 20; i += 1) {
          await t.worker.drain();
          const order = await expectStatus(t.call('GET', `/v1/orders/${orderId}`), 200);
          if (FINAL.includes(order.status)) return order;
          clock.advance(8000);
        }
        throw new Error(`order ${orderId} did not finish`);
      };
      const customer = await createCustomer(t);
      await subscribe(customer, team, 2);
      await app.fault({ method: 'PUT', pathPrefix: '/workspaces/', status: 503, times: 2 });
      const created = await expectStatus(t.call('POST', '/v1/orders', { body: { type: 'activate', customer: customer.id, users: [{ email: 'ann@example.com' }] } }), 201);
      const recovered = await settleWithBackoff(created.id);
      assert.equal(recovered.status, 'completed');
      const workspaceStep = recovered.steps.find((s) => s.name === 'create_workspace');
      assert.deepEqual([workspaceStep.attempts, workspaceStep.last_error], [3, null], 'two outages, then success');

      const unlucky = await createCustomer(t);
      await subscribe(unlucky, team, 2);
      await app.fault({ method: 'PUT', pathPrefix: '/workspaces/', status: 503, times: 100 });
      const doomed = await expectStatus(t.call('POST', '/v1/orders', { body: { type: 'activate', customer: unlucky.id, users: [{ email: 'ann@example.com' }] } }), 201);
      const failed = await settleWithBackoff(doomed.id);
      await app.fault({ method: 'PUT', pathPrefix: '/workspaces/', status: 503, times: 0 });
      assert.equal(failed.status, 'failed');
      const step = failed.steps.find((s) => s.name === 'create_workspace');
      assert.equal(step.attempts, 5);
      assert.match(step.last_error, /answered 503/);
      assert.equal(failed.steps.find((s) => s.name === 'create_account').status, 'compensated');
      assert.equal((await expectStatus(t.call('GET', `/v1/customers/${unlucky.id}/account`), 200)).status, 'deprovisioned');
    });

    it('refuses a seat past the limit, changing nothing; a plan that bills raises the quantity, prorated', async () => {
      const { customer, account } = await activated(team);
      const before = (await expectStatus(t.call('GET', `/v1/events?customer=${customer.id}&limit=100`), 200)).data.length;
      await expectError(t.call('POST', `/v1/customers/${customer.id}/account/users`, { body: { email: 'cat@example.com' } }), 409, 'SEAT_LIMIT_REACHED', '/seat');
      assert.equal((await expectStatus(t.call('GET', `/v1/events?customer=${customer.id}&limit=100`), 200)).data.length, before);
      assert.equal((await expectStatus(t.call('GET', `/v1/customers/${customer.id}/account/users`), 200)).data.length, 2);
      const unseated = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/account/users`, { body: { email: 'cat@example.com', seat: false } }), 201);
      await expectError(t.call('POST', `/v1/customers/${customer.id}/seats/assign`, { body: { user: unseated.id } }), 409, 'SEAT_LIMIT_REACHED', '/user');
      const blocked = await place({ type: 'add_seats', customer: customer.id, seats: 1, users: [{ email: 'dan@example.com' }, { email: 'eli@example.com' }] });
      assert.equal(blocked.status, 'blocked');
      assert.match(blocked.blocked_reason, /seats do not cover the users: 2 more needed, 1 of 3 free/);
      const added = await place({ type: 'add_seats', customer: customer.id, seats: 1, users: [{ email: 'dan@example.com' }] });
      assert.equal(added.status, 'completed', JSON.stringify(added));
      const seats = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/seats`), 200);
      assert.deepEqual([seats.limit, seats.used], ['3', '3']);
      assert.equal(Object.keys((await app.workspace(account.id)).body.users).length, 4);

      const billed = await activated(billedTeam);
      const user = await expectStatus(t.call('POST', `/v1/customers/${billed.customer.id}/account/users`, { body: { email: 'cat@example.com' } }), 201);
      assert.equal(user.seat, true);
      const subscription = (await expectStatus(t.call('GET', `/v1/subscriptions?customer=${billed.customer.id}`), 200)).data[0];
      assert.equal(subscription.quantity, '3');
      assert.equal(subscription.pending_prorations.length, 2, 'a credit for 2 seats and a charge for 3 for the rest of the period');
      const fay = await expectStatus(t.call('POST', `/v1/customers/${billed.customer.id}/account/users`, { body: { email: 'fay@example.com', seat: false } }), 201);
      const moved = await expectStatus(t.call('POST', `/v1/customers/${billed.customer.id}/seats/transfer`, { body: { from: user.id, to: fay.id } }), 200);
      assert.deepEqual([moved.from.seat, moved.to.seat], [false, true]);
      const after = await expectStatus(t.call('GET', `/v1/customers/${billed.customer.id}/seats`), 200);
      assert.deepEqual([after.limit, after.used], ['3', '3']);
      assert.ok(after.assignments.some((a) => a.user === fay.id) && !after.assignments.some((a) => a.user === user.id));
    });

    it('blocks an order whose add-on needs another base plan, and runs it once the plan is right', async () => {
      const { customer } = await activated(team);
      const product = await expectStatus(t.call('POST', '/v1/products', { body: { name: 'SSO add-on' } }), 201);
      const price = await expectStatus(t.call('POST', '/v1/prices', { body: { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'flat', amount: '5.00' } } }), 201);
      const addOn = await expectStatus(t.call('POST', '/v1/add_ons', { body: { code: `sso-${backend}`, name: 'SSO', price: price.id } }), 201);
      await expectStatus(t.call('PUT', `/v1/add_ons/${addOn.id}/entitlements`, { body: { features: [{ key: 'sso', kind: 'boolean' }], requires_plans: [pro.id] } }), 200);
      const blocked = await place({ type: 'change', customer: customer.id, add_ons: [{ add_on: addOn.id }] });
      assert.equal(blocked.status, 'blocked');
      assert.match(blocked.blocked_reason, new RegExp(`add-on ${addOn.id} needs the base plan ${pro.id}`));
      assert.ok(blocked.steps.every((s) => s.status === 'pending'), 'no step ran');
      const order = await place({ type: 'change', customer: customer.id, plan: pro.id, add_ons: [{ add_on: addOn.id }] });
      assert.equal(order.status, 'completed');
      await expectStatus(t.call('POST', `/v1/orders/${blocked.id}/cancel`), 200);
    });

    it('waits for the invoice of a plan paid first, and runs once invoicing says it is paid', async () => {
      const paidFirst = (await createPlan(t, { code: `paid-first-${backend}`, pricings: [{ model: 'per_unit', unit_amount: '10.00' }] })).plan;
      await expectStatus(t.call('PUT', `/v1/plans/${paidFirst.id}/entitlements`, {
        body: { features: [{ key: 'seats', kind: 'limit', limit: 0 }], payment: 'paid_first' },
      }), 200);
      const customer = await createCustomer(t);
      await subscribe(customer, paidFirst, 1);
      const [invoice] = (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}`), 200)).data;
      const unnamed = await place({ type: 'activate', customer: customer.id, users: [{ email: 'pat@example.com' }] });
      assert.equal(unnamed.status, 'blocked');
      assert.match(unnamed.blocked_reason, /must name the invoice that pays for it/);
      await expectStatus(t.call('POST', `/v1/orders/${unnamed.id}/cancel`), 200);
      const waiting = await place({ type: 'activate', customer: customer.id, invoice: invoice.id, users: [{ email: 'pat@example.com' }] });
      assert.equal(waiting.status, 'blocked');
      assert.equal(waiting.blocked_reason, `invoice ${invoice.id} is ${invoice.status}, not paid`);
      assert.ok(waiting.steps.every((s) => s.status === 'pending'), 'no step ran');
      if (invoice.status === 'draft') await expectStatus(t.call('POST', `/v1/invoices/${invoice.id}/finalize`), 200);
      await expectStatus(t.call('POST', `/v1/invoices/${invoice.id}/pay`, { body: { paid_out_of_band: true } }), 200);
      await expectStatus(t.call('POST', `/v1/orders/${waiting.id}/retry`), 200);
      assert.equal((await settle(waiting.id)).status, 'completed');
    });

    it('rotates a key with an overlap and revokes one; the app follows', async () => {
      // On a test clock: the app judges a key's expiry by the customer's clock, as Ratecard does.
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-01-15T12:00:00.000Z' } }), 201);
      const { customer, secret, account } = await activated(team, { customer: { test_clock: testClock.id } });
      const [key] = (await expectStatus(t.call('GET', `/v1/customers/${customer.id}/access_keys`), 200)).data;
      const rotated = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/access_keys/${key.id}/rotate`, { body: { overlap_seconds: 3600 } }), 201);
      assert.equal(rotated.rotated_from, key.id);
      await t.worker.drain();
      assert.equal((await app.use(account.id, 'reports', { key: secret })).status, 200, 'the old key works during the overlap');
      assert.equal((await app.use(account.id, 'reports', { key: rotated.secret })).status, 200);
      const old = (await expectStatus(t.call('GET', `/v1/customers/${customer.id}/access_keys`), 200)).data.find((k) => k.id === key.id);
      assert.equal(old.status, 'expiring');
      await expectStatus(t.call('POST', `/v1/customers/${customer.id}/access_keys/${key.id}/revoke`), 200);
      await t.worker.drain();
      assert.equal((await app.use(account.id, 'reports', { key: secret })).status, 401);
      assert.equal((await app.use(account.id, 'reports', { key: rotated.secret })).status, 200);
      const scoped = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/access_keys`, {
        body: { name: 'Reports only, 2 a day', scopes: ['reports'], quotas: [{ feature: 'reports', limit: '2', reset: 'day' }] },
      }), 201);
      await t.worker.drain();
      assert.equal((await app.use(account.id, 'reports', { key: scoped.secret })).status, 200);
      assert.equal((await app.use(account.id, 'reports', { key: scoped.secret })).status, 200);
      assert.equal((await app.use(account.id, 'reports', { key: scoped.secret })).body.error.reason, 'key_quota_exceeded');
      assert.equal((await app.use(account.id, 'seats', { key: scoped.secret })).body.error.reason, 'key_scope');
    });

    it('unassigns a seat, which another user can then take; changes a role; keeps the last owner', async () => {
      const { customer, account } = await activated(team);
      const users = (await expectStatus(t.call('GET', `/v1/customers/${customer.id}/account/users`), 200)).data;
      const ann = users.find((u) => u.email === 'ann@example.com');
      const bob = users.find((u) => u.email === 'bob@example.com');
      const cat = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/account/users`, { body: { email: 'cat@example.com', seat: false } }), 201);
      await expectError(t.call('POST', `/v1/customers/${customer.id}/seats/assign`, { body: { user: cat.id } }), 409, 'SEAT_LIMIT_REACHED', '/user');

      const freed = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/seats/unassign`, { body: { user: bob.id } }), 200);
      assert.equal(freed.seat, false);
      const seats = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/seats`), 200);
      assert.deepEqual([seats.limit, seats.used, seats.available], ['2', '1', '1']);
      const taken = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/seats/assign`, { body: { user: cat.id } }), 200);
      assert.equal(taken.user.seat, true);
      const after = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/seats`), 200);
      assert.deepEqual(after.assignments.map((a) => a.user).sort(), [ann.id, cat.id].sort());
      await t.worker.drain();
      const seated = (await app.workspace(account.id)).body.users;
      assert.deepEqual([seated[bob.id].seat, seated[cat.id].seat], [false, true], 'the app follows the seats');

      const promoted = await expectStatus(t.call('PATCH', `/v1/customers/${customer.id}/account/users/${bob.id}`, { body: { role: 'admin' } }), 200);
      assert.equal(promoted.role, 'admin');
      await t.worker.drain();
      assert.equal((await app.workspace(account.id)).body.users[bob.id].role, 'admin');

      // Ann is the only owner: she can be neither demoted nor removed, and nothing changes.
      const eventsBefore = (await expectStatus(t.call('GET', `/v1/events?customer=${customer.id}&limit=100`), 200)).data.length;
      await expectError(t.call('PATCH', `/v1/customers/${customer.id}/account/users/${ann.id}`, { body: { role: 'member' } }), 409, 'INVALID_STATE', '/role');
      await expectError(t.call('POST', `/v1/customers/${customer.id}/account/users/${ann.id}/remove`), 409, 'INVALID_STATE');
      const annNow = (await expectStatus(t.call('GET', `/v1/customers/${customer.id}/account/users`), 200)).data.find((u) => u.id === ann.id);
      assert.deepEqual([annNow.role, annNow.status, annNow.seat], ['owner', 'active', true]);
      assert.equal((await expectStatus(t.call('GET', `/v1/events?customer=${customer.id}&limit=100`), 200)).data.length, eventsBefore);
      // With a second owner, the first may step down.
      await expectStatus(t.call('PATCH', `/v1/customers/${customer.id}/account/users/${bob.id}`, { body: { role: 'owner' } }), 200);
      assert.equal((await expectStatus(t.call('PATCH', `/v1/customers/${customer.id}/account/users/${ann.id}`, { body: { role: 'member' } }), 200)).role, 'member');
    });

    it('blocks an order while the app fails its health check, and runs it once the app is healthy', async () => {
      const customer = await createCustomer(t);
      await subscribe(customer, team, 1);
      await app.fault({ method: 'GET', pathPrefix: '/health', status: 503, times: 1 });
      const blocked = await place({ type: 'activate', customer: customer.id, users: [{ email: 'ann@example.com' }] });
      assert.equal(blocked.status, 'blocked');
      assert.match(blocked.blocked_reason, /^the target service is not healthy: .*503/);
      assert.ok(blocked.steps.every((s) => s.status === 'pending'), 'no step ran');
      await expectError(t.call('GET', `/v1/customers/${customer.id}/account`), 404, 'NOT_FOUND');
      await expectStatus(t.call('POST', `/v1/orders/${blocked.id}/retry`), 200);
      const done = await settle(blocked.id);
      assert.equal(done.status, 'completed', JSON.stringify(done.steps));
    });

    it('a rotated key works through its overlap window and stops at its end, on the customer\'s clock', async () => {
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-01-15T12:00:00.000Z' } }), 201);
      const { customer, secret, account } = await activated(team, { customer: { test_clock: testClock.id } });
      const [key] = (await expectStatus(t.call('GET', `/v1/customers/${customer.id}/access_keys`), 200)).data;
      const rotated = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/access_keys/${key.id}/rotate`, { body: { overlap_seconds: 600 } }), 201);
      const keyNamed = async (id) => (await expectStatus(t.call('GET', `/v1/customers/${customer.id}/access_keys`), 200)).data.find((k) => k.id === id);
      assert.equal((await keyNamed(key.id)).expires_at, '2026-01-15T12:10:00.000Z');
      // Moves the customer's clock, then has the app refresh its snapshot (which carries that time).
      const moveTo = async (frozenTime) => {
        await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
        assert.equal((await place({ type: 'refresh', customer: customer.id })).status, 'completed');
      };
      await moveTo('2026-01-15T12:09:59.000Z');
      assert.equal((await app.use(account.id, 'reports', { key: secret })).status, 200, 'the old key works a second before the window ends');
      assert.equal((await keyNamed(key.id)).status, 'expiring');
      await moveTo('2026-01-15T12:10:00.000Z');
      const refused = await app.use(account.id, 'reports', { key: secret });
      assert.deepEqual([refused.status, refused.body.error.reason], [401, 'invalid_access_key'], 'the old key stops when the window ends');
      assert.equal((await app.use(account.id, 'reports', { key: rotated.secret })).status, 200);
      assert.deepEqual([(await keyNamed(key.id)).status, (await keyNamed(rotated.id)).status], ['expired', 'active']);
      await expectError(t.call('POST', `/v1/customers/${customer.id}/access_keys/${key.id}/rotate`, { body: {} }), 409, 'INVALID_STATE');
    });

    it('answers unknown accounts, orders and keys with a coded 404', async () => {
      const customer = await createCustomer(t); // a customer without an account
      for (const route of [
        '/v1/customers/cus_missing/account', `/v1/customers/${customer.id}/account`, `/v1/customers/${customer.id}/account/users`,
        `/v1/customers/${customer.id}/seats`, '/v1/customers/cus_missing/access_keys', '/v1/orders/ord_missing',
      ]) {
        await expectError(t.call('GET', route), 404, 'NOT_FOUND');
      }
      const { customer: owner } = await activated(team);
      await expectError(t.call('POST', `/v1/customers/${owner.id}/access_keys/akey_missing/rotate`, { body: {} }), 404, 'NOT_FOUND');
      await expectError(t.call('POST', `/v1/customers/${owner.id}/access_keys/akey_missing/revoke`), 404, 'NOT_FOUND');
      await expectError(t.call('PATCH', `/v1/customers/${owner.id}/account/users/usr_missing`, { body: { role: 'admin' } }), 404, 'NOT_FOUND');
      await expectError(t.call('POST', `/v1/customers/${owner.id}/seats/unassign`, { body: { user: 'usr_missing' } }), 404, 'NOT_FOUND', '/user');
    });
  });
}
