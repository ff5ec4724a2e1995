'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { startProvisionedApp } = require('./support/provisioned-app');
const { enqueueJob } = require('../src/jobs/queue');

// Workflows end to end: billing events through the built-in templates to provisioning orders
// against the real example app, on test clocks; versions, and validation.
for (const backend of BACKENDS) {
  describe(`workflows [${backend}]`, () => {
    let t;
    let clock;
    let app;
    let plan;
    before(async () => {
      clock = manualClock('2026-03-02T10:00:00.000Z');
      t = await startTestServer(backend, { clock });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      app = await startProvisionedApp(t);
      ({ plan } = await createPlan(t, { code: 'team', pricings: [{ model: 'per_unit', unit_amount: '10.00' }] }));
      await expectStatus(t.call('PUT', `/v1/plans/${plan.id}/entitlements`, {
        body: { features: [{ key: 'seats', kind: 'limit', limit: 0 }, { key: 'reports', kind: 'boolean' }, { key: 'projects', kind: 'limit', limit: 5 }] },
      }), 200);
    });
    after(async () => {
      await app.stop();
      await t.close();
    });

    // Runs due jobs until nothing but waits is left (orders and runs run through the queue).
    async function settle() {
      for (let i = 0; i < 20; i += 1) {
        await t.worker.drain();
        const busy = await t.services.db.selectFrom('jobs').select('id').where('status', 'in', ['queued', 'running'])
          .where('run_at', '<=', clock.now().toISOString()).executeTakeFirst();
        if (!busy) return;
      }
      throw new Error('jobs did not settle');
    }
    const runsOf = async (customer) => (await expectStatus(t.call('GET', `/v1/workflow_runs?customer=${customer.id}`), 200)).data;
    const builtIn = async (template) => (await expectStatus(t.call('GET', '/v1/workflows?limit=100'), 200)).data.find((w) => w.template === template);
    async function advance(testClock, frozenTime) {
      await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
      await settle();
    }

    // Signs up as a checkout does: the subscription waits for its first invoice, paid here.
    async function signUp(fields = {}) {
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-03-02T10:00:00.000Z' } }), 201);
      const customer = await createCustomer(t, { email: 'owner@example.com', name: 'Olive', test_clock: testClock.id, ...fields });
      const subscription = await expectStatus(t.call('POST', '/v1/subscriptions', {
        body: { customer: customer.id, plan: plan.id, quantity: '3', payment_behavior: 'default_incomplete' },
      }), 201);
      let [invoice] = (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}`), 200)).data;
      if (invoice.status === 'draft') invoice = await expectStatus(t.call('POST', `/v1/invoices/${invoice.id}/finalize`), 200);
      await settle();
      assert.deepEqual(await runsOf(customer), [], 'nothing is provisioned before the invoice is paid');
      await expectStatus(t.call('POST', `/v1/invoices/${invoice.id}/pay`, { body: { paid_out_of_band: true } }), 200);
      await settle();
      return { testClock, customer, subscription, invoice };
    }

    it('creates the built-in templates on a fresh install', async () => {
      const workflows = (await expectStatus(t.call('GET', '/v1/workflows?limit=100'), 200)).data;
      assert.deepEqual(workflows.map((w) => [w.template, w.trigger.event, w.status, w.version]).sort(), [
        ['activate_on_first_payment', 'invoice.paid', 'active', 1],
        ['apply_plan_changes', 'subscription.updated', 'active', 1],
        ['apply_scheduled_changes', 'subscription.schedule_applied', 'active', 1],
        ['deprovision_after_cancellation', 'subscription.canceled', 'active', 1],
        ['restore_on_recovery', 'subscription.recovered', 'active', 2], // 752 restores only after unpaid
        ['suspend_when_unpaid', 'subscription.unpaid', 'active', 1],
      ]);
    });

    it('sign up, first invoice paid: provisioned with seats and a key the app accepts; cancel: deprovisioned 30 days later', async () => {
      const { testClock, customer, subscription, invoice } = await signUp();
      const [run] = await runsOf(customer);
      const activation = await builtIn('activate_on_first_payment');
      assert.deepEqual([run.workflow, run.version, run.status, run.event_type], [activation.id, 1, 'completed', 'invoice.paid']);
      assert.deepEqual([run.facts.invoice, run.facts.plan, run.facts.amount, run.facts.billing_reason], [invoice.id, plan.id, '30.00', 'subscription_create']);
      const order = await expectStatus(t.call('GET', `/v1/orders/${run.steps[0].output.order}`), 200);
      assert.deepEqual([order.type, order.status, order.source], ['activate', 'completed', `workflow:${activation.id}`]);

      // Checked by calling the app: the owner holds a seat and the key works.
      const account = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/account`), 200);
      const workspace = (await app.workspace(account.id)).body;
      assert.equal(workspace.status, 'active');
      assert.deepEqual(Object.values(workspace.users).map((u) => [u.email, u.role, u.seat]), [['owner@example.com', 'owner', true]]);
      const { secret } = await expectStatus(t.call('POST', `/v1/orders/${order.id}/reveal_access_key`), 200);
      assert.equal((await app.use(account.id, 'reports', { key: secret })).status, 200);
      const seats = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/seats`), 200);
      assert.deepEqual([seats.limit, seats.used], ['3', '1']);

      // The event delivered again starts nothing new.
      const paid = (await expectStatus(t.call('GET', `/v1/events?type=invoice.paid&customer=${customer.id}`), 200)).data[0];
      await enqueueJob(t.services.db, { type: 'event.deliver', payload: { event_id: paid.id } }, clock.now());
      await settle();
      assert.equal((await runsOf(customer)).length, 1);

      await expectStatus(t.call('POST', `/v1/subscriptions/${subscription.id}/cancel`, { body: {} }), 200);
      await settle();
      const deprovision = (await runsOf(customer)).find((r) => r.event_type === 'subscription.canceled');
      assert.equal(deprovision.status, 'waiting');
      assert.equal(deprovision.steps[0].not_before, '2026-04-01T10:00:00.000Z');
      await advance(testClock, '2026-03-31T10:00:00.000Z');
      assert.equal((await expectStatus(t.call('GET', `/v1/workflow_runs/${deprovision.id}`), 200)).status, 'waiting');
      assert.equal((await app.use(account.id, 'reports', { key: secret })).status, 200, 'access lasts until the 30 days are over');

      await advance(testClock, '2026-04-01T10:00:00.000Z');
      const done = await expectStatus(t.call('GET', `/v1/workflow_runs/${deprovision.id}`), 200);
      assert.deepEqual(done.steps.map((s) => [s.type, s.status]), [['wait', 'completed'], ['provision', 'completed']]);
      const deprovisioned = await expectStatus(t.call('GET', `/v1/orders/${done.steps[1].output.order}`), 200);
      assert.equal(deprovisioned.type, 'deprovision');
      assert.equal((await app.workspace(account.id)).body.status, 'archived');
      assert.equal((await expectStatus(t.call('GET', `/v1/customers/${customer.id}/account`), 200)).status, 'deprovisioned');
      assert.notEqual((await app.use(account.id, 'reports', { key: secret })).status, 200);
    });

    it('a run keeps its version when the workflow is edited mid-flight', async () => {
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-03-02T10:00:00.000Z' } }), 201);
      const customer = await createCustomer(t, { email: 'vip@example.com', test_clock: testClock.id, metadata: { tier: 'gold' } });
      const email = (product) => ({ type: 'send_email', template: 'account.welcome', data: { product_name: product, user_name: 'Vi' } });
      const workflow = await expectStatus(t.call('POST', '/v1/workflows', {
        body: {
          name: 'Gold welcome',
          trigger: { event: 'customer.updated', conditions: [{ field: 'metadata.tier', op: 'eq', value: 'gold' }] },
          steps: [{ type: 'wait', days: 2 }, { type: 'branch', condition: { field: 'metadata.vip', op: 'eq', value: 'yes' }, else: null }, email('Version one')],
        },
      }), 201);
      assert.equal(workflow.version, 1);
      await expectStatus(t.call('PATCH', `/v1/customers/${customer.id}`, { body: { metadata: { tier: 'gold', vip: 'yes' } } }), 200);
      await settle();
      const [run] = await runsOf(customer);
      assert.deepEqual([run.workflow, run.version, run.status], [workflow.id, 1, 'waiting']);

      const edited = await expectStatus(t.call('PATCH', `/v1/workflows/${workflow.id}`, {
        body: { steps: [{ type: 'wait', days: 2 }, email('Version two')] },
      }), 200);
      assert.equal(edited.version, 2);
      // A rename alone keeps the version.
      assert.equal((await expectStatus(t.call('PATCH', `/v1/workflows/${workflow.id}`, { body: { name: 'Gold welcome!' } }), 200)).version, 2);
      assert.deepEqual((await expectStatus(t.call('GET', `/v1/workflows/${workflow.id}/versions`), 200)).data.map((v) => v.version), [2, 1]);

      await advance(testClock, '2026-03-04T10:00:00.000Z');
      const finished = await expectStatus(t.call('GET', `/v1/workflow_runs/${run.id}`), 200);
      assert.deepEqual(finished.steps.map((s) => [s.type, s.status]), [['wait', 'completed'], ['branch', 'completed'], ['send_email', 'completed']]);
      assert.equal(finished.steps[1].output.condition_held, true);
      const mails = await t.services.db.selectFrom('mail_messages').select('subject').where('customer_id', '=', customer.id).execute();
      assert.deepEqual(mails.map((m) => m.subject), ['Welcome to Version one']);

      // The next event, a minute later, runs the current version.
      const firstEventAt = clock.now().toISOString();
      clock.advance(60 * 1000);
      await expectStatus(t.call('PATCH', `/v1/customers/${customer.id}`, { body: { metadata: { tier: 'gold', vip: 'no' } } }), 200);
      await settle();
      const next = (await runsOf(customer)).find((r) => r.id !== run.id);
      assert.deepEqual([next.version, next.steps.length], [2, 2]);

      // A dry run shows what each version would have done with the two events, acting on nothing.
      const runsBefore = (await runsOf(customer)).length;
      const dry = await expectStatus(t.call('POST', `/v1/workflows/${workflow.id}/dry_run`, { body: { limit: 2 } }), 200);
      assert.equal(dry.current_version, 2);
      assert.deepEqual(dry.events.map((e) => [e.customer, e.facts.metadata.vip]), [[customer.id, 'no'], [customer.id, 'yes']]);
      const paths = dry.events.map((e) => e.versions.map((v) => [v.version, v.matched, v.steps.map((s) => s.type).join(' ')]));
      assert.deepEqual(paths, [
        [[1, true, 'wait branch'], [2, true, 'wait send_email']],
        [[1, true, 'wait branch send_email'], [2, true, 'wait send_email']],
      ]);
      assert.equal(dry.events[1].versions[0].steps[2].would.template, 'account.welcome');
      assert.equal((await runsOf(customer)).length, runsBefore);
      // Within dates: the first event alone, then the second alone.
      const until = await expectStatus(t.call('POST', `/v1/workflows/${workflow.id}/dry_run`, { body: { created_lte: firstEventAt } }), 200);
      assert.deepEqual(until.events.map((e) => e.facts.metadata.vip), ['yes']);
      const since = await expectStatus(t.call('POST', `/v1/workflows/${workflow.id}/dry_run`, { body: { created_gte: '2026-03-02T10:00:30.000Z' } }), 200);
      assert.deepEqual(since.events.map((e) => e.facts.metadata.vip), ['no']);
      await expectError(t.call('POST', `/v1/workflows/${workflow.id}/dry_run`, { body: { created_gte: 'yesterday' } }), 400, 'INVALID_ARGUMENT', '/created_gte');
      await expectStatus(t.call('DELETE', `/v1/workflows/${workflow.id}`), 200);
    });

    it('applies an upgrade to the app at once and a scheduled downgrade when it takes effect; their refresh orders start nothing more', async () => {
      const { plan: plus } = await createPlan(t, { code: 'team-plus', pricings: [{ model: 'per_unit', unit_amount: '20.00' }] });
      await expectStatus(t.call('PUT', `/v1/plans/${plus.id}/entitlements`, {
        body: { features: [{ key: 'seats', kind: 'limit', limit: 0 }, { key: 'reports', kind: 'boolean' }, { key: 'exports', kind: 'boolean' }] },
      }), 200);
      const { testClock, customer, subscription } = await signUp({ email: 'upgrader@example.com' });
      const account = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/account`), 200);
      const [activation] = await runsOf(customer);
      const { secret } = await expectStatus(t.call('POST', `/v1/orders/${activation.steps[0].output.order}/reveal_access_key`), 200);
      assert.equal((await app.use(account.id, 'exports', { key: secret })).status, 403, 'the team plan has no exports');

      await expectStatus(t.call('POST', `/v1/subscriptions/${subscription.id}/change`, { body: { plan: plus.id } }), 200);
      await settle();
      const applied = (await runsOf(customer)).filter((run) => run.event_type === 'subscription.updated');
      assert.equal(applied.length, 1, 'one run: the refresh order records no subscription.updated of its own');
      assert.equal(applied[0].workflow, (await builtIn('apply_plan_changes')).id);
      const order = await expectStatus(t.call('GET', `/v1/orders/${applied[0].steps[0].output.order}`), 200);
      assert.deepEqual([order.type, order.status, order.steps.map((step) => step.name)], ['refresh', 'completed', ['refresh_entitlements']]);
      assert.equal((await expectStatus(t.call('GET', `/v1/subscriptions/${subscription.id}`), 200)).plan, plus.id);
      assert.equal((await app.use(account.id, 'exports', { key: secret })).status, 200, 'the app refetched the terms: exports work at once');

      // A downgrade back, scheduled for the period end: applied when the clock gets there
      // (apply_scheduled_changes), and exports stop working in the app then, not before.
      await expectStatus(t.call('POST', `/v1/subscriptions/${subscription.id}/change`, { body: { plan: plan.id, effective_at: 'period_end' } }), 200);
      await settle();
      assert.equal((await app.use(account.id, 'exports', { key: secret })).status, 200, 'still on the bigger plan until the period ends');
      await advance(testClock, '2026-04-02T10:00:00.000Z');
      const scheduled = (await runsOf(customer)).filter((run) => run.event_type === 'subscription.schedule_applied');
      assert.deepEqual(scheduled.map((run) => [run.workflow, run.status]), [[(await builtIn('apply_scheduled_changes')).id, 'completed']]);
      assert.equal((await app.use(account.id, 'exports', { key: secret })).status, 403, 'the app applies the downgrade when it takes effect');
    });

    it('sets and grants entitlements, the grant after waiting until a date', async () => {
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-03-02T10:00:00.000Z' } }), 201);
      const customer = await createCustomer(t, { email: 'promo@example.com', test_clock: testClock.id });
      await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id, quantity: '1' } }), 201);
      const workflow = await expectStatus(t.call('POST', '/v1/workflows', {
        body: {
          name: 'Spring promotion',
          trigger: { event: 'customer.updated', conditions: [{ field: 'metadata.promo', value: 'spring' }] },
          steps: [
            { type: 'set_entitlement', override: { key: 'projects', kind: 'limit', limit: 50 } },
            { type: 'wait', until: '2026-03-20T00:00:00+01:00' },
            { type: 'grant_entitlement', feature: 'projects', amount: '10', days: 30, reason: 'spring promotion' },
          ],
        },
      }), 201);
      await expectStatus(t.call('PATCH', `/v1/customers/${customer.id}`, { body: { metadata: { promo: 'spring' } } }), 200);
      await settle();
      const projects = async () => (await expectStatus(t.call('GET', `/v1/customers/${customer.id}/entitlements`), 200)).features.find((f) => f.feature === 'projects');
      const [run] = (await runsOf(customer)).filter((r) => r.workflow === workflow.id);
      assert.equal(run.status, 'waiting');
      assert.equal(run.steps[1].not_before, '2026-03-19T23:00:00.000Z');
      assert.deepEqual((await expectStatus(t.call('GET', `/v1/customers/${customer.id}/entitlement_overrides`), 200)).overrides,
        [{ key: 'projects', kind: 'limit', limit: 50 }]);
      assert.equal((await projects()).limit, '50', 'the override replaces the plan\'s 5');

      await advance(testClock, '2026-03-19T22:59:00.000Z');
      assert.equal((await expectStatus(t.call('GET', `/v1/workflow_runs/${run.id}`), 200)).status, 'waiting');
      await advance(testClock, '2026-03-19T23:00:00.000Z');
      const done = await expectStatus(t.call('GET', `/v1/workflow_runs/${run.id}`), 200);
      assert.deepEqual(done.steps.map((s) => s.status), ['completed', 'completed', 'completed']);
      const [grant] = (await expectStatus(t.call('GET', `/v1/customers/${customer.id}/entitlement_grants`), 200)).data;
      assert.deepEqual([grant.id, grant.feature, grant.amount, grant.expires_at, grant.reason],
        [done.steps[2].output.entitlement_grant, 'projects', '10', '2026-04-18T23:00:00.000Z', 'spring promotion']);
      assert.equal((await projects()).limit, '60', 'the grant adds 10 for 30 days');
    });

    it('refuses invalid workflows with coded errors and paths, and saves nothing', async () => {
      const before = (await expectStatus(t.call('GET', '/v1/workflows?limit=100&status=active'), 200)).data.length;
      const create = (body) => t.call('POST', '/v1/workflows', { body: { name: 'Bad', ...body } });
      const provision = { type: 'provision', order: 'suspend' };
      await expectError(create({ trigger: { event: 'invoice.exploded' }, steps: [provision] }), 400, 'UNKNOWN_EVENT_TYPE', '/trigger/event');
      await expectError(create({ trigger: { event: 'subscription.canceled', conditions: [{ field: 'amount', op: 'gte', value: '10.00' }] }, steps: [provision] }),
        400, 'FIELD_NOT_CARRIED', '/trigger/conditions/0/field');
      await expectError(create({ trigger: { event: 'invoice.paid', conditions: [{ field: 'amount', op: 'gte', value: 10.5 }] }, steps: [provision] }),
        400, 'INVALID_ARGUMENT', '/trigger/conditions/0/value');
      await expectError(create({ trigger: { event: 'customer.updated' }, steps: [{ type: 'provision', order: 'change' }] }), 400, 'FIELD_NOT_CARRIED', '/steps/0/params');
      await expectError(create({
        trigger: { event: 'invoice.paid' },
        steps: [{ type: 'branch', condition: { field: 'currency', value: 'EUR' }, then: 2, else: null }, provision, provision],
      }), 400, 'UNREACHABLE_STEP', '/steps/1');
      await expectError(create({ trigger: { event: 'invoice.paid' }, steps: [{ type: 'teleport' }] }), 400, 'INVALID_ARGUMENT', '/steps/0/type');
      await expectError(create({ trigger: { event: 'invoice.paid' }, steps: [{ type: 'wait', days: -1 }] }), 400, 'INVALID_ARGUMENT', '/steps/0/days');
      await expectError(create({ trigger: { event: 'invoice.paid' }, steps: [{ type: 'send_email', template: 'nope' }] }), 400, 'INVALID_ARGUMENT', '/steps/0/template');
      await expectError(create({ trigger: { event: 'invoice.paid' }, steps: [] }), 400, 'INVALID_ARGUMENT', '/steps');
      await expectError(create({ trigger: { event: 'invoice.paid' }, steps: [{ type: 'wait', until: 'next tuesday' }] }), 400, 'INVALID_ARGUMENT', '/steps/0/until');
      await expectError(create({ trigger: { event: 'invoice.paid' }, steps: [{ type: 'wait', days: 1, until: '2027-01-01T00:00:00Z' }] }), 400, 'INVALID_ARGUMENT', '/steps/0/until');
      await expectError(create({ trigger: { event: 'invoice.paid' }, steps: [{ type: 'grant_entitlement' }] }), 400, 'MISSING_FIELD', '/steps/0/feature');
      await expectError(create({ trigger: { event: 'invoice.paid' }, steps: [{ type: 'grant_entitlement', feature: 'projects', amount: 10 }] }), 400, 'INVALID_ARGUMENT', '/steps/0/amount');
      await expectError(create({ trigger: { event: 'invoice.paid' }, steps: [{ type: 'grant_entitlement', feature: 'projects', days: 0 }] }), 400, 'INVALID_ARGUMENT', '/steps/0/days');
      await expectError(create({ trigger: { event: 'invoice.paid' }, steps: [{ type: 'set_entitlement', override: { kind: 'limit' } }] }), 400, 'MISSING_FIELD', '/steps/0/override/key');
      await expectError(create({ trigger: { event: 'invoice.paid' }, steps: [{ type: 'set_entitlement', override: { key: 'projects' }, extra: 1 }] }), 400, 'UNKNOWN_FIELD', '/steps/0/extra');
      await expectError(create({ trigger: { event: 'entitlement_grant.created' }, steps: [{ type: 'grant_entitlement', feature: 'projects', amount: '1' }] }), 400, 'INVALID_ARGUMENT', '/steps/0/type');
      // Dunning's events are triggers already.
      const recovered = await expectStatus(create({ trigger: { event: 'subscription.past_due', conditions: [{ field: 'attempt_count', op: 'gte', value: 2 }] }, steps: [provision] }), 201);
      await expectError(t.call('PATCH', `/v1/workflows/${recovered.id}`, { body: { trigger: { event: 'nope.nope' } } }), 400, 'UNKNOWN_EVENT_TYPE', '/trigger/event');
      assert.equal((await expectStatus(t.call('GET', `/v1/workflows/${recovered.id}`), 200)).version, 1);
      await expectStatus(t.call('DELETE', `/v1/workflows/${recovered.id}`), 200);
      assert.equal((await expectStatus(t.call('GET', '/v1/workflows?limit=100&status=active'), 200)).data.length, before);
      await expectError(t.call('GET', '/v1/workflow_runs/wfrun_missing'), 404, 'NOT_FOUND');
    });

    it('fails a run whose step is refused, with the reason on the step', async () => {
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-03-02T10:00:00.000Z' } }), 201);
      const customer = await createCustomer(t, { test_clock: testClock.id });
      const subscription = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id, quantity: '1' } }), 201);
      await expectStatus(t.call('POST', `/v1/subscriptions/${subscription.id}/cancel`, { body: {} }), 200);
      await settle();
      await advance(testClock, '2026-04-01T10:00:00.000Z');
      const [run] = await runsOf(customer);
      assert.equal(run.status, 'failed');
      assert.match(run.failure, /^INVALID_STATE: the customer has no provisioned account/);
      assert.deepEqual(run.steps.map((s) => s.status), ['completed', 'failed']);
    });
  });
}
