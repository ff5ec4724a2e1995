'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { enqueueJob } = require('../src/jobs/queue');

// Plan versions and price migrations on test clocks: a plan at 10.00 a seat a month is repriced to
// 12.00 (version 2); existing subscriptions stay on version 1 until migrated.
for (const backend of BACKENDS) {
  describe(`plan versions and price migrations [${backend}]`, () => {
    let t;
    let plan;
    let testClock;
    let dry; // the dry run of moving every subscription to version 2, compared with what is then billed
    const subs = {};
    before(async () => {
      t = await startTestServer(backend, { clock: manualClock('2026-04-01T00:00:00.000Z') });
      plan = (await createPlan(t, { code: 'repriced', pricings: [{ model: 'per_unit', unit_amount: '10.00' }] })).plan;
      testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-04-01T00:00:00.000Z' } }), 201);
      for (const tier of ['gold', 'silver', 'bronze']) {
        const customer = await createCustomer(t, { test_clock: testClock.id, metadata: { tier } });
        subs[tier] = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id } }), 201);
      }
    });
    after(() => t.close());

    const retrieve = (sub) => expectStatus(t.call('GET', `/v1/subscriptions/${sub.id}`), 200);
    const eventTypes = async (sub) => (await expectStatus(t.call('GET', `/v1/events?object_id=${sub.id}&limit=100`), 200))
      .data.map((e) => e.type).reverse();
    const advance = async (frozenTime) => {
      await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
      await t.worker.drain();
    };
    // A billing run, and the invoices billing issued to a subscription's customer, oldest first.
    const bill = async () => {
      const queued = await expectStatus(t.call('POST', '/v1/billing_runs', { body: {} }), 202);
      await t.worker.drain();
      assert.equal((await expectStatus(t.call('GET', `/v1/billing_runs/${queued.id}`), 200)).status, 'succeeded');
    };
    const invoicesOf = async (sub) => (await expectStatus(t.call('GET', `/v1/invoices?customer=${sub.customer}&limit=100`), 200)).data.reverse();
    // What a subscription's period bills now, by the core: the cycle amount of its plan item.
    const billed = async (sub) => {
      const preview = await expectStatus(t.call('POST', `/v1/subscriptions/${sub.id}/preview_change`, { body: { quantity: '2', effective_at: 'now' } }), 200);
      return preview.proration.lines.find((line) => line.kind === 'credit').cycle_amount;
    };

    it('makes a new version on a price edit, keeping existing subscriptions on theirs', async () => {
      const product = await expectStatus(t.call('GET', `/v1/plans/${plan.id}`), 200);
      const price = await expectStatus(t.call('POST', '/v1/prices', {
        body: { product: product.product, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'per_unit', unit_amount: '12.00' } },
      }), 201);
      const yearly = await expectStatus(t.call('POST', '/v1/prices', {
        body: { product: product.product, currency: 'USD', type: 'recurring', interval: 'year', pricing: { model: 'flat', amount: '99.00' } },
      }), 201);
      await expectError(t.call('PATCH', `/v1/plans/${plan.id}`, { body: { prices: [yearly.id] } }), 400, 'INVALID_ARGUMENT', '/prices/0');
      await expectError(t.call('PATCH', `/v1/plans/${plan.id}`, { body: { prices: ['price_missing'] } }), 404, 'NOT_FOUND', '/prices/0');
      const unedited = await expectStatus(t.call('GET', `/v1/plans/${plan.id}`), 200);
      await expectError(t.call('PATCH', `/v1/plans/${plan.id}`, { body: { downgrade_timing: 'later' } }), 400, 'INVALID_ARGUMENT', '/downgrade_timing');
      await expectError(t.call('PATCH', `/v1/plans/${plan.id}`, { body: { downgrade_timing: null } }), 400, 'INVALID_ARGUMENT', '/downgrade_timing');
      await expectError(t.call('PATCH', `/v1/plans/${plan.id}`, { body: { pay_later: 'yes' } }), 400, 'INVALID_TYPE', '/pay_later');
      await expectError(t.call('PATCH', `/v1/plans/${plan.id}`, { body: { pay_later: true, downgrade_timing: 'never' } }), 400, 'INVALID_ARGUMENT', '/downgrade_timing');
      assert.deepEqual(await expectStatus(t.call('GET', `/v1/plans/${plan.id}`), 200), unedited, 'refused edits changed nothing');
      assert.equal(unedited.version, 1, 'refused edits made no version');
      const repriced = await expectStatus(t.call('PATCH', `/v1/plans/${plan.id}`, { body: { prices: [price.id] } }), 200);
      assert.deepEqual([repriced.version, repriced.prices.map((p) => p.id)], [2, [price.id]]);
      assert.deepEqual([(await retrieve(subs.gold)).plan_version, await billed(subs.gold)], [1, '10.00'], 'grandfathered');
      const customer = await createCustomer(t, { test_clock: testClock.id });
      const fresh = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id } }), 201);
      assert.deepEqual([fresh.plan_version, await billed(fresh)], [2, '12.00']);
    });

    it('dry-runs a migration with the core\'s old and new amounts, changing nothing, and migrates the chosen subscription now', async () => {
      const before = await retrieve(subs.gold);
      dry = await expectStatus(t.call('POST', '/v1/plan_migrations/dry_run', { body: { plan: plan.id, effective: 'now', from_versions: [1] } }), 200);
      assert.deepEqual(dry.data.map((item) => [item.subscription, item.from_version, item.to_version, item.old_recurring_amount, item.new_recurring_amount]).sort(),
        [subs.gold, subs.silver, subs.bronze].map((sub) => [sub.id, 1, 2, '10.00', '12.00']).sort());
      assert.deepEqual(await retrieve(subs.gold), before, 'a dry run changes nothing');
      await expectError(t.call('POST', '/v1/plan_migrations/dry_run', { body: { plan: plan.id, effective: 'now', to_version: 3 } }), 400, 'INVALID_ARGUMENT', '/to_version');
      await expectError(t.call('POST', '/v1/plan_migrations', { body: { plan: plan.id, effective: 'soon' } }), 400, 'INVALID_ARGUMENT', '/effective');
      await expectError(t.call('POST', '/v1/plan_migrations', { body: { plan: 'plan_missing', effective: 'now' } }), 404, 'NOT_FOUND', '/plan');
      await expectError(t.call('POST', '/v1/plan_migrations', { body: { plan: plan.id, effective: 'now', from_versions: [7] } }), 400, 'INVALID_ARGUMENT', '/from_versions/0');
      await expectError(t.call('POST', '/v1/plan_migrations', { body: { plan: plan.id, effective: 'now', subscriptions: [] } }), 400, 'INVALID_ARGUMENT', '/subscriptions');
      await expectError(t.call('POST', '/v1/plan_migrations', { key: t.keys.support, body: { plan: plan.id, effective: 'now' } }), 403, 'FORBIDDEN');
      await expectError(t.call('GET', '/v1/plan_migrations/pmig_missing'), 404, 'NOT_FOUND');
      assert.deepEqual(await eventTypes(subs.gold), ['subscription.created'], 'refusals changed nothing');

      await advance('2026-04-16T00:00:00.000Z'); // halfway through April
      const migration = await expectStatus(t.call('POST', '/v1/plan_migrations', { body: { plan: plan.id, effective: 'now', subscriptions: [subs.gold.id] } }), 201);
      assert.deepEqual([migration.status, migration.total, migration.processed], ['queued', 1, 0]);
      await t.worker.drain();
      const done = await expectStatus(t.call('GET', `/v1/plan_migrations/${migration.id}`), 200);
      assert.deepEqual([done.status, done.processed, done.migrated, done.skipped, done.failed], ['succeeded', 1, 1, 0, 0]);
      assert.equal((await retrieve(subs.gold)).plan_version, 2);
      assert.deepEqual((await eventTypes(subs.gold)).slice(-1), ['subscription.migrated']);
      assert.equal((await retrieve(subs.silver)).plan_version, 1, 'only the chosen subscription moved');
    });

    it('migrates a customer filter at the next renewal, idempotently', async () => {
      const migration = await expectStatus(t.call('POST', '/v1/plan_migrations', {
        body: { plan: plan.id, effective: 'next_renewal', customer_metadata: { tier: 'silver' } },
      }), 201);
      assert.equal(migration.total, 1);
      await t.worker.drain();
      const scheduled = await retrieve(subs.silver);
      assert.deepEqual([scheduled.plan_version, scheduled.scheduled_changes[0].effective_at], [1, '2026-05-01T00:00:00.000Z']);
      // The job again (a retry after a crash): nothing moves twice.
      await enqueueJob(t.services.db, { type: 'plan_migration.run', payload: { migration_id: migration.id } }, t.services.clock.now());
      await t.services.db.updateTable('plan_migrations').set({ status: 'running', cursor: '' }).where('id', '=', migration.id).execute();
      await t.worker.drain();
      assert.deepEqual((await retrieve(subs.silver)).scheduled_changes.length, 1);
      const again = await expectStatus(t.call('GET', `/v1/plan_migrations/${migration.id}`), 200);
      assert.deepEqual([again.status, again.migrated, again.skipped], ['succeeded', 1, 1]);
      assert.equal((await retrieve(subs.bronze)).plan_version, 1, 'the filter left bronze alone');
      await advance('2026-05-02T00:00:00.000Z');
      const renewed = await retrieve(subs.silver);
      assert.deepEqual([renewed.plan_version, renewed.current_period_start, renewed.pending_prorations], [2, '2026-05-01T00:00:00.000Z', []]);
      assert.deepEqual((await eventTypes(subs.silver)).slice(-3), ['subscription.updated', 'subscription.renewed', 'subscription.migrated']);
    });

    it('bills each subscription what the dry run showed: the old amount before, the new one after its migration', async () => {
      await bill(); // the May invoices (April's were issued at signup)
      const shown = Object.fromEntries(dry.data.map((item) => [item.subscription, item]));
      const fixed = (invoice) => invoice.lines.filter((line) => line.kind === 'fixed').map((line) => line.amount);
      const billedFor = async (tier) => (await invoicesOf(subs[tier])).map((invoice) => [invoice.period_start, fixed(invoice)]);
      const { gold, silver, bronze } = { gold: shown[subs.gold.id], silver: shown[subs.silver.id], bronze: shown[subs.bronze.id] };
      // Gold moved on Apr 16 and silver at the May renewal: both billed the new amount for May;
      // bronze stayed on version 1.
      assert.deepEqual(await billedFor('gold'), [['2026-04-01T00:00:00.000Z', [gold.old_recurring_amount]], ['2026-05-01T00:00:00.000Z', [gold.new_recurring_amount]]]);
      assert.deepEqual(await billedFor('silver'), [['2026-04-01T00:00:00.000Z', [silver.old_recurring_amount]], ['2026-05-01T00:00:00.000Z', [silver.new_recurring_amount]]]);
      assert.deepEqual(await billedFor('bronze'), [['2026-04-01T00:00:00.000Z', [bronze.old_recurring_amount]], ['2026-05-01T00:00:00.000Z', [bronze.old_recurring_amount]]]);
      // Gold's move halfway through April, on its May invoice: half of each amount the dry run showed
      // (-5.00 of 10.00, +6.00 of 12.00).
      const goldMay = (await invoicesOf(subs.gold))[1];
      assert.deepEqual(goldMay.lines.filter((line) => line.kind === 'proration').map((line) => line.amount), ['-5.00', '6.00']);
      assert.equal(goldMay.total, '13.00');
    });

    it('migrates the subscriptions of a list of customers, and only those', async () => {
      const product = (await expectStatus(t.call('GET', `/v1/plans/${plan.id}`), 200)).product;
      const price = await expectStatus(t.call('POST', '/v1/prices', {
        body: { product, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'per_unit', unit_amount: '15.00' } },
      }), 201);
      assert.equal((await expectStatus(t.call('PATCH', `/v1/plans/${plan.id}`, { body: { prices: [price.id] } }), 200)).version, 3);
      await expectError(t.call('POST', '/v1/plan_migrations', { body: { plan: plan.id, effective: 'now', customers: [] } }), 400, 'INVALID_ARGUMENT', '/customers');
      const listed = [subs.gold.customer, subs.bronze.customer];
      const preview = await expectStatus(t.call('POST', '/v1/plan_migrations/dry_run', { body: { plan: plan.id, effective: 'now', customers: listed } }), 200);
      assert.deepEqual(preview.data.map((item) => item.subscription).sort(), [subs.gold.id, subs.bronze.id].sort());
      const migration = await expectStatus(t.call('POST', '/v1/plan_migrations', { body: { plan: plan.id, effective: 'now', customers: listed } }), 201);
      assert.equal(migration.total, 2);
      await t.worker.drain();
      const done = await expectStatus(t.call('GET', `/v1/plan_migrations/${migration.id}`), 200);
      assert.deepEqual([done.status, done.migrated, done.skipped, done.failed], ['succeeded', 2, 0, 0]);
      assert.deepEqual([(await retrieve(subs.gold)).plan_version, (await retrieve(subs.bronze)).plan_version, (await retrieve(subs.silver)).plan_version], [3, 3, 2]);
    });
  });
}
