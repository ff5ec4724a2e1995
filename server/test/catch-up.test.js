'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus } = require('./support/fixtures');
const { catchUpDue } = require('../src/subscriptions/lifecycle');

const DAY_MS = 24 * 60 * 60 * 1000;

// One subscription that cannot catch up must not hold back the others. A stored time zone the
// core does not know makes its catch-up fail, as a corrupt row would.
for (const backend of BACKENDS) {
  describe(`subscription catch-up with a failing subscription [${backend}]`, () => {
    let t;
    let clock;
    let plan;
    before(async () => {
      clock = manualClock('2026-01-10T00:00:00.000Z');
      t = await startTestServer(backend, { clock });
      plan = (await createPlan(t, { code: 'flat', pricings: [{ model: 'flat', amount: '10.00' }] })).plan;
    });
    after(() => t.close());

    const subscribe = async (customer) => expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id } }), 201);
    const breakSubscription = (id) => t.services.db.updateTable('subscriptions').set({ time_zone: 'Mars/Olympus_Mons' }).where('id', '=', id).execute();
    const stored = (id) => t.services.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const job = (id) => t.services.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('catches up the others in bounded batches and reports the one that failed', async () => {
      const subscriptions = [];
      for (let i = 0; i < 5; i += 1) subscriptions.push(await subscribe(await createCustomer(t)));
      await breakSubscription(subscriptions[1].id);
      clock.advance(35 * DAY_MS);
      const outcome = await catchUpDue(t.services.db, t.services.dialect, t.services.core, clock, { now: clock.now(), batchSize: 2 });
      assert.equal(outcome.caughtUp, 4);
      assert.deepEqual(outcome.failed.map((f) => f.id), [subscriptions[1].id]);
      assert.match(outcome.failed[0].error, /Mars\/Olympus_Mons/);
      for (const [index, sub] of subscriptions.entries()) {
        const row = await stored(sub.id);
        if (index === 1) assert.equal(row.current_period_end, sub.current_period_end, 'the failing one is left as it was');
        else assert.equal(row.current_period_start, sub.current_period_end, `subscription ${index} renewed`);
      }
    });

    it('the recurring job goes on, naming the subscription it could not move', async () => {
      const sub = await subscribe(await createCustomer(t));
      const broken = await subscribe(await createCustomer(t));
      await breakSubscription(broken.id);
      clock.advance(35 * DAY_MS);
      await t.services.db.updateTable('jobs').set({ run_at: clock.now().toISOString() }).where('id', '=', 'job_recurring_subscriptions_catch_up').execute();
      await t.worker.drain();
      assert.equal((await stored(sub.id)).current_period_start, sub.current_period_end);
      const row = await job('job_recurring_subscriptions_catch_up');
      assert.equal(row.status, 'queued', 'rescheduled');
      assert.match(row.last_error, new RegExp(`could not catch up \\(.*${broken.id}: `));
    });

    it('a test clock whose advance hits a failing subscription is ready again, and can move on', async () => {
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2026-03-01T00:00:00Z' } }), 201);
      const broken = await subscribe(await createCustomer(t, { test_clock: testClock.id }));
      const sub = await subscribe(await createCustomer(t, { test_clock: testClock.id }));
      await breakSubscription(broken.id);
      await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: '2026-04-15T00:00:00Z' } }), 200);
      await t.worker.drain();
      assert.equal((await expectStatus(t.call('GET', `/v1/test_clocks/${testClock.id}`), 200)).status, 'ready');
      assert.equal((await stored(sub.id)).current_period_start, '2026-04-01T00:00:00.000Z');
      const [advanceJob] = await t.services.db.selectFrom('jobs').selectAll().where('type', '=', 'test_clock.advance')
        .where('payload', 'like', `%${testClock.id}%`).execute();
      assert.equal(advanceJob.status, 'succeeded');
      assert.match(advanceJob.last_error, new RegExp(broken.id));

      await t.services.db.updateTable('subscriptions').set({ time_zone: 'UTC' }).where('id', '=', broken.id).execute();
      await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: '2026-04-20T00:00:00Z' } }), 200);
      await t.worker.drain();
      assert.equal((await expectStatus(t.call('GET', `/v1/test_clocks/${testClock.id}`), 200)).status, 'ready');
      assert.equal((await stored(broken.id)).current_period_start, '2026-04-01T00:00:00.000Z', 'caught up once repaired');
    });
  });
}
