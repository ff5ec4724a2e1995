'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus } = require('./support/fixtures');
const { createMetrics, createUsagePlan, sendBatch, mergeAll } = require('./support/usage');
const usage = require('../src/usage');
const { checkAllThresholds } = require('../src/billing-runs/thresholds');

// Billing runs on test clocks. Every expected total is worked out by hand in the comments; the
// server asks the core for each one. The wall clock stands after the test clocks' year, so a
// billing run's default `until` (now) covers it; test-clock customers are billed up to their clock.
for (const backend of BACKENDS) {
  describe(`billing runs [${backend}]`, () => {
    let t;
    before(async () => {
      t = await startTestServer(backend, { clock: manualClock('2027-06-01T00:00:00.000Z') });
    });
    after(() => t.close());

    const newClock = (frozenTime) => expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: frozenTime } }), 201);
    const subscribe = (body) => expectStatus(t.call('POST', '/v1/subscriptions', { body }), 201);
    const advance = async (testClock, frozenTime) => {
      await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
      await t.worker.drain();
    };
    const bill = async () => {
      const queued = await expectStatus(t.call('POST', '/v1/billing_runs', { body: {} }), 202);
      assert.equal(queued.status, 'queued');
      await t.worker.drain();
      return expectStatus(t.call('GET', `/v1/billing_runs/${queued.id}`), 200);
    };
    const invoicesOf = async (customer) => (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}&limit=100`), 200)).data.reverse();
    const totals = async (customer) => (await invoicesOf(customer)).map((invoice) => invoice.total);

    it('bills five customers through a test-clock year: seats with an upgrade, annual, graduated usage, a $500 minimum, a trial converting on the 31st', async () => {
      await createMetrics(t, [{ code: 'calls', aggregation: 'sum', property: 'n' }, { code: 'units', aggregation: 'sum', property: 'n' }]);
      const seats = (await createPlan(t, { code: 'seats', pricings: [{ model: 'per_unit', unit_amount: '10.00' }] })).plan;
      const annual = (await createPlan(t, { code: 'annual', interval: 'year', pricings: [{ model: 'flat', amount: '1200.00' }] })).plan;
      const trial = (await createPlan(t, { code: 'trial30', trialDays: 14, pricings: [{ model: 'flat', amount: '30.00' }] })).plan;
      const metered = await createUsagePlan(t, {
        code: 'metered', metrics: ['calls'], fee: '10.00',
        pricings: { calls: { model: 'graduated', tiers: [{ up_to: '1000', unit_amount: '0' }, { up_to: null, unit_amount: '0.002' }] } },
      });
      const product = await expectStatus(t.call('POST', '/v1/products', { body: { name: 'Hybrid' } }), 201);
      const hybridPrices = [
        await expectStatus(t.call('POST', '/v1/prices', { body: { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'flat', amount: '100.00' } } }), 201),
        await expectStatus(t.call('POST', '/v1/prices', { body: { product: product.id, currency: 'USD', type: 'usage', interval: 'month', metric: 'units', pricing: { model: 'per_unit', unit_amount: '1.00' } } }), 201),
      ];
      const hybrid = await expectStatus(t.call('POST', '/v1/plans', {
        body: { code: 'hybrid', name: 'Hybrid', product: product.id, currency: 'USD', interval: 'month', prices: hybridPrices.map((p) => p.id), minimum_amount: '500.00' },
      }), 201);

      const clock = await newClock('2026-01-01T00:00:00Z');
      const customers = {};
      for (const name of ['seats', 'annual', 'metered', 'hybrid', 'trial']) customers[name] = await createCustomer(t, { name, test_clock: clock.id });
      // The first invoice is issued with the subscription: its first period in advance.
      const seatsSub = await subscribe({ customer: customers.seats.id, plan: seats.id, quantity: 3 }); // 3 × 10.00 = 30.00
      await subscribe({ customer: customers.annual.id, plan: annual.id }); // 1200.00 for 2026
      await subscribe({ customer: customers.metered.id, plan: metered.id }); // the 10.00 fee; usage comes in arrears
      await subscribe({ customer: customers.hybrid.id, plan: hybrid.id }); // the 100.00 fee; no commitment before a period ended
      const first = await invoicesOf(customers.seats);
      assert.deepEqual(first.map((invoice) => [invoice.status, invoice.number, invoice.total, invoice.billing_reason]), [['open', 'INV-000001', '30.00', 'subscription_create']]);
      assert.deepEqual([first[0].period_start, first[0].period_end], ['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);

      await advance(clock, '2026-01-10T00:00:00Z');
      // Metered: 2000 + 500 (the repeated c1 counts once) = 2500 calls: 1000 free, 1500 × 0.002 = 3.00.
      await sendBatch(t, [
        { id: 'c1', customer: customers.metered.id, metric: 'calls', timestamp: '2026-01-05T00:00:00Z', properties: { n: '2000' } },
        { id: 'c2', customer: customers.metered.id, metric: 'calls', timestamp: '2026-01-08T00:00:00Z', properties: { n: '500' } },
        { id: 'c1', customer: customers.metered.id, metric: 'calls', timestamp: '2026-01-05T00:00:00Z', properties: { n: '2000' } },
        { id: 'u1', customer: customers.hybrid.id, metric: 'units', timestamp: '2026-01-09T00:00:00Z', properties: { n: '150' } },
      ]);

      // Seats 3 → 5 halfway through January (15.5 of 31 days left, factor 1/2): credit
      // −30.00 × 1/2 = −15.00, charge 50.00 × 1/2 = 25.00, both on the next invoice.
      await advance(clock, '2026-01-16T12:00:00Z');
      await expectStatus(t.call('POST', `/v1/subscriptions/${seatsSub.id}/change`, { body: { quantity: 5 } }), 200);
      // The trial customer starts on the 17th: 14 days of trial end on January 31, billing is anchored there.
      await advance(clock, '2026-01-17T00:00:00Z');
      const trialing = await subscribe({ customer: customers.trial.id, plan: trial.id });
      assert.equal(trialing.trial_end, '2026-01-31T00:00:00.000Z');
      assert.deepEqual(await invoicesOf(customers.trial), []); // a trial has no invoice of its own

      // The upcoming invoice of the metered customer: February's fee and January's usage.
      await mergeAll(t);
      const upcoming = await expectStatus(t.call('GET', `/v1/invoices/upcoming?customer=${customers.metered.id}`), 200);
      assert.deepEqual([upcoming.id, upcoming.status, upcoming.billing_moment, upcoming.total], [null, 'upcoming', '2026-02-01T00:00:00.000Z', '13.00']);
      assert.equal(await t.services.db.selectFrom('invoices').select('id').where('customer_id', '=', customers.metered.id).execute().then((rows) => rows.length), 1); // nothing stored

      await advance(clock, '2026-02-01T00:00:00Z');
      const february = await bill();
      // Seats 50.00 − 15.00 + 25.00 = 60.00; metered 10.00 + 3.00 = 13.00; hybrid: 100.00 fee,
      // 150.00 usage, January's spend 100.00 + 150.00 = 250.00 < 500.00: true-up 250.00, 500.00;
      // trial: its first period (Jan 31 – Feb 28) 30.00. 60 + 13 + 500 + 30 = 603.00.
      assert.deepEqual([february.status, february.invoices, february.totals, february.failures], ['succeeded', 4, { USD: '603.00' }, []]);
      const meteredFebruary = (await invoicesOf(customers.metered))[1];
      assert.equal(meteredFebruary.content_hash, upcoming.content_hash); // the upcoming invoice, byte for byte
      assert.deepEqual(meteredFebruary.lines, upcoming.lines);
      assert.deepEqual(meteredFebruary.lines.map((line) => [line.kind, line.amount]), [['fixed', '10.00'], ['usage', '3.00']]);
      const hybridFebruary = (await invoicesOf(customers.hybrid))[1];
      assert.deepEqual(hybridFebruary.lines.map((line) => [line.kind, line.amount]), [['fixed', '100.00'], ['usage', '150.00'], ['minimum_commitment_true_up', '250.00']]);
      const seatsFebruary = (await invoicesOf(customers.seats))[1];
      assert.deepEqual(seatsFebruary.lines.map((line) => [line.kind, line.amount]), [['fixed', '50.00'], ['proration', '-15.00'], ['proration', '25.00']]);
      assert.deepEqual((await expectStatus(t.call('GET', `/v1/subscriptions/${seatsSub.id}`), 200)).pending_prorations, []);
      assert.equal((await expectStatus(t.call('POST', `/v1/invoices/${hybridFebruary.id}/verify`), 200)).matches, true);

      // The rest of the year at once: every moment is billed in order.
      await advance(clock, '2027-01-01T00:00:00Z');
      const year = await bill();
      // Seats 11 × 50.00 (March 2026 to January 2027) = 550.00; annual 1200.00 for 2027; metered
      // 11 × 10.00 = 110.00 (no more usage: 0 calls cost 0.00); hybrid 11 × (100.00 + 0.00 +
      // true-up 400.00) = 5500.00; trial 11 × 30.00 (Feb 28 to Dec 31) = 330.00. Sum 7690.00.
      assert.deepEqual([year.invoices, year.totals, year.failures], [45, { USD: '7690.00' }, []]);
      assert.deepEqual(await totals(customers.seats), ['30.00', '60.00', ...Array(11).fill('50.00')]);
      assert.deepEqual(await totals(customers.annual), ['1200.00', '1200.00']);
      assert.deepEqual(await totals(customers.metered), ['10.00', '13.00', ...Array(11).fill('10.00')]);
      assert.deepEqual(await totals(customers.hybrid), ['100.00', ...Array(12).fill('500.00')]);
      const trialInvoices = await invoicesOf(customers.trial);
      assert.deepEqual(trialInvoices.map((invoice) => invoice.total), Array(12).fill('30.00'));
      assert.deepEqual(trialInvoices.map((invoice) => invoice.period_start.slice(0, 10)), [
        '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30',
        '2026-07-31', '2026-08-31', '2026-09-30', '2026-10-31', '2026-11-30', '2026-12-31',
      ]);
      // 53 invoices, numbered 1 to 53 without a gap.
      const numbers = (await t.services.db.selectFrom('invoices').select('number').execute()).map((row) => row.number).sort();
      assert.deepEqual(numbers, Array.from({ length: 53 }, (_, i) => `INV-${String(i + 1).padStart(6, '0')}`));
      // Billing again bills nothing twice.
      const again = await bill();
      assert.deepEqual([again.invoices, again.subscriptions], [0, 0]);
    });

    it('consolidates a customer\'s subscriptions renewing together on one invoice, with a repeating coupon and a cancellation', async () => {
      const ten = (await createPlan(t, { code: 'ten', pricings: [{ model: 'flat', amount: '10.00' }] })).plan;
      const twenty = (await createPlan(t, { code: 'twenty', pricings: [{ model: 'flat', amount: '20.00' }] })).plan;
      const coupon = await expectStatus(t.call('POST', '/v1/coupons', { body: { code: 'half2', name: 'Half off twice', percent_off: '50', duration: 'repeating', duration_in_periods: 2 } }), 201);
      const clock = await newClock('2026-03-05T00:00:00Z');
      const customer = await createCustomer(t, { test_clock: clock.id });
      const small = await subscribe({ customer: customer.id, plan: ten.id });
      const discounted = await subscribe({ customer: customer.id, plan: twenty.id, coupon: coupon.id });
      // Each first invoice is issued as its subscription starts: 10.00, and 20.00 − 50 % = 10.00.
      assert.deepEqual(await totals(customer), ['10.00', '10.00']);

      const upcoming = await expectStatus(t.call('GET', `/v1/invoices/upcoming?customer=${customer.id}`), 200);
      // April: 10.00 + (20.00 − 50 %, the coupon's second and last period) = 20.00, one invoice.
      assert.deepEqual([upcoming.total, upcoming.subscriptions.sort()], ['20.00', [small.id, discounted.id].sort()]);
      await advance(clock, '2026-04-05T00:00:00Z');
      await bill();
      const april = (await invoicesOf(customer))[2];
      assert.deepEqual([april.total, april.discount_total, april.content_hash], ['20.00', '10.00', upcoming.content_hash]);

      await advance(clock, '2026-04-10T00:00:00Z');
      await expectStatus(t.call('POST', `/v1/subscriptions/${small.id}/cancel`, { body: { at_period_end: true } }), 200);
      await advance(clock, '2026-05-05T00:00:00Z');
      await bill();
      // May: the coupon is used up, the small subscription ended on May 5 with nothing in
      // arrears (no invoice of its own): 20.00.
      assert.deepEqual(await totals(customer), ['10.00', '10.00', '20.00', '20.00']);
      assert.deepEqual((await invoicesOf(customer))[3].subscriptions, [discounted.id]);
    });

    it('leaves billing-run drafts for the grace period, then finalizes them; marks send_invoice invoices overdue on the customer\'s clock', async () => {
      await expectStatus(t.call('PATCH', '/v1/seller_settings', { body: { draft_grace_hours: 1, default_collection_method: 'send_invoice', default_days_until_due: 15 } }), 200);
      const plan = (await createPlan(t, { code: 'graced', pricings: [{ model: 'flat', amount: '7.00' }] })).plan;
      const clock = await newClock('2026-06-01T00:00:00Z');
      const customer = await createCustomer(t, { test_clock: clock.id });
      await subscribe({ customer: customer.id, plan: plan.id });
      const [draft] = await invoicesOf(customer);
      assert.deepEqual([draft.status, draft.finalize_at], ['draft', '2026-06-01T01:00:00.000Z']);
      await advance(clock, '2026-06-01T02:00:00Z');
      await bill();
      const [open] = await invoicesOf(customer);
      assert.deepEqual([open.status, open.due_at, open.overdue], ['open', '2026-06-16T02:00:00.000Z', false]); // net 15 from finalization
      await advance(clock, '2026-06-17T00:00:00Z');
      await bill();
      const [overdue] = await invoicesOf(customer);
      assert.equal(overdue.overdue, true);
      const events = (await expectStatus(t.call('GET', `/v1/events?object_id=${open.id}`), 200)).data.map((event) => event.type).reverse();
      assert.deepEqual(events, ['invoice.created', 'invoice.finalized', 'invoice.overdue']);
      await expectStatus(t.call('PATCH', '/v1/seller_settings', { body: { draft_grace_hours: 0, default_collection_method: 'charge_automatically' } }), 200);
    });

    it('bills late usage on the next invoice as priced in its period, credits voids, and bills an ended subscription\'s late usage once late events stop', async () => {
      // Tiers: 1,000 free, then 0.01 up to 5,000, then 0.005; a 10.00 fee; a 50.00 minimum.
      await createMetrics(t, [{ code: 'requests', aggregation: 'sum', property: 'n' }]);
      const product = await expectStatus(t.call('POST', '/v1/products', { body: { name: 'Requests' } }), 201);
      const tiers = [{ up_to: '1000', unit_amount: '0' }, { up_to: '5000', unit_amount: '0.01' }, { up_to: null, unit_amount: '0.005' }];
      const prices = [
        await expectStatus(t.call('POST', '/v1/prices', { body: { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'flat', amount: '10.00' } } }), 201),
        await expectStatus(t.call('POST', '/v1/prices', { body: { product: product.id, currency: 'USD', type: 'usage', interval: 'month', metric: 'requests', pricing: { model: 'graduated', tiers } } }), 201),
      ];
      const plan = await expectStatus(t.call('POST', '/v1/plans', {
        body: { code: 'requests', name: 'Requests', product: product.id, currency: 'USD', interval: 'month', prices: prices.map((p) => p.id), minimum_amount: '50.00' },
      }), 201);
      const clock = await newClock('2026-01-01T00:00:00Z');
      const customer = await createCustomer(t, { test_clock: clock.id });
      const subscription = await subscribe({ customer: customer.id, plan: plan.id });
      const requests = (id, timestamp, n) => ({ id, customer: customer.id, metric: 'requests', timestamp, properties: { n } });
      const kinds = (invoice) => invoice.lines.map((line) => [line.kind, line.amount]);
      const voidEvent = async (id) => {
        const [event] = (await expectStatus(t.call('GET', `/v1/usage_events?customer=${customer.id}&event_id=${id}`), 200)).data;
        await expectStatus(t.call('POST', `/v1/usage_events/${event.id}/void`, { body: {} }), 200);
      };
      const upcoming = async () => {
        await mergeAll(t);
        return expectStatus(t.call('GET', `/v1/invoices/upcoming?customer=${customer.id}`), 200);
      };
      const issuedAt = async (moment) => {
        await advance(clock, moment);
        await bill();
        return (await invoicesOf(customer)).at(-1);
      };

      await advance(clock, '2026-01-25T00:00:00Z');
      await sendBatch(t, [requests('j1', '2026-01-10T00:00:00Z', '3000'), requests('j2', '2026-01-20T00:00:00Z', '1000')]);
      // February: its fee 10.00; January's 4,000 requests: 3,000 × 0.01 = 30.00; January's
      // spend 10.00 + 30.00 = 40.00 < 50.00: true-up 10.00. 50.00.
      const february = await issuedAt('2026-02-01T00:00:00Z');
      assert.deepEqual(kinds(february), [['fixed', '10.00'], ['usage', '30.00'], ['minimum_commitment_true_up', '10.00']]);

      // Late for January: 2,500 more (sent twice: the retry counts once), and j1 again (a duplicate).
      await advance(clock, '2026-02-05T00:00:00Z');
      const late = await sendBatch(t, [requests('j3', '2026-01-31T12:00:00Z', '2500'), requests('j3', '2026-01-31T12:00:00Z', '2500'), requests('j1', '2026-01-10T00:00:00Z', '3000')]);
      assert.deepEqual(late.results.map((r) => [r.status, r.late]), [['accepted', true], ['duplicate', undefined], ['duplicate', undefined]]);
      await sendBatch(t, [requests('f1', '2026-02-03T00:00:00Z', '6000')]);
      const beforeMarch = await upcoming();
      // March: fee 10.00; February's 6,000: 4,000 × 0.01 + 1,000 × 0.005 = 45.00 (spend 55.00, no
      // true-up). January again on all its 6,500 requests: 40.00 + 1,500 × 0.005 = 47.50, less the
      // 30.00 billed: 17.50 (the 2,500 priced alone would be 15.00). January's spend becomes
      // 57.50 ≥ 50.00: its 10.00 true-up is taken back. 10.00 + 45.00 + 17.50 − 10.00 = 62.50.
      const march = await issuedAt('2026-03-01T00:00:00Z');
      assert.deepEqual(kinds(march), [['fixed', '10.00'], ['usage', '45.00'], ['late_usage', '17.50'], ['late_usage_true_up', '-10.00']]);
      assert.equal(march.total, '62.50');
      const [lateLine] = march.lines.filter((line) => line.kind === 'late_usage');
      assert.deepEqual([lateLine.period.start, lateLine.billed_quantity, lateLine.quantity, lateLine.billed_amount, lateLine.corrected_amount],
        ['2026-01-01T00:00:00Z', '4000', '2500', '30.00', '47.50']);
      assert.equal(march.content_hash, beforeMarch.content_hash); // the upcoming invoice, byte for byte
      // Billed once: billing again issues nothing, and April's upcoming invoice has no late line.
      assert.equal((await bill()).invoices, 0);
      const january = await usage.usageForPeriod(t.services.db, t.services, { subscriptionId: subscription.id, metric: 'requests', period: { start: '2026-01-01T00:00:00.000Z', end: '2026-02-01T00:00:00.000Z' } });
      assert.deepEqual([january.billed.invoice, january.billed.aggregate.value], [march.id, '6500']);

      // A void in January: j1's 3,000 go, 3,500 remain: 25.00 instead of 47.50, a credit of
      // −22.50; January's spend 10.00 + 25.00 = 35.00 < 50.00: a true-up of 15.00 again.
      await advance(clock, '2026-03-05T00:00:00Z');
      await voidEvent('j1');
      await sendBatch(t, [requests('m1', '2026-03-03T00:00:00Z', '5000')]);
      const beforeApril = await upcoming();
      // April: fee 10.00, March's 5,000 cost 40.00 (spend 50.00), −22.50, +15.00: 42.50.
      const april = await issuedAt('2026-04-01T00:00:00Z');
      assert.deepEqual(kinds(april), [['fixed', '10.00'], ['usage', '40.00'], ['proration', '-22.50'], ['proration', '15.00']]);
      assert.deepEqual(april.lines.slice(2).map((line) => [line.proration_kind, line.item_id === null, line.period.start]),
        [['credit', false, '2026-01-01T00:00:00Z'], ['charge', true, '2026-01-01T00:00:00Z']]);
      assert.deepEqual([april.total, april.content_hash], ['42.50', beforeApril.content_hash]);
      assert.equal((await expectStatus(t.call('POST', `/v1/invoices/${april.id}/verify`), 200)).matches, true);

      // Canceled on April 10 with 6,000 requests in April: its final invoice bills them (45.00).
      // A late event for April (1,000 more: 7,000 cost 50.00) is billed when no late event can
      // arrive anymore, 30 days after it ended: 5.00 on an invoice of its own.
      await advance(clock, '2026-04-10T00:00:00Z');
      await sendBatch(t, [requests('a1', '2026-04-05T00:00:00Z', '6000')]);
      await expectStatus(t.call('POST', `/v1/subscriptions/${subscription.id}/cancel`, { body: {} }), 200);
      await bill();
      const final = (await invoicesOf(customer)).at(-1);
      assert.equal(final.billing_reason, 'subscription_final');
      assert.ok(kinds(final).some(([kind, amount]) => kind === 'usage' && amount === '45.00'));
      await advance(clock, '2026-04-20T00:00:00Z');
      await sendBatch(t, [requests('a2', '2026-04-08T00:00:00Z', '1000')]);
      const beforeSweep = await upcoming();
      assert.deepEqual([beforeSweep.billing_moment, beforeSweep.billing_reason, beforeSweep.total], ['2026-05-10T00:00:00.000Z', 'subscription_late_usage', '5.00']);
      assert.equal((await issuedAt('2026-05-09T00:00:00Z')).id, final.id); // not yet
      const sweep = await issuedAt('2026-05-10T00:00:00Z');
      assert.deepEqual([sweep.billing_reason, kinds(sweep), sweep.content_hash], ['subscription_late_usage', [['late_usage', '5.00']], beforeSweep.content_hash]);
      await advance(clock, '2026-07-01T00:00:00Z');
      assert.deepEqual([(await bill()).invoices, (await invoicesOf(customer)).length], [0, 6]);
    });

    it('prices late usage with the price its period was billed with, not the plan version the subscription moved to since', async () => {
      await createMetrics(t, [{ code: 'lookups', aggregation: 'sum', property: 'n' }]);
      const product = await expectStatus(t.call('POST', '/v1/products', { body: { name: 'Lookups' } }), 201);
      const price = (body) => expectStatus(t.call('POST', '/v1/prices', { body: { product: product.id, currency: 'USD', interval: 'month', ...body } }), 201);
      const fee = await price({ type: 'recurring', pricing: { model: 'flat', amount: '10.00' } });
      const tiered = await price({ type: 'usage', metric: 'lookups', pricing: { model: 'graduated', tiers: [{ up_to: '1000', unit_amount: '0' }, { up_to: null, unit_amount: '0.01' }] } });
      const dear = await price({ type: 'usage', metric: 'lookups', pricing: { model: 'per_unit', unit_amount: '1.00' } });
      const plan = await expectStatus(t.call('POST', '/v1/plans', { body: { code: 'lookups', name: 'Lookups', product: product.id, currency: 'USD', interval: 'month', prices: [fee.id, tiered.id] } }), 201);
      const clock = await newClock('2026-01-01T00:00:00Z');
      const customer = await createCustomer(t, { test_clock: clock.id });
      const subscription = await subscribe({ customer: customer.id, plan: plan.id });
      const lookups = (id, timestamp, n) => ({ id, customer: customer.id, metric: 'lookups', timestamp, properties: { n } });
      await advance(clock, '2026-01-20T00:00:00Z');
      await sendBatch(t, [lookups('l1', '2026-01-10T00:00:00Z', '2000')]);
      await advance(clock, '2026-02-01T00:00:00Z');
      await bill(); // January's 2,000: 1,000 × 0.01 = 10.00
      // Version 2 charges 1.00 a lookup; the subscription moves to it now.
      await expectStatus(t.call('PATCH', `/v1/plans/${plan.id}`, { body: { prices: [fee.id, dear.id] } }), 200);
      await expectStatus(t.call('POST', '/v1/plan_migrations', { body: { plan: plan.id, effective: 'now', subscriptions: [subscription.id] } }), 201);
      await t.worker.drain();
      assert.equal((await expectStatus(t.call('GET', `/v1/subscriptions/${subscription.id}`), 200)).plan_version, 2);
      await advance(clock, '2026-02-03T00:00:00Z');
      await sendBatch(t, [lookups('l2', '2026-01-31T00:00:00Z', '1000')]);
      await advance(clock, '2026-03-01T00:00:00Z');
      await bill();
      // January again at its own tiers: 3,000 cost 20.00, 10.00 more (not 1,000 × 1.00).
      const march = (await invoicesOf(customer)).at(-1);
      const late = march.lines.filter((line) => line.kind === 'late_usage');
      assert.deepEqual(late.map((line) => [line.model, line.billed_amount, line.corrected_amount, line.amount]), [['graduated', '10.00', '20.00', '10.00']]);
    });

    it('issues an invoice early when usage reaches a threshold and bills only the rest at the period end; refuses bad thresholds', async () => {
      await createMetrics(t, [{ code: 'events', aggregation: 'sum', property: 'n' }]);
      const tiers = [{ up_to: '1000', unit_amount: '0' }, { up_to: '5000', unit_amount: '0.01' }, { up_to: null, unit_amount: '0.005' }];
      const plan = await createUsagePlan(t, { code: 'progressive', metrics: ['events'], pricings: { events: { model: 'graduated', tiers } } });
      const clock = await newClock('2026-02-01T00:00:00Z');
      const customer = await createCustomer(t, { test_clock: clock.id });
      const events = (id, timestamp, n) => ({ id, customer: customer.id, metric: 'events', timestamp, properties: { n } });
      const subscriptions = async () => (await expectStatus(t.call('GET', `/v1/subscriptions?customer=${customer.id}`), 200)).data;
      const refused = async (call, path) => {
        const response = await call;
        assert.deepEqual([response.status, response.body.error.code, response.body.error.path], [400, 'INVALID_ARGUMENT', path]);
      };
      await refused(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id, billing_thresholds: { usage_gte: [{ metric: 'calls', gte: '1' }] } } }), '/billing_thresholds/usage_gte/0/metric');
      assert.deepEqual(await subscriptions(), []);
      const subscription = await subscribe({ customer: customer.id, plan: plan.id, billing_thresholds: { usage_gte: [{ metric: 'events', gte: '2000' }] } });
      assert.deepEqual(subscription.billing_thresholds, { amount_gte: null, usage_gte: [{ metric: 'events', gte: '2000' }], reset_billing_cycle: false });
      const check = async () => (await checkAllThresholds(t.services)).invoices;
      const at = async (moment, batch) => {
        await advance(clock, moment);
        await sendBatch(t, batch);
        await mergeAll(t);
        return check();
      };

      // February: 1,500 events, below 2,000; then 1,000 more: 2,500 reach it: 1,500 × 0.01 = 15.00.
      assert.deepEqual(await at('2026-02-05T00:00:00Z', [events('e1', '2026-02-03T00:00:00Z', '1500')]), []);
      const [first] = await at('2026-02-06T00:00:00Z', [events('e2', '2026-02-04T00:00:00Z', '1000')]);
      const firstShown = await expectStatus(t.call('GET', `/v1/invoices/${first.id}`), 200);
      assert.deepEqual([firstShown.billing_reason, firstShown.total, firstShown.lines.map((line) => [line.kind, line.quantity, line.amount])],
        ['subscription_threshold', '15.00', [['usage', '2500', '15.00']]]);
      assert.deepEqual(await check(), []); // checked again: the 2,500 are invoiced, nothing is left to reach it
      const types = (await expectStatus(t.call('GET', `/v1/events?object_id=${first.id}`), 200)).data.map((event) => event.type).reverse();
      assert.deepEqual(types, ['invoice.created', 'invoice.finalized']);
      // 2,200 more reach it again: 4,700 cost 37.00, less the 15.00 invoiced: 22.00.
      const [second] = await at('2026-02-10T00:00:00Z', [events('e3', '2026-02-08T00:00:00Z', '2200')]);
      assert.deepEqual(JSON.parse(second.core_result).lines.map((line) => [line.kind, line.quantity, line.amount]), [['late_usage', '2200', '22.00']]);
      // 1,800 more stay below it; the period end bills them: 6,500 cost 40.00 + 1,500 × 0.005 =
      // 47.50, less 37.00: 10.50, with March's 10.00 fee. 15.00 + 22.00 + 10.50 = 47.50, the
      // price of February's 6,500 events.
      assert.deepEqual(await at('2026-02-20T00:00:00Z', [events('e4', '2026-02-15T00:00:00Z', '1800')]), []);
      const upcoming = await expectStatus(t.call('GET', `/v1/invoices/upcoming?customer=${customer.id}`), 200);
      await advance(clock, '2026-03-01T00:00:00Z');
      await bill();
      const periodEnd = (await invoicesOf(customer)).at(-1);
      assert.deepEqual([periodEnd.billing_reason, periodEnd.lines.map((line) => [line.kind, line.amount]), periodEnd.content_hash],
        ['subscription_cycle', [['fixed', '10.00'], ['late_usage', '10.50']], upcoming.content_hash]);
      assert.deepEqual((await invoicesOf(customer)).map((invoice) => invoice.total), ['10.00', '15.00', '22.00', '20.50']);

      // An amount threshold instead: March's 3,500 events cost 25.00 ≥ 20.00; 500 more cost 5.00.
      const patched = await expectStatus(t.call('PATCH', `/v1/subscriptions/${subscription.id}`, { body: { billing_thresholds: { amount_gte: '20' } } }), 200);
      assert.deepEqual(patched.billing_thresholds, { amount_gte: '20.00', usage_gte: [], reset_billing_cycle: false });
      const [march] = await at('2026-03-05T00:00:00Z', [events('m1', '2026-03-02T00:00:00Z', '3500')]);
      assert.deepEqual([march.billing_reason, march.total, march.period_start], ['subscription_threshold', '25.00', '2026-03-01T00:00:00.000Z']);
      assert.deepEqual(await at('2026-03-06T00:00:00Z', [events('m2', '2026-03-05T00:00:00Z', '500')]), []);

      // Bad thresholds change nothing.
      const patch = (billingThresholds) => t.call('PATCH', `/v1/subscriptions/${subscription.id}`, { body: { billing_thresholds: billingThresholds } });
      await refused(patch({ amount_gte: '10.001' }), '/billing_thresholds/amount_gte');
      await refused(patch({ amount_gte: '0.00' }), '/billing_thresholds/amount_gte');
      await refused(patch({ usage_gte: [{ metric: 'events', gte: '0' }] }), '/billing_thresholds/usage_gte/0/gte');
      await refused(patch({ usage_gte: [{ metric: 'events', gte: '5' }, { metric: 'events', gte: '6' }] }), '/billing_thresholds/usage_gte/1/metric');
      await refused(patch({}), '/billing_thresholds');
      const schema = await patch({ usage_gte: [{ metric: 'events', gte: 'lots' }] });
      assert.equal(schema.status, 400);
      assert.deepEqual((await subscriptions()).map((row) => row.billing_thresholds), [patched.billing_thresholds]);
    });

    it('restarts the billing cycle at a threshold with reset_billing_cycle: the cut period billed so far, its fee credited, the new cycle in advance', async () => {
      await createMetrics(t, [{ code: 'uploads', aggregation: 'sum', property: 'n' }]);
      // A 10.00 monthly fee; uploads: 1,000 free, then 0.01 up to 5,000, then 0.005.
      const tiers = [{ up_to: '1000', unit_amount: '0' }, { up_to: '5000', unit_amount: '0.01' }, { up_to: null, unit_amount: '0.005' }];
      const plan = await createUsagePlan(t, { code: 'resetting', metrics: ['uploads'], pricings: { uploads: { model: 'graduated', tiers } } });
      const clock = await newClock('2026-04-01T00:00:00Z');
      const customer = await createCustomer(t, { test_clock: clock.id });
      // A weighted_sum metric's period cannot be cut yet: refused, nothing created.
      await createMetrics(t, [{ code: 'disk', aggregation: 'weighted_sum', property: 'gb' }]);
      const weighted = await createUsagePlan(t, { code: 'disk', metrics: ['disk'] });
      const refusedReset = await t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: weighted.id, billing_thresholds: { amount_gte: '5', reset_billing_cycle: true } } });
      assert.deepEqual([refusedReset.status, refusedReset.body.error.code, refusedReset.body.error.path], [400, 'INVALID_ARGUMENT', '/billing_thresholds/reset_billing_cycle']);
      assert.deepEqual((await expectStatus(t.call('GET', `/v1/subscriptions?customer=${customer.id}`), 200)).data, []);
      const created = await subscribe({ customer: customer.id, plan: plan.id, billing_thresholds: { usage_gte: [{ metric: 'uploads', gte: '2000' }], reset_billing_cycle: true } });
      assert.deepEqual(created.billing_thresholds, { amount_gte: null, usage_gte: [{ metric: 'uploads', gte: '2000' }], reset_billing_cycle: true });
      const uploads = (id, timestamp, n) => ({ id, customer: customer.id, metric: 'uploads', timestamp, properties: { n } });
      const shown = async () => expectStatus(t.call('GET', `/v1/subscriptions/${created.id}`), 200);
      const usageOf = async (start, end) => (await usage.usageForPeriod(t.services.db, t.services, { subscriptionId: created.id, metric: 'uploads', period: { start, end } })).aggregate.value;
      const kinds = (invoice) => invoice.lines.map((line) => [line.kind, line.amount]);

      // April 11: 2,500 uploads of April 5 reach 2,000. The cycle restarts at April 11: April's
      // usage so far, 1,500 × 0.01 = 15.00; the unused 20 of April's 30 days of its fee credited,
      // −10.00 × 20/30 = −6.67; the new cycle's fee (April 11 to May 11) 10.00. 18.33.
      await advance(clock, '2026-04-11T00:00:00Z');
      await sendBatch(t, [uploads('u1', '2026-04-05T00:00:00Z', '2500')]);
      await mergeAll(t);
      const [reset] = (await checkAllThresholds(t.services)).invoices;
      const resetShown = await expectStatus(t.call('GET', `/v1/invoices/${reset.id}`), 200);
      assert.deepEqual([resetShown.billing_reason, resetShown.total, resetShown.period_start, resetShown.period_end],
        ['subscription_threshold', '18.33', '2026-04-11T00:00:00.000Z', '2026-05-11T00:00:00.000Z']);
      assert.deepEqual(kinds(resetShown), [['fixed', '10.00'], ['usage', '15.00'], ['proration', '-6.67']]);
      const restarted = await shown();
      assert.deepEqual([restarted.current_period_start, restarted.current_period_end, restarted.pending_prorations],
        ['2026-04-11T00:00:00.000Z', '2026-05-11T00:00:00.000Z', []]);
      assert.deepEqual((await checkAllThresholds(t.services)).invoices, []); // nothing left to reach it

      // After the reset, 500 uploads count in the new period; 1,000 late ones of April 8 in the
      // cut one: April's 3,500 cost 25.00, 10.00 more than billed.
      await advance(clock, '2026-04-20T00:00:00Z');
      await sendBatch(t, [uploads('u2', '2026-04-15T00:00:00Z', '500'), uploads('u3', '2026-04-08T00:00:00Z', '1000')]);
      await mergeAll(t);
      assert.deepEqual([await usageOf('2026-04-11T00:00:00.000Z', '2026-05-11T00:00:00.000Z'), await usageOf('2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z')], ['500', '3500']);
      assert.deepEqual((await checkAllThresholds(t.services)).invoices, []); // the late 1,000 are the cut period's, not the open one's

      // May 1, the old cycle's end, bills nothing; May 11 bills the new cycle: its fee 10.00, the
      // 500 uploads (free tier) 0.00, April's late 10.00. 20.00.
      await advance(clock, '2026-05-01T00:00:00Z');
      await bill();
      assert.deepEqual(await totals(customer), ['10.00', '18.33']);
      await advance(clock, '2026-05-11T00:00:00Z');
      await bill();
      const may = (await invoicesOf(customer)).at(-1);
      assert.deepEqual([may.billing_reason, may.period_start, kinds(may)], ['subscription_cycle', '2026-05-11T00:00:00.000Z', [['fixed', '10.00'], ['usage', '0.00'], ['late_usage', '10.00']]]);
      assert.deepEqual(await totals(customer), ['10.00', '18.33', '20.00']);
    });

    it('counts a late event of a period an interval switch cut short in that period, not in one the new schedule makes up', async () => {
      await createMetrics(t, [{ code: 'exports', aggregation: 'sum', property: 'n' }]);
      const monthly = await createUsagePlan(t, { code: 'exports-monthly', metrics: ['exports'] });
      const product = await expectStatus(t.call('POST', '/v1/products', { body: { name: 'Exports yearly' } }), 201);
      const yearly = (body) => expectStatus(t.call('POST', '/v1/prices', { body: { product: product.id, currency: 'USD', interval: 'year', ...body } }), 201);
      const prices = [await yearly({ type: 'recurring', pricing: { model: 'flat', amount: '120.00' } }), await yearly({ type: 'usage', metric: 'exports', pricing: { model: 'per_unit', unit_amount: '1.00' } })];
      const annual = await expectStatus(t.call('POST', '/v1/plans', {
        body: { code: 'exports-annual', name: 'Exports yearly', product: product.id, currency: 'USD', interval: 'year', prices: prices.map((p) => p.id) },
      }), 201);
      const clock = await newClock('2026-01-01T00:00:00Z');
      const customer = await createCustomer(t, { test_clock: clock.id });
      const subscription = await subscribe({ customer: customer.id, plan: monthly.id });
      const exports = (id, timestamp, n) => ({ id, customer: customer.id, metric: 'exports', timestamp, properties: { n } });
      const usageOf = async (start, end) => (await usage.usageForPeriod(t.services.db, t.services, { subscriptionId: subscription.id, metric: 'exports', period: { start, end } })).aggregate.value;
      await advance(clock, '2026-02-01T00:00:00Z');
      await bill();
      // Switched to annual on February 10: the cycle restarts there; February (1 to March 1) is cut.
      await advance(clock, '2026-02-10T00:00:00Z');
      await expectStatus(t.call('POST', `/v1/subscriptions/${subscription.id}/change`, { body: { plan: annual.id } }), 200);
      // 3 exports of February 5 arrive late: they count in February, not in January (the new
      // schedule's made-up period from the start to the switch begins January 1).
      await sendBatch(t, [exports('x1', '2026-02-05T00:00:00Z', '3')]);
      await mergeAll(t);
      assert.deepEqual([await usageOf('2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'), await usageOf('2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z')], ['0', '3']);
      // March 1 bills February in arrears with them: 3 × 1.00 = 3.00; the year from February 10
      // in advance, 120.00; February's unused 19 of 28 days credited, −10.00 × 19/28 = −6.79. 116.21.
      await advance(clock, '2026-03-01T00:00:00Z');
      await bill();
      const march = (await invoicesOf(customer)).at(-1);
      assert.deepEqual([march.total, march.lines.map((line) => [line.kind, line.amount])], ['116.21', [['fixed', '120.00'], ['usage', '3.00'], ['proration', '-6.79']]]);
    });

    it('counts what threshold invoices billed in the minimum commitment, at the period end and for late usage after it', async () => {
      await createMetrics(t, [{ code: 'jobs', aggregation: 'sum', property: 'n' }]);
      const product = await expectStatus(t.call('POST', '/v1/products', { body: { name: 'Jobs' } }), 201);
      const price = (body) => expectStatus(t.call('POST', '/v1/prices', { body: { product: product.id, currency: 'USD', interval: 'month', ...body } }), 201);
      const prices = [
        await price({ type: 'recurring', pricing: { model: 'flat', amount: '10.00' } }),
        await price({ type: 'usage', metric: 'jobs', pricing: { model: 'graduated', tiers: [{ up_to: '1000', unit_amount: '0' }, { up_to: null, unit_amount: '0.01' }] } }),
      ];
      const plan = await expectStatus(t.call('POST', '/v1/plans', {
        body: { code: 'jobs', name: 'Jobs', product: product.id, currency: 'USD', interval: 'month', prices: prices.map((p) => p.id), minimum_amount: '60.00' },
      }), 201);
      const clock = await newClock('2026-02-01T00:00:00Z');
      const customer = await createCustomer(t, { test_clock: clock.id });
      await subscribe({ customer: customer.id, plan: plan.id, billing_thresholds: { usage_gte: [{ metric: 'jobs', gte: '2000' }] } });
      const jobs = (id, timestamp, n) => ({ id, customer: customer.id, metric: 'jobs', timestamp, properties: { n } });
      const kinds = (invoice) => invoice.lines.map((line) => [line.kind, line.amount]);
      await advance(clock, '2026-02-10T00:00:00Z');
      await sendBatch(t, [jobs('j1', '2026-02-05T00:00:00Z', '2500')]);
      await mergeAll(t);
      const [early] = (await checkAllThresholds(t.services)).invoices;
      assert.equal(early.total, '15.00'); // 1,500 × 0.01
      await advance(clock, '2026-02-20T00:00:00Z');
      await sendBatch(t, [jobs('j2', '2026-02-15T00:00:00Z', '500')]);
      await advance(clock, '2026-03-01T00:00:00Z');
      await bill();
      // February: 3,000 jobs cost 20.00 (15.00 early, 5.00 now); spend 10.00 + 20.00 = 30.00 <
      // 60.00: true-up 30.00 (not 50.00: the threshold invoice's 15.00 counts). 10 + 30 + 5 = 45.00.
      const march = (await invoicesOf(customer)).at(-1);
      assert.deepEqual(kinds(march), [['fixed', '10.00'], ['minimum_commitment_true_up', '30.00'], ['late_usage', '5.00']]);
      // 1,000 late February jobs: 4,000 cost 30.00, 10.00 more; February's spend 30.00 → 40.00:
      // its true-up goes 30.00 → 20.00. April also bills March (nothing used: true-up 50.00).
      await advance(clock, '2026-03-03T00:00:00Z');
      await sendBatch(t, [jobs('j3', '2026-02-27T00:00:00Z', '1000')]);
      await advance(clock, '2026-04-01T00:00:00Z');
      await bill();
      const april = (await invoicesOf(customer)).at(-1);
      assert.deepEqual(kinds(april), [['fixed', '10.00'], ['usage', '0.00'], ['minimum_commitment_true_up', '50.00'], ['late_usage', '10.00'], ['late_usage_true_up', '-10.00']]);
    });
  });
}
