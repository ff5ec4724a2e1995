'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { quoteRequest } = require('../src/checkout/quote-request');

// What the checkout page does in the browser, done here with the server's own core: the quote
// of a choice from the session's pinned inputs (the browser's rule is checked against this one
// in tests/js/web.test.js).
function quoteOf(t, session, choice) {
  const pinned = { plans: session.plans, add_ons: session.add_ons, seller: session.seller, coupon: session.coupon };
  const request = quoteRequest({
    customer_id: session.customer, subscription_id: session.subscription, currency: session.currency,
    time_zone: session.time_zone, start_at: session.start_at, pinned,
  }, { add_ons: [], tax: null, quantity: '1', ...choice });
  return t.services.core.run(request);
}

const BILLING = { name: 'Buyer Ltd', email: 'buyer@example.com', country: 'DE', postal_code: '10115' };

for (const backend of BACKENDS) {
  describe(`checkout sessions [${backend}]`, () => {
    let t;
    let clock;
    let publishable;
    let team;
    let teamAnnual;
    before(async () => {
      clock = manualClock('2026-03-10T09:15:42.123Z');
      t = await startTestServer(backend, { clock });
      team = await createPlan(t, { code: 'team', trialDays: 14, pricings: [{ model: 'per_unit', unit_amount: '12.00' }] });
      teamAnnual = await expectStatus(t.call('POST', '/v1/plans', {
        body: {
          code: 'team-annual', name: 'Team annual', product: team.product.id, currency: 'USD', interval: 'year',
          prices: [(await expectStatus(t.call('POST', '/v1/prices', {
            body: { product: team.product.id, currency: 'USD', type: 'recurring', interval: 'year', pricing: { model: 'per_unit', unit_amount: '120.00' } },
          }), 201)).id],
        },
      }), 201);
      await expectStatus(t.call('POST', '/v1/coupons', { body: { code: 'ten', name: '10 % off', percent_off: '10', duration: 'once' } }), 201);
      const key = await expectStatus(t.call('POST', '/v1/api_keys', { body: { name: 'pages', role: 'publishable' } }), 201);
      publishable = key.secret;
    });
    after(() => t.close());

    const open = (body = { plan_code: 'team', time_zone: 'Europe/Berlin' }) => expectStatus(t.call('POST', '/v1/checkout_sessions', { key: publishable, body }), 201);

    it('makes publishable keys rcpk_ keys that reach checkout sessions and nothing else', async () => {
      assert.match(publishable, /^rcpk_[0-9a-z]{10}_[0-9a-z]{40}$/);
      await expectError(t.call('GET', '/v1/plans', { key: publishable }), 403, 'FORBIDDEN');
      await expectError(t.call('GET', '/v1/customers', { key: publishable }), 403, 'FORBIDDEN');
      await open();
    });

    it('pins the start second, the ids to create, the product\'s plans with their items and trial ends, and the seller', async () => {
      const session = await open();
      assert.equal(session.status, 'open');
      assert.equal(session.start_at, '2026-03-10T09:15:42Z');
      assert.match(session.customer, /^cus_/);
      assert.match(session.subscription, /^sub_/);
      assert.deepEqual(session.plans.map((plan) => plan.code).sort(), ['team', 'team-annual']);
      const monthly = session.plans.find((plan) => plan.code === 'team');
      assert.equal(monthly.trial_end, '2026-03-24T09:15:42Z');
      assert.equal(monthly.seats_adjustable, true);
      assert.deepEqual(monthly.items, [{ id: `price:${team.prices[0].id}`, type: 'fixed', price: { model: 'per_unit', unit_amount: '12.00' }, tax_category: 'digital_services' }]);
      assert.deepEqual(session.seller, { country: 'US', region: 'NY', registrations: ['US-NY', 'EU', 'GB'] });
      assert.equal(session.expires_at, '2026-03-10T09:45:42.123Z');
      assert.deepEqual(await expectStatus(t.call('GET', `/v1/checkout_sessions/${session.id}`, { key: publishable }), 200), session);
    });

    it('completes with the quoted hash: the customer and subscription get the pinned ids and start', async () => {
      const session = await open();
      clock.advance(90 * 1000); // the buyer takes a minute and a half
      const choice = { plan: teamAnnual.id, quantity: '3', tax: BILLING };
      const quote = quoteOf(t, session, choice);
      // No trial on the annual plan; the seller collects EU VAT (OSS) from a consumer in Germany: 19 %.
      assert.equal(quote.invoice.total, '428.40');
      assert.deepEqual(quote.invoice.taxes.map((tax) => [tax.jurisdiction, tax.rate, tax.tax_amount]), [['DE', '19', '68.40']]);
      const done = await expectStatus(t.call('POST', `/v1/checkout_sessions/${session.id}/complete`, {
        key: publishable, body: { plan: teamAnnual.id, quantity: '3', billing: BILLING, quote_hash: quote.invoice.content_hash },
      }), 200);
      assert.equal(done.status, 'complete');
      assert.equal(done.quote_hash, quote.invoice.content_hash);
      assert.equal(done.quote.invoice.content_hash, quote.invoice.content_hash);
      const subscription = await expectStatus(t.call('GET', `/v1/subscriptions/${session.subscription}`), 200);
      assert.equal(subscription.customer, session.customer);
      assert.equal(subscription.started_at, '2026-03-10T09:15:42.000Z');
      assert.equal(subscription.quantity, '3');
      const customer = await expectStatus(t.call('GET', `/v1/customers/${session.customer}`), 200);
      assert.equal(customer.timezone, 'Europe/Berlin');
      assert.deepEqual(customer.address, { country: 'DE', postal_code: '10115' });
      await expectError(t.call('POST', `/v1/checkout_sessions/${session.id}/complete`, {
        key: publishable, body: { plan: teamAnnual.id, quantity: '3', billing: BILLING, quote_hash: quote.invoice.content_hash },
      }), 409, 'INVALID_STATE');
    });

    it('refuses a quote the plan no longer gives with the new quote, creates nothing, and completes with the new one', async () => {
      const session = await open();
      const choice = { plan: team.plan.id, quantity: '2', tax: BILLING };
      const shown = quoteOf(t, session, choice);
      await expectStatus(t.call('PATCH', `/v1/plans/${team.plan.id}`, { body: { trial_days: 0 } }), 200);
      const body = { plan: team.plan.id, quantity: '2', billing: BILLING, quote_hash: shown.invoice.content_hash };
      const refused = await t.call('POST', `/v1/checkout_sessions/${session.id}/complete`, { key: publishable, body });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'QUOTE_CHANGED');
      assert.equal(refused.body.error.path, '/quote_hash');
      assert.notEqual(refused.body.quote.invoice.content_hash, shown.invoice.content_hash);
      assert.equal(refused.body.session.plans.find((plan) => plan.plan === team.plan.id).trial_end, null);
      // The refreshed session quotes (as the page does) exactly what the server now computes.
      const requoted = quoteOf(t, refused.body.session, choice);
      assert.equal(requoted.invoice.content_hash, refused.body.quote.invoice.content_hash);
      await expectError(t.call('GET', `/v1/subscriptions/${session.subscription}`), 404, 'NOT_FOUND');
      await expectError(t.call('GET', `/v1/customers/${session.customer}`), 404, 'NOT_FOUND');
      await expectStatus(t.call('POST', `/v1/checkout_sessions/${session.id}/complete`, {
        key: publishable, body: { ...body, quote_hash: requoted.invoice.content_hash },
      }), 200);
      await expectStatus(t.call('PATCH', `/v1/plans/${team.plan.id}`, { body: { trial_days: 14 } }), 200);
    });

    it('checks and pins coupons; the quote carries the discount', async () => {
      const session = await open({ plan: teamAnnual.id });
      await expectError(t.call('POST', `/v1/checkout_sessions/${session.id}/coupon`, { key: publishable, body: { code: 'nope' } }), 400, 'INVALID_ARGUMENT', '/code');
      const withCoupon = await expectStatus(t.call('POST', `/v1/checkout_sessions/${session.id}/coupon`, { key: publishable, body: { code: 'ten' } }), 200);
      assert.equal(withCoupon.coupon.code, 'ten');
      assert.equal(withCoupon.coupon.core.percent_off, '10');
      const quote = quoteOf(t, withCoupon, { plan: teamAnnual.id, quantity: '1' });
      assert.equal(quote.invoice.discount_total, '12.00');
      const removed = await expectStatus(t.call('POST', `/v1/checkout_sessions/${session.id}/coupon`, { key: publishable, body: { code: null } }), 200);
      assert.equal(removed.coupon, null);
    });

    it('refuses an expired session, a plan it does not offer, and bad billing details at their paths', async () => {
      const session = await open({ plan_code: 'team', ttl_seconds: 60 });
      const quote = quoteOf(t, session, { plan: team.plan.id });
      const other = await createPlan(t, { code: 'other' });
      await expectError(t.call('POST', `/v1/checkout_sessions/${session.id}/complete`, {
        key: publishable, body: { plan: other.plan.id, billing: BILLING, quote_hash: quote.invoice.content_hash },
      }), 400, 'INVALID_ARGUMENT', '/plan');
      await expectError(t.call('POST', `/v1/checkout_sessions/${session.id}/complete`, {
        key: publishable, body: { plan: team.plan.id, billing: { ...BILLING, country: 'US' }, quote_hash: quote.invoice.content_hash },
      }), 400, 'MISSING_FIELD', '/billing/region');
      clock.advance(61 * 1000);
      await expectError(t.call('POST', `/v1/checkout_sessions/${session.id}/complete`, {
        key: publishable, body: { plan: team.plan.id, billing: BILLING, quote_hash: quote.invoice.content_hash },
      }), 409, 'INVALID_STATE');
      assert.equal((await expectStatus(t.call('GET', `/v1/checkout_sessions/${session.id}`, { key: publishable }), 200)).status, 'expired');
      await expectError(t.call('POST', '/v1/checkout_sessions', { key: publishable, body: { plan_code: 'team', time_zone: 'Mars/Olympus' } }), 400, 'UNKNOWN_TIME_ZONE', '/time_zone');
    });

    it('prorates a change at the previewed proration_date, within its window only', async () => {
      const plan = (await createPlan(t, { code: 'seats', pricings: [{ model: 'per_unit', unit_amount: '30.00' }], portal: { quantity: { adjustable: true } } })).plan;
      const customer = await createCustomer(t, { timezone: 'America/New_York' });
      const subscription = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id, quantity: '2' } }), 201);
      clock.advance(5 * 24 * 3600 * 1000);
      const portal = (await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: customer.id } }), 201)).token;
      const previewedAt = clock.now().toISOString();
      const preview = await expectStatus(t.call('POST', `/v1/subscriptions/${subscription.id}/preview_change`, {
        key: portal, body: { quantity: '5', proration_date: previewedAt },
      }), 200);
      clock.advance(120 * 1000); // the customer reads the preview for two minutes
      const changed = await expectStatus(t.call('POST', `/v1/subscriptions/${subscription.id}/change`, {
        key: portal, body: { quantity: '5', proration_date: previewedAt },
      }), 200);
      assert.equal(JSON.stringify(changed.pending_prorations), JSON.stringify(preview.proration.lines));
      const future = new Date(clock.now().getTime() + 1000).toISOString();
      await expectError(t.call('POST', `/v1/subscriptions/${subscription.id}/change`, { key: portal, body: { quantity: '6', proration_date: future } }), 400, 'INVALID_ARGUMENT', '/proration_date');
      clock.advance(4 * 60 * 1000); // six minutes after the preview: past the window
      await expectError(t.call('POST', `/v1/subscriptions/${subscription.id}/change`, { key: portal, body: { quantity: '6', proration_date: previewedAt } }), 400, 'INVALID_ARGUMENT', '/proration_date');
    });

    it('lets a portal change its billing details, and nothing else of its customer record', async () => {
      const customer = await createCustomer(t, { timezone: 'Europe/Paris' });
      const portal = (await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: customer.id } }), 201)).token;
      const details = { name: 'New Name SARL', email: 'billing@new.example', address: { line1: '1 rue de Rivoli', city: 'Paris', postal_code: '75001', country: 'FR' }, tax_ids: [{ type: 'eu_vat', value: 'FR12345678901' }] };
      const updated = await expectStatus(t.call('PATCH', `/v1/customers/${customer.id}`, { key: portal, body: details }), 200);
      assert.deepEqual({ name: updated.name, email: updated.email, address: updated.address, tax_ids: updated.tax_ids }, details);
      for (const field of [{ timezone: 'UTC' }, { metadata: { vip: 'yes' } }, { external_id: 'mine' }, { locale: 'fr' }]) {
        await expectError(t.call('PATCH', `/v1/customers/${customer.id}`, { key: portal, body: field }), 403, 'FORBIDDEN', `/${Object.keys(field)[0]}`);
      }
      assert.equal((await expectStatus(t.call('GET', `/v1/customers/${customer.id}`), 200)).timezone, 'Europe/Paris');
    });

    it('lets a portal cancel at period end and resume (reactivate)', async () => {
      const plan = (await createPlan(t, { code: 'resume' })).plan;
      const customer = await createCustomer(t);
      const subscription = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id } }), 201);
      const portal = (await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: customer.id } }), 201)).token;
      await expectError(t.call('POST', `/v1/subscriptions/${subscription.id}/reactivate`, { key: portal }), 409, 'INVALID_STATE');
      const canceling = await expectStatus(t.call('POST', `/v1/subscriptions/${subscription.id}/cancel`, { key: portal, body: { at_period_end: true } }), 200);
      assert.equal(canceling.cancel_at_period_end, true);
      const resumed = await expectStatus(t.call('POST', `/v1/subscriptions/${subscription.id}/reactivate`, { key: portal }), 200);
      assert.equal(resumed.cancel_at_period_end, false);
      assert.equal(resumed.canceled_at, null);
      assert.equal(resumed.status, 'active');
    });
  });
}
