'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { expectStatus, expectError } = require('./support/fixtures');
const { createMetrics, createUsagePlan, subscribedCustomer: subscribe, sendBatch, mergeAll } = require('./support/usage');
const { usageForPeriod } = require('../src/usage');
const { inTransaction } = require('../src/db/rows');
const { mergePending } = require('../src/usage/processor');

// Subscriptions start on 2026-03-01 (their first period is March); events are sent on March 10.
const START = '2026-03-01T00:00:00.000Z';
const NOW = '2026-03-10T00:00:00.000Z';
const TABLES = ['usage_events', 'usage_event_keys', 'usage_merge_watermark', 'usage_merged_ahead', 'usage_merge_failures', 'usage_aggregates', 'usage_counters', 'billable_metrics', 'prices', 'events'];

for (const backend of BACKENDS) {
  describe(`usage ingestion [${backend}]`, () => {
    let t;
    let clock;
    let plan;
    before(async () => {
      clock = manualClock(START);
      t = await startTestServer(backend, { clock });
      await createMetrics(t, [
        { code: 'calls', aggregation: 'count' },
        { code: 'tokens', aggregation: 'sum', property: 'tokens', filters: { model: ['small', 'large', 7] } },
        { code: 'visitors', aggregation: 'unique_count', property: 'visitor' },
      ]);
      plan = await createUsagePlan(t, {
        code: 'metered', metrics: ['calls', 'tokens'],
        pricings: { tokens: { model: 'graduated', tiers: [{ up_to: '1000', unit_amount: '0' }, { up_to: null, unit_amount: '0.01' }] } },
      });
      clock.set(NOW);
    });
    after(() => t.close());

    // A customer subscribed on March 1st: { customer, subscription }.
    const subscribedCustomer = async (subscribedPlan, body) => {
      clock.set(START);
      try {
        return await subscribe(t, subscribedPlan, body);
      } finally {
        clock.set(NOW);
      }
    };
    const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (table) => [
      table, Number((await t.services.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()).n),
    ])));
    const storedIds = async (customerId) => (await t.services.db.selectFrom('usage_events').select('event_id')
      .where('customer_id', '=', customerId).orderBy('event_id').execute()).map((row) => row.event_id);
    const pendingOf = async (customer) => (await expectStatus(t.call('GET', `/v1/usage/status?customer=${customer.id}`), 200)).pending;
    const periodOf = (subscription) => ({ start: subscription.current_period_start, end: subscription.current_period_end });
    const usageOf = async (subscription, metric) => (await usageForPeriod(t.services.db, t.services, {
      subscriptionId: subscription.id, metric, period: periodOf(subscription),
    })).aggregate;

    it('reports each event of a batch, stores the good ones once and nothing of the bad ones', async () => {
      const { customer, subscription } = await subscribedCustomer(plan, { external_id: 'crm-batch' });
      const call = (id, extra = {}) => ({ id, customer: customer.id, metric: 'calls', timestamp: '2026-03-05T10:00:00Z', ...extra });
      const first = await sendBatch(t, [
        call('a'),
        call('b', { customer: 'crm-batch' }), // by external id
        call('a'), // the same event twice in one batch
        call('c', { timestamp: '2026-03-05T10:00:00.500+01:00' }),
        call('b', { timestamp: '2026-03-05T11:00:00Z' }), // the same id, another payload
        { id: 'd', customer: customer.id, metric: 'calls' }, // no timestamp
        call('e', { customer: 'nobody' }),
        call('f', { metric: 'nope' }),
        call('g', { timestamp: '2026-13-01T00:00:00Z' }),
        call('h', { extra: 1 }),
        'not an event',
        { id: 'i', customer: customer.id, metric: 'tokens', timestamp: '2026-03-05T10:00:00Z', properties: { tokens: 1.5 } },
        { id: 'j', customer: customer.id, metric: 'tokens', timestamp: '2026-03-05T10:00:00Z', properties: { tokens: '5', model: { x: 1 } } },
        { id: 'k', customer: customer.id, metric: 'tokens', timestamp: '2026-03-05T10:00:00Z', properties: { tokens: '1234567890123456' } },
        { id: 'l', customer: customer.id, metric: 'tokens', timestamp: '2026-03-05T10:00:00Z', properties: { tokens: '5', model: 7 } },
      ]);
      const brief = first.results.map((r) => [r.index, r.id, r.status, r.error ? `${r.error.code} ${r.error.path}` : r.event === undefined]);
      assert.deepEqual(brief, [
        [0, 'a', 'accepted', false],
        [1, 'b', 'accepted', false],
        [2, 'a', 'duplicate', false],
        [3, 'c', 'accepted', false],
        [4, 'b', 'conflict', 'CONFLICT /events/4/id'],
        [5, 'd', 'error', 'MISSING_FIELD /events/5/timestamp'],
        [6, 'e', 'error', 'NOT_FOUND /events/6/customer'],
        [7, 'f', 'error', 'NOT_FOUND /events/7/metric'],
        [8, 'g', 'error', 'INVALID_ARGUMENT /events/8/timestamp'],
        [9, 'h', 'error', 'UNKNOWN_FIELD /events/9/extra'],
        [10, null, 'error', 'INVALID_TYPE /events/10'],
        [11, 'i', 'error', 'INVALID_ARGUMENT /events/11/properties/tokens'],
        [12, 'j', 'error', 'INVALID_TYPE /events/12/properties/model'],
        [13, 'k', 'error', 'INVALID_ARGUMENT /events/13/properties/tokens'],
        [14, 'l', 'accepted', false],
      ]);
      assert.deepEqual([first.accepted, first.duplicates, first.conflicts, first.errors], [4, 1, 1, 9]);
      assert.equal(first.results[2].event, first.results[0].event, 'the duplicate names the stored event');
      assert.equal(first.results[4].event, first.results[1].event);
      assert.deepEqual(await storedIds(customer.id), ['a', 'b', 'c', 'l']);

      // The next batch repeats some: duplicates and a conflict across batches.
      const second = await sendBatch(t, [call('c', { timestamp: '2026-03-05T09:00:00.500Z' }), call('a'), call('m'), call('a', { properties: { n: 1 } })]);
      assert.deepEqual(second.results.map((r) => r.status), ['duplicate', 'duplicate', 'accepted', 'conflict']);
      assert.equal(second.results[1].event, first.results[0].event);
      assert.deepEqual(await storedIds(customer.id), ['a', 'b', 'c', 'l', 'm']);
      await mergeAll(t);
      assert.equal((await usageOf(subscription, 'calls')).value, '4');
      assert.equal((await usageOf(subscription, 'tokens')).value, '5');
    });

    it('refuses events ahead of the customer\'s now, older than the lookback or before the first subscription', async () => {
      const late = await expectStatus(t.call('POST', '/v1/customers', { body: { name: 'Late', currency: 'USD' } }), 201);
      const event = (id, timestamp) => ({ id, customer: late.id, metric: 'calls', timestamp });
      const none = await sendBatch(t, [event('x', '2026-03-09T00:00:00Z')]);
      assert.equal(none.results[0].error.code, 'EVENT_BEFORE_SUBSCRIPTION');
      await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: late.id, plan: plan.id } }), 201);
      const result = await sendBatch(t, [
        event('ok', '2026-03-10T00:04:59Z'), // within 5 minutes ahead
        event('ahead', '2026-03-10T00:05:01Z'),
        event('before', '2026-03-09T23:59:59Z'), // the subscription started at 2026-03-10T00:00Z
      ]);
      assert.deepEqual(result.results.map((r) => r.error ? r.error.code : r.status), ['accepted', 'EVENT_IN_FUTURE', 'EVENT_BEFORE_SUBSCRIPTION']);

      // 31 days on, the event is beyond the 30-day lookback: a new one is refused, but a retry of
      // the accepted one is still recognized (the deduplication window is 35 days).
      clock.set('2026-04-10T00:05:00.000Z');
      try {
        const retry = await sendBatch(t, [event('ok', '2026-03-10T00:04:59Z'), event('old', '2026-03-10T00:04:59Z')]);
        assert.deepEqual(retry.results.map((r) => r.error ? r.error.code : r.status), ['duplicate', 'EVENT_TOO_OLD']);
        assert.equal(retry.results[1].error.path, '/events/1/timestamp');
      } finally {
        clock.set(NOW);
      }
      // A test clock's customer lives at its clock's time.
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: '2027-06-01T00:00:00Z' } }), 201);
      const { customer: frozen } = await subscribedCustomer(plan, { test_clock: testClock.id });
      const onClock = await sendBatch(t, [
        { id: 'then', customer: frozen.id, metric: 'calls', timestamp: '2027-06-01T00:01:00Z' },
        { id: 'now', customer: frozen.id, metric: 'calls', timestamp: '2026-03-10T00:00:00Z' },
      ]);
      assert.deepEqual(onClock.results.map((r) => r.error ? r.error.code : r.status), ['accepted', 'EVENT_TOO_OLD']);
    });

    it('counts each event once when 10 clients send the same batches at the same time', async () => {
      const { customer, subscription } = await subscribedCustomer(plan);
      const events = Array.from({ length: 300 }, (_, i) => ({
        id: `evt-${i}`, customer: customer.id, metric: 'tokens', timestamp: `2026-03-0${1 + (i % 9)}T12:00:00Z`,
        properties: { tokens: String(i), model: i % 2 ? 'small' : 'large' },
      }));
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const send = async (batch) => {
        const response = await fetch(`${address}/v1/usage_events`, {
          method: 'POST', body: JSON.stringify({ events: batch }),
          headers: { authorization: `Bearer ${t.keys.billing}`, 'content-type': 'application/json' },
        });
        assert.equal(response.status, 200);
        return (await response.json()).results;
      };
      // Each client sends all events in batches of 50, starting at its own offset.
      const clients = Array.from({ length: 10 }, async (_, client) => {
        const results = [];
        for (let b = 0; b < 6; b += 1) {
          const start = ((b + client) % 6) * 50;
          results.push(...await send(events.slice(start, start + 50)));
        }
        return results;
      });
      const results = (await Promise.all(clients)).flat();
      assert.equal(results.length, 3000);
      const accepted = results.filter((r) => r.status === 'accepted');
      assert.equal(accepted.length, 300, 'each event accepted by exactly one client');
      assert.equal(new Set(accepted.map((r) => r.id)).size, 300);
      assert.equal(results.filter((r) => r.status === 'duplicate').length, 2700);
      const eventOf = new Map(accepted.map((r) => [r.id, r.event]));
      assert.ok(results.every((r) => r.event === eventOf.get(r.id)), 'every duplicate names the stored event');
      assert.equal((await storedIds(customer.id)).length, 300);
      await mergeAll(t);
      // 0 + 1 + ... + 299 = 44850 tokens, the first 1000 free: 43850 x 0.01.
      assert.equal((await usageOf(subscription, 'tokens')).value, '44850');
      const usage = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/usage`), 200);
      assert.equal(usage.items.find((item) => item.metric === 'tokens').amount, '438.50');
    });

    it('takes one event alone: 201 accepted, 200 duplicate, 409 conflict, coded errors at the event\'s paths', async () => {
      const { customer } = await subscribedCustomer(plan);
      const body = { id: 'solo', customer: customer.id, metric: 'calls', timestamp: '2026-03-09T00:00:00Z' };
      const accepted = await expectStatus(t.call('POST', '/v1/usage_events', { body }), 201);
      assert.equal(accepted.results[0].status, 'accepted');
      const again = await expectStatus(t.call('POST', '/v1/usage_events', { body }), 200);
      assert.equal(again.results[0].status, 'duplicate');
      const before = await counts();
      await expectError(t.call('POST', '/v1/usage_events', { body: { ...body, timestamp: '2026-03-09T00:00:01Z' } }), 409, 'CONFLICT', '/id');
      await expectError(t.call('POST', '/v1/usage_events', { body: { ...body, id: 'next', timestamp: '2026-04-01T00:00:00Z' } }), 400, 'EVENT_IN_FUTURE', '/timestamp');
      await expectError(t.call('POST', '/v1/usage_events', { body: { ...body, id: 'next', metric: 'gone' } }), 404, 'NOT_FOUND', '/metric');
      await expectError(t.call('POST', '/v1/usage_events', { body: { ...body, id: '' } }), 400, 'INVALID_ARGUMENT', '/id');
      assert.deepEqual(await counts(), before);
    });

    it('shows what was accepted, processed and still waiting, and the lag', async () => {
      const { customer } = await subscribedCustomer(plan);
      await mergeAll(t);
      const base = await expectStatus(t.call('GET', '/v1/usage/status'), 200);
      assert.equal(base.pending, 0);
      assert.equal(base.lag_seconds, 0);
      const events = Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, customer: customer.id, metric: 'calls', timestamp: '2026-03-09T00:00:00Z' }));
      await sendBatch(t, events);
      clock.advance(7000);
      const waiting = await expectStatus(t.call('GET', '/v1/usage/status'), 200);
      assert.deepEqual([waiting.accepted - base.accepted, waiting.processed - base.processed, waiting.pending, waiting.lag_seconds], [5, 0, 5, 7]);
      assert.deepEqual(waiting.customers.map((c) => [c.customer, c.accepted, c.pending, c.lag_seconds]), [[customer.id, 5, 5, 7]]);
      await mergeAll(t);
      const done = await expectStatus(t.call('GET', `/v1/usage/status?customer=${customer.id}`), 200);
      assert.deepEqual([done.accepted, done.processed, done.pending, done.lag_seconds], [5, 5, 0, 0]);
      assert.equal(done.customers[0].last_processed_at, '2026-03-10T00:00:07.000Z');
      clock.set(NOW);
    });

    it('counts every accepted event while merges commit between the reads of the status and the live usage', async () => {
      const { customer } = await subscribedCustomer(plan);
      const total = 60;
      await sendBatch(t, Array.from({ length: total }, (_, i) => ({ id: `race${i}`, customer: customer.id, metric: 'calls', timestamp: '2026-03-09T00:00:00Z' })));
      // Merging three events a transaction while the two endpoints are read over and over: a
      // figure read before a merge's commit and another after it must never miss its events.
      let merging = true;
      const merges = (async () => {
        try {
          for (let round = 0; round < 100; round += 1) {
            const { events } = await inTransaction(t.services.db, (trx) => mergePending(trx, t.services, { limit: 3 }));
            if (!events && !await pendingOf(customer)) return;
            await new Promise((resolve) => setImmediate(resolve));
          }
        } finally {
          merging = false;
        }
      })();
      let reads = 0;
      const wrong = [];
      while (merging) {
        const [status, usage] = await Promise.all([
          expectStatus(t.call('GET', `/v1/usage/status?customer=${customer.id}`), 200),
          expectStatus(t.call('GET', `/v1/customers/${customer.id}/usage`), 200),
        ]);
        const calls = Number(usage.items.find((item) => item.metric === 'calls').quantity);
        const figures = [status.accepted, status.processed + status.pending, calls + usage.pending_events];
        reads += 1;
        if (figures.some((figure) => figure !== total) && wrong.length < 10) wrong.push(figures);
        // Injected requests on SQLite never leave the microtask queue: let the merges' turn come.
        await new Promise((resolve) => setImmediate(resolve));
      }
      await merges;
      assert.equal(await pendingOf(customer), 0, 'every event merged');
      assert.ok(reads > 2, `read ${reads} times while merging`);
      assert.deepEqual(wrong, [], 'a read missed or doubled merged events');
    });

    it('lists stored events by customer, metric, time and own id, newest first, page by page', async () => {
      const { customer } = await subscribedCustomer(plan);
      await sendBatch(t, Array.from({ length: 5 }, (_, i) => ({
        id: `list-${i}`, customer: customer.id, metric: i < 3 ? 'calls' : 'tokens', timestamp: `2026-03-0${i + 2}T00:00:00Z`,
        ...(i < 3 ? {} : { properties: { tokens: i } }),
      })));
      const page = await expectStatus(t.call('GET', `/v1/usage_events?customer=${customer.id}&limit=2`), 200);
      assert.deepEqual(page.data.map((e) => e.event_id), ['list-4', 'list-3']);
      const next = await expectStatus(t.call('GET', `/v1/usage_events?customer=${customer.id}&limit=2&cursor=${page.next_cursor}`), 200);
      assert.deepEqual(next.data.map((e) => e.event_id), ['list-2', 'list-1']);
      const calls = await expectStatus(t.call('GET', `/v1/usage_events?customer=${customer.id}&metric=calls&from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z`), 200);
      assert.deepEqual(calls.data.map((e) => e.event_id), ['list-1']);
      const [one] = (await expectStatus(t.call('GET', `/v1/usage_events?customer=${customer.id}&event_id=list-3`), 200)).data;
      assert.deepEqual({ ...one, id: undefined, subscription: undefined, received_at: undefined }, {
        id: undefined, object: 'usage_event', event_id: 'list-3', customer: customer.id, metric: 'tokens', timestamp: '2026-03-05T00:00:00.000Z',
        properties: { tokens: 3 }, subscription: undefined, period: { start: START, end: '2026-04-01T00:00:00.000Z' },
        late: false, received_at: undefined, voided_at: null, void_reason: null,
      });
      assert.deepEqual(await expectStatus(t.call('GET', `/v1/usage_events/${one.id}`), 200), one);
    });

    it('gives a customer\'s open-period usage priced by the core, to its portal too', async () => {
      const { customer, subscription } = await subscribedCustomer(plan);
      await sendBatch(t, [
        ...Array.from({ length: 3 }, (_, i) => ({ id: `u${i}`, customer: customer.id, metric: 'calls', timestamp: '2026-03-10T00:00:00Z' })),
        { id: 't', customer: customer.id, metric: 'tokens', timestamp: '2026-03-10T00:00:00Z', properties: { tokens: '1500', model: 'small' } },
        { id: 'v', customer: customer.id, metric: 'visitors', timestamp: '2026-03-10T00:00:00Z', properties: { visitor: 'ann' } },
      ]);
      await mergeAll(t);
      await sendBatch(t, [{ id: 'w', customer: customer.id, metric: 'calls', timestamp: '2026-03-10T00:00:00Z' }]);
      const usage = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/usage`), 200);
      assert.equal(usage.pending_events, 1);
      assert.deepEqual(usage.items.map((item) => [item.subscription, item.metric, item.quantity, item.amount]), [
        [subscription.id, 'calls', '3', '3.00'], // per unit 1.00
        [subscription.id, 'tokens', '1500', '5.00'], // 1000 free, 500 at 0.01
        [subscription.id, 'visitors', '1', null], // recorded, charged by no price
      ]);
      assert.deepEqual(usage.items[0].period, periodOf(subscription));
      const session = await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: customer.id } }), 201);
      const own = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/usage`, { key: session.token }), 200);
      assert.deepEqual(own.items, usage.items);
      const other = await subscribedCustomer(plan);
      await expectError(t.call('GET', `/v1/customers/${other.customer.id}/usage`, { key: session.token }), 404, 'NOT_FOUND');
    });

    it('manages billable metrics: the core checks definitions, which never change; archived ones take no events', async () => {
      const created = await expectStatus(t.call('POST', '/v1/metrics', {
        body: { code: 'gb', name: 'Storage', aggregation: 'weighted_sum', property: 'delta' },
      }), 201);
      assert.deepEqual([created.object, created.time_unit, created.active, created.filters], ['metric', 'hour', true, {}]);
      const listed = await expectStatus(t.call('GET', '/v1/metrics?code=gb'), 200);
      assert.deepEqual(listed.data.map((m) => m.id), [created.id]);
      const renamed = await expectStatus(t.call('PATCH', `/v1/metrics/${created.id}`, { body: { name: 'Stored GB', active: false } }), 200);
      assert.deepEqual([renamed.name, renamed.active, renamed.aggregation], ['Stored GB', false, 'weighted_sum']);
      const { customer } = await subscribedCustomer(plan);
      const refused = await sendBatch(t, [{ id: 'z', customer: customer.id, metric: 'gb', timestamp: '2026-03-10T00:00:00Z', properties: { delta: 1 } }]);
      assert.equal(refused.results[0].error.code, 'INVALID_ARGUMENT');
      assert.equal(refused.results[0].error.path, '/events/0/metric');
      const types = (await expectStatus(t.call('GET', `/v1/events?object_id=${created.id}`), 200)).data.map((e) => e.type);
      assert.deepEqual(types, ['metric.updated', 'metric.created']);
    });

    it('answers bad input on every usage route with a coded 4xx and changes nothing', async () => {
      const { customer } = await subscribedCustomer(plan);
      const [stored] = (await sendBatch(t, [{ id: 'keep', customer: customer.id, metric: 'calls', timestamp: '2026-03-10T00:00:00Z' }])).results;
      await expectStatus(t.call('POST', `/v1/usage_events/${stored.event}/void`, { body: {} }), 200);
      const [metric] = (await expectStatus(t.call('GET', '/v1/metrics?code=calls'), 200)).data;
      const product = await expectStatus(t.call('POST', '/v1/products', { body: { name: 'P' } }), 201);
      const before = await counts();
      const post = (url, body, options = {}) => t.call('POST', url, { body, ...options });
      const checks = [
        [post('/v1/metrics', { code: 'x', name: 'X', aggregation: 'median' }), 400, 'INVALID_ARGUMENT', '/aggregation'],
        [post('/v1/metrics', { code: 'x', name: 'X', aggregation: 'count', property: 'n' }), 400, 'INVALID_ARGUMENT', '/property'],
        [post('/v1/metrics', { code: 'x', name: 'X', aggregation: 'sum' }), 400, 'MISSING_FIELD', '/property'],
        [post('/v1/metrics', { code: 'x', name: 'X', aggregation: 'sum', property: 'n', time_unit: 'hour' }), 400, 'INVALID_ARGUMENT', '/time_unit'],
        [post('/v1/metrics', { code: 'x', name: 'X', aggregation: 'count', filters: { a: [true] } }), 400, 'INVALID_TYPE', '/filters/a/0'],
        [post('/v1/metrics', { code: 'x', name: 'X', aggregation: 'count', filters: { a: [1.5] } }), 400, 'INVALID_ARGUMENT', '/filters/a/0'],
        [post('/v1/metrics', { code: 'calls', name: 'X', aggregation: 'count' }), 409, 'CONFLICT', '/code'],
        [post('/v1/metrics', { code: 'x', name: 'X', aggregation: 'count', unit: 1 }), 400, 'UNKNOWN_FIELD', '/unit'],
        [t.call('PATCH', `/v1/metrics/${metric.id}`, { body: { aggregation: 'sum' } }), 400, 'UNKNOWN_FIELD', '/aggregation'],
        [t.call('PATCH', '/v1/metrics/bm_missing', { body: { name: 'n' } }), 404, 'NOT_FOUND', ''],
        [t.call('GET', '/v1/metrics/bm_missing'), 404, 'NOT_FOUND', ''],
        [t.call('GET', '/v1/metrics?limit=0'), 400, 'INVALID_ARGUMENT', '/query/limit'],
        [post('/v1/prices', { product: product.id, currency: 'USD', type: 'usage', interval: 'month', metric: 'unknown', pricing: { model: 'per_unit', unit_amount: '1' } }), 404, 'NOT_FOUND', '/metric'],
        [post('/v1/usage_events', []), 400, 'INVALID_TYPE', ''],
        [post('/v1/usage_events', { events: {} }), 400, 'INVALID_TYPE', '/events'],
        [post('/v1/usage_events', { events: [] }), 400, 'INVALID_ARGUMENT', '/events'],
        [post('/v1/usage_events', { events: [], more: 1 }), 400, 'UNKNOWN_FIELD', '/more'],
        [post('/v1/usage_events', { events: Array.from({ length: 1001 }, () => ({})) }), 413, 'LIMIT_EXCEEDED', '/events'],
        [post('/v1/usage_events', '<event/>', { headers: { 'content-type': 'application/xml' } }), 415, 'UNSUPPORTED_MEDIA_TYPE', ''],
        [post('/v1/usage_events', '{"events": [', { headers: { 'content-type': 'application/json' } }), 400, 'INVALID_JSON', ''],
        [post('/v1/usage_events', { events: [{}] }, { headers: { 'idempotency-key': 'bad key' } }), 400, 'INVALID_ARGUMENT', '/headers/idempotency-key'],
        [t.call('GET', '/v1/usage_events?from=yesterday'), 400, 'INVALID_ARGUMENT', '/query/from'],
        [t.call('GET', '/v1/usage_events?event_id=keep'), 400, 'MISSING_FIELD', '/query/customer'],
        [t.call('GET', '/v1/usage_events?limit=101'), 400, 'INVALID_ARGUMENT', '/query/limit'],
        [t.call('GET', '/v1/usage_events?cursor=nonsense'), 400, 'INVALID_ARGUMENT', '/query/cursor'],
        [t.call('GET', '/v1/usage_events/uev_missing'), 404, 'NOT_FOUND', ''],
        [post('/v1/usage_events/uev_missing/void', {}), 404, 'NOT_FOUND', ''],
        [post(`/v1/usage_events/${stored.event}/void`, {}), 409, 'INVALID_STATE', ''],
        [post(`/v1/usage_events/${stored.event}/void`, { reason: '' }), 400, 'INVALID_ARGUMENT', '/reason'],
        [post(`/v1/usage_events/${stored.event}/void`, { why: 'x' }), 400, 'UNKNOWN_FIELD', '/why'],
        [t.call('GET', '/v1/usage/status?customer=x&since=1'), 400, 'UNKNOWN_FIELD', '/query/since'],
        [t.call('GET', '/v1/customers/cus_missing/usage'), 404, 'NOT_FOUND', ''],
        [post('/v1/usage_events', { events: [] }, { key: t.keys.support }), 403, 'FORBIDDEN', ''],
        [post('/v1/usage_events', { events: [] }, { key: 'rcsk_nope' }), 401, 'UNAUTHENTICATED', ''],
      ];
      for (const [pending, status, code, path] of checks) await expectError(pending, status, code, path);
      assert.deepEqual(await counts(), before);
    });
  });
}
