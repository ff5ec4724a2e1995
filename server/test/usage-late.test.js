'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { expectStatus } = require('./support/fixtures');
const { createMetrics, createUsagePlan, subscribedCustomer, sendBatch, mergeAll, drainUntilMerged } = require('./support/usage');
const { inTransaction } = require('../src/db/rows');
const usage = require('../src/usage');

// Subscriptions start on 2026-02-01T00:00Z: February is 672 hours, March 744.
const FEBRUARY = { start: '2026-02-01T00:00:00.000Z', end: '2026-03-01T00:00:00.000Z' };
const MARCH = { start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' };

for (const backend of BACKENDS) {
  describe(`late usage and voids [${backend}]`, () => {
    let t;
    let clock;
    let plan;
    before(async () => {
      clock = manualClock('2026-02-01T00:00:00.000Z');
      t = await startTestServer(backend, { clock });
      await createMetrics(t, [
        { code: 'calls', aggregation: 'count' },
        { code: 'storage', aggregation: 'weighted_sum', property: 'delta_gb' },
      ]);
      plan = await createUsagePlan(t, { code: 'metered', metrics: ['calls', 'storage'] });
    });
    after(() => t.close());

    const inTrx = (work) => inTransaction(t.services.db, work);
    const bill = (subscription, metric, period, invoiceId) => inTrx((trx) => usage.billUsageForPeriod(trx, t.services, {
      subscriptionId: subscription.id, metric, period, invoiceId,
    }));
    const claimAndMark = (subscription, invoiceId) => inTrx(async (trx) => {
      const adjustments = await usage.claimLateAdjustments(trx, t.services, { subscriptionId: subscription.id });
      await usage.markLateAdjustmentsBilled(trx, t.services, adjustments, { invoiceId });
      return adjustments;
    });
    const brief = (adjustments) => adjustments.map((a) => {
      assert.equal(a.billed_quantity, a.billed.aggregate.value);
      return [a.metric, a.period.start, a.billed.aggregate.value, a.current.value, a.late_quantity];
    });
    const calls = (customer, ids, timestamp) => ids.map((id) => ({ id, customer: customer.id, metric: 'calls', timestamp }));

    it('keeps a late event for an invoiced period, reports it and bills it once as an adjustment', async () => {
      clock.set(FEBRUARY.start);
      const { customer, subscription } = await subscribedCustomer(t, plan);
      clock.set('2026-02-20T00:00:00.000Z');
      await sendBatch(t, calls(customer, ['a', 'b', 'c'], '2026-02-10T00:00:00Z'));
      clock.set('2026-03-02T00:00:00.000Z');
      await t.worker.drain(); // renews the subscription; the usage job merges the events

      const billed = await bill(subscription, 'calls', FEBRUARY, 'in_feb');
      assert.deepEqual([billed.aggregate.value, billed.billed.invoice, billed.billed.aggregate.value], ['3', 'in_feb', '3']);
      await assert.rejects(bill(subscription, 'calls', FEBRUARY, 'in_again'), (error) => error.code === 'INVALID_STATE');
      assert.deepEqual(await claimAndMark(subscription, 'in_none'), []);

      const late = await sendBatch(t, [
        ...calls(customer, ['d', 'e'], '2026-02-25T00:00:00Z'),
        ...calls(customer, ['f'], '2026-03-01T12:00:00Z'),
      ]);
      assert.deepEqual(late.results.map((r) => [r.status, r.late]), [['accepted', true], ['accepted', true], ['accepted', false]]);
      const [stored] = (await expectStatus(t.call('GET', `/v1/usage_events?customer=${customer.id}&event_id=d`), 200)).data;
      assert.equal(stored.late, true);
      assert.deepEqual(stored.period, FEBRUARY);

      // Claiming merges the subscription's waiting events first; the change is billed once.
      const adjustments = await claimAndMark(subscription, 'in_mar');
      assert.deepEqual(brief(adjustments), [['calls', FEBRUARY.start, '3', '5', '2']]);
      assert.equal(adjustments[0].billed.invoice, 'in_feb');
      assert.deepEqual(await claimAndMark(subscription, 'in_next'), []);
      const february = await usage.usageForPeriod(t.services.db, t.services, { subscriptionId: subscription.id, metric: 'calls', period: FEBRUARY });
      assert.deepEqual([february.aggregate.value, february.billed.invoice, february.billed.aggregate.value], ['5', 'in_mar', '5']);
      const status = await expectStatus(t.call('GET', `/v1/usage/status?customer=${customer.id}`), 200);
      assert.deepEqual([status.accepted, status.processed, status.late], [6, 6, 2]);
      const open = await usage.openPeriodUsage(t.services.db, t.services, { customerId: customer.id });
      assert.deepEqual(open.map((u) => [u.metric, u.period.start, u.aggregate.value]), [['calls', MARCH.start, '1'], ['storage', MARCH.start, '0']]);
    });

    it('voids events: a waiting one never counts, a merged one is taken out, an invoiced one billed back', async () => {
      clock.set(FEBRUARY.start);
      const { customer, subscription } = await subscribedCustomer(t, plan);
      clock.set('2026-02-20T00:00:00.000Z');
      const sent = await sendBatch(t, calls(customer, ['a', 'b', 'c', 'd'], '2026-02-10T00:00:00Z'));
      const [a, b, c] = sent.results.map((r) => r.event);
      const voided = await expectStatus(t.call('POST', `/v1/usage_events/${a}/void`, { body: { reason: 'sent twice by a bug' } }), 200);
      assert.deepEqual([voided.id, voided.void_reason, voided.voided_at], [a, 'sent twice by a bug', '2026-02-20T00:00:00.000Z']);
      await mergeAll(t);
      const value = async (period = FEBRUARY) => (await usage.usageForPeriod(t.services.db, t.services, {
        subscriptionId: subscription.id, metric: 'calls', period,
      })).aggregate.value;
      assert.equal(await value(), '3');
      await expectStatus(t.call('POST', `/v1/usage_events/${b}/void`, { body: {} }), 200);
      assert.equal(await value(), '2');

      clock.set('2026-03-02T00:00:00.000Z');
      await bill(subscription, 'calls', FEBRUARY, 'in_feb');
      await expectStatus(t.call('POST', `/v1/usage_events/${c}/void`, { body: {} }), 200);
      assert.deepEqual(brief(await claimAndMark(subscription, 'in_mar')), [['calls', FEBRUARY.start, '2', '1', '-1']]);
      // The id stays taken: sending the voided event again is a duplicate that counts nothing.
      const again = await sendBatch(t, calls(customer, ['c'], '2026-02-10T00:00:00Z'));
      assert.equal(again.results[0].status, 'duplicate');
      await mergeAll(t);
      assert.equal(await value(), '1');
      const types = (await expectStatus(t.call('GET', `/v1/events?customer=${customer.id}&type=usage_event.voided`), 200)).data;
      assert.deepEqual(types.map((e) => e.data.object.id), [c, b, a]);
      const status = await expectStatus(t.call('GET', `/v1/usage/status?customer=${customer.id}`), 200);
      assert.deepEqual([status.accepted, status.processed, status.pending, status.voided], [4, 4, 0, 3]);
    });

    it('carries a weighted_sum level: a late change adjusts every invoiced period after it', async () => {
      clock.set(FEBRUARY.start);
      const { customer, subscription } = await subscribedCustomer(t, plan);
      const storage = (id, timestamp, delta) => ({ id, customer: customer.id, metric: 'storage', timestamp, properties: { delta_gb: delta } });
      clock.set('2026-03-02T00:00:00.000Z');
      await sendBatch(t, [storage('g1', '2026-02-01T00:00:00Z', '10')]);
      // February: 10 GB x 672 h; March (billed early, say by a threshold) 10 GB x 744 h so far.
      assert.equal((await bill(subscription, 'storage', FEBRUARY, 'in_feb')).aggregate.value, '6720');
      assert.equal((await bill(subscription, 'storage', MARCH, 'in_mar')).aggregate.value, '7440');
      // +5 GB for February's last day: February 6720 + 5 x 24 = 6840; March starts at 15 GB: 11160.
      await sendBatch(t, [storage('g2', '2026-02-28T00:00:00Z', 5)]);
      await mergeAll(t);
      assert.deepEqual(brief(await claimAndMark(subscription, 'in_apr')), [
        ['storage', FEBRUARY.start, '6720', '6840', '120'],
        ['storage', MARCH.start, '7440', '11160', '3720'],
      ]);
      // Voiding it brings both back: negative adjustments to what was billed first.
      const [event] = (await expectStatus(t.call('GET', `/v1/usage_events?customer=${customer.id}&event_id=g2`), 200)).data;
      await expectStatus(t.call('POST', `/v1/usage_events/${event.id}/void`, { body: {} }), 200);
      assert.deepEqual(brief(await claimAndMark(subscription, 'in_may')), [
        ['storage', FEBRUARY.start, '6840', '6720', '-120'],
        ['storage', MARCH.start, '11160', '7440', '-3720'],
      ]);
    });

    it('sets aside events the core cannot merge, reports them, and merges the others', async () => {
      clock.set('2026-03-10T00:00:00.000Z');
      const { customer } = await subscribedCustomer(t, plan);
      const { customer: other, subscription: otherSubscription } = await subscribedCustomer(t, plan);
      // 400 changes of 999,999,999,999,999 GB, each held ~22 days: beyond the core's 24 digits.
      const huge = Array.from({ length: 400 }, (_, i) => ({
        id: `huge-${i}`, customer: customer.id, metric: 'storage', timestamp: '2026-03-10T00:00:00Z', properties: { delta_gb: 999999999999999 },
      }));
      await sendBatch(t, huge);
      await sendBatch(t, calls(other, ['ok'], '2026-03-10T00:00:00Z'));
      await drainUntilMerged(t);
      const status = await expectStatus(t.call('GET', `/v1/usage/status?customer=${customer.id}`), 200);
      assert.deepEqual([status.accepted, status.processed, status.pending, status.failed], [400, 0, 400, 400]);
      assert.match(status.failures[0].error, /^OVERFLOW/);
      const job = await expectStatus(t.call('GET', '/v1/jobs/job_recurring_usage_aggregate'), 200);
      assert.match(job.last_error, /400 events could not be merged/);
      const period = { start: otherSubscription.current_period_start, end: otherSubscription.current_period_end };
      assert.equal((await usage.usageForPeriod(t.services.db, t.services, { subscriptionId: otherSubscription.id, metric: 'calls', period })).aggregate.value, '1');
      // Voiding them clears the failures.
      for (const [i] of huge.entries()) {
        if (i % 100) continue;
        const [row] = (await expectStatus(t.call('GET', `/v1/usage_events?customer=${customer.id}&event_id=huge-${i}`), 200)).data;
        await expectStatus(t.call('POST', `/v1/usage_events/${row.id}/void`, { body: {} }), 200);
      }
      assert.equal((await expectStatus(t.call('GET', `/v1/usage/status?customer=${customer.id}`), 200)).failed, 396);
    });
  });
}
