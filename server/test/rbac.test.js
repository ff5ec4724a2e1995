'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');

// Who may call each route, written out independently of src/auth/roles.js: A admin, B billing,
// S support, P provisioning, K a publishable key (rcpk_), C a customer portal session (on its own customer's objects),
// L an invoice's hosted link (rcin_, on its own invoice; without a valid one these routes answer 404).
// The test fails when the app has a route this table does not list, so no new route goes
// unchecked.
const EXPECTED_ACCESS = {
  'POST /v1/api_keys': 'A',
  'GET /v1/api_keys': 'A',
  'GET /v1/api_keys/:id': 'A',
  'POST /v1/api_keys/:id/revoke': 'A',
  'POST /v1/portal_sessions': 'AB',
  'POST /v1/portal_sessions/:id/revoke': 'ABC',
  'POST /v1/products': 'AB',
  'GET /v1/products': 'ABSPC',
  'GET /v1/products/:id': 'ABSPC',
  'PATCH /v1/products/:id': 'AB',
  'POST /v1/prices': 'AB',
  'GET /v1/prices': 'ABSPC',
  'GET /v1/prices/:id': 'ABSPC',
  'PATCH /v1/prices/:id': 'AB',
  'POST /v1/prices/:id/preview': 'ABSPC',
  'POST /v1/plans': 'AB',
  'GET /v1/plans': 'ABSPC',
  'GET /v1/plans/:id': 'ABSPC',
  'PATCH /v1/plans/:id': 'AB',
  'POST /v1/add_ons': 'AB',
  'GET /v1/add_ons': 'ABSPC',
  'GET /v1/add_ons/:id': 'ABSPC',
  'PATCH /v1/add_ons/:id': 'AB',
  'POST /v1/coupons': 'AB',
  'GET /v1/coupons': 'ABSP',
  'GET /v1/coupons/:id': 'ABSP',
  'PATCH /v1/coupons/:id': 'AB',
  'POST /v1/customers': 'AB',
  'GET /v1/customers': 'ABS',
  'GET /v1/customers/:id': 'ABSC',
  'PATCH /v1/customers/:id': 'ABC',
  'GET /v1/events': 'ABS',
  'GET /v1/events/:id': 'ABS',
  'GET /v1/reports/mrr': 'ABS',
  'GET /v1/reports/mrr_movements': 'ABS',
  'GET /v1/reports/mrr_movements_monthly': 'ABS',
  'GET /v1/reports/mrr_rates': 'ABS',
  'GET /v1/reports/mrr_cohorts': 'ABS',
  'GET /v1/what_if/inputs': 'ABS',
  'POST /v1/reports/mrr/snapshots': 'AB',
  'GET /v1/reports/revenue_recognition': 'ABS',
  'GET /v1/reports/deferred_revenue': 'ABS',
  'GET /v1/reports/journal_entries': 'ABS',
  'POST /v1/fx_rates': 'AB',
  'POST /v1/fx_rates/import': 'AB',
  'GET /v1/fx_rates': 'ABS',
  'GET /v1/jobs': 'A',
  'GET /v1/jobs/:id': 'A',
  'POST /v1/jobs/:id/retry': 'A',
  'POST /v1/test_clocks': 'AB',
  'GET /v1/test_clocks': 'ABS',
  'GET /v1/test_clocks/:id': 'ABS',
  'POST /v1/test_clocks/:id/advance': 'AB',
  'POST /v1/subscriptions': 'AB',
  'GET /v1/subscriptions': 'ABSPC',
  'GET /v1/subscriptions/:id': 'ABSPC',
  'POST /v1/subscriptions/:id/preview_change': 'ABSPC',
  'POST /v1/subscriptions/:id/change': 'ABC',
  'POST /v1/subscriptions/:id/cancel': 'ABC',
  'POST /v1/subscriptions/:id/scheduled_changes/:change_id/replace': 'ABC',
  'POST /v1/plan_migrations': 'AB',
  'POST /v1/plan_migrations/dry_run': 'ABSP',
  'GET /v1/plan_migrations/:id': 'ABSP',
  'POST /v1/subscriptions/:id/scheduled_changes/:change_id/release': 'ABC',
  'PATCH /v1/subscriptions/:id': 'AB',
  'POST /v1/subscriptions/:id/pause': 'AB',
  'POST /v1/subscriptions/:id/resume': 'AB',
  'GET /v1/mail_templates': 'ABS',
  'GET /v1/mail_messages': 'ABS',
  'GET /v1/mail_messages/:id': 'ABS',
  'POST /v1/mail_messages': 'AB',
  'POST /v1/mail_messages/:id/retry': 'AB',
  'POST /v1/webhook_endpoints': 'A',
  'GET /v1/webhook_endpoints': 'ABS',
  'GET /v1/webhook_endpoints/:id': 'ABS',
  'PATCH /v1/webhook_endpoints/:id': 'A',
  'DELETE /v1/webhook_endpoints/:id': 'A',
  'POST /v1/webhook_endpoints/:id/rotate_secret': 'A',
  'GET /v1/webhook_endpoints/:id/secret': 'A',
  'POST /v1/webhook_endpoints/:id/disable': 'A',
  'POST /v1/webhook_endpoints/:id/enable': 'A',
  'GET /v1/webhook_endpoints/:id/deliveries': 'ABS',
  'GET /v1/webhook_deliveries/:id': 'ABS',
  'POST /v1/webhook_deliveries/:id/replay': 'A',
  'POST /v1/metrics': 'AB',
  'GET /v1/metrics': 'ABSPC',
  'GET /v1/metrics/:id': 'ABSPC',
  'PATCH /v1/metrics/:id': 'AB',
  'POST /v1/usage_events': 'AB',
  'GET /v1/usage_events': 'ABSP',
  'GET /v1/usage_events/:id': 'ABSP',
  'POST /v1/usage_events/:id/void': 'AB',
  'GET /v1/usage/status': 'ABSP',
  'GET /v1/customers/:id/usage': 'ABSPC',
  'GET /v1/customers/:id/usage/daily': 'ABSPC',
  'GET /v1/entitlements/check': 'ABSP',
  'GET /v1/customers/:id/entitlements': 'ABSPC',
  'GET /v1/entitlements/snapshot': 'ABSP',
  'GET /v1/entitlements/signing_keys': 'ABSP',
  'GET /v1/plans/:id/entitlements': 'ABSP',
  'PUT /v1/plans/:id/entitlements': 'ABP',
  'GET /v1/add_ons/:id/entitlements': 'ABSP',
  'PUT /v1/add_ons/:id/entitlements': 'ABP',
  'GET /v1/customers/:id/entitlement_overrides': 'ABSP',
  'PUT /v1/customers/:id/entitlement_overrides': 'ABP',
  'GET /v1/customers/:id/entitlement_grants': 'ABSP',
  'POST /v1/customers/:id/entitlement_grants': 'ABP',
  'POST /v1/customers/:id/entitlement_grants/:grant_id/void': 'ABP',
  'GET /v1/customers/:id/account': 'ABSPC',
  'GET /v1/customers/:id/accounts': 'ABSPC',
  'GET /v1/customers/:id/account/users': 'ABSPC',
  'POST /v1/customers/:id/account/users': 'APC',
  'PATCH /v1/customers/:id/account/users/:user_id': 'APC',
  'POST /v1/customers/:id/account/users/:user_id/remove': 'APC',
  'GET /v1/customers/:id/seats': 'ABSPC',
  'POST /v1/customers/:id/seats/assign': 'APC',
  'POST /v1/customers/:id/seats/unassign': 'APC',
  'POST /v1/customers/:id/seats/transfer': 'APC',
  'GET /v1/customers/:id/access_keys': 'ABSPC',
  'POST /v1/customers/:id/access_keys': 'APC',
  'POST /v1/customers/:id/access_keys/:key_id/rotate': 'APC',
  'POST /v1/customers/:id/access_keys/:key_id/revoke': 'APC',
  'POST /v1/orders': 'AP',
  'GET /v1/orders': 'ABSP',
  'GET /v1/orders/:id': 'ABSP',
  'POST /v1/orders/:id/retry': 'AP',
  'POST /v1/orders/:id/cancel': 'AP',
  'POST /v1/orders/:id/reveal_access_key': 'AP',
  'PUT /v1/provisioning_targets/:name': 'AP',
  'GET /v1/provisioning_targets': 'ABSP',
  'GET /v1/provisioning_targets/:name/health': 'ABSP',
  'GET /v1/customers/:id/timeline': 'ABS',
  'GET /v1/payment_routing': 'ABS',
  'PUT /v1/payment_routing': 'AB',
  'GET /v1/payment_routing/versions/:version': 'ABS',
  'POST /v1/customers/:id/payment_methods': 'ABC',
  'GET /v1/customers/:id/payment_methods': 'ABSC',
  'POST /v1/customers/:id/payment_methods/:payment_method/verify': 'ABC',
  'POST /v1/customers/:id/payment_methods/:payment_method/default': 'ABC',
  'DELETE /v1/customers/:id/payment_methods/:payment_method': 'ABC',
  'POST /v1/payments': 'AB',
  'GET /v1/payments': 'ABS',
  'GET /v1/payments/:id': 'ABS',
  'POST /v1/payments/:id/confirm': 'AB',
  'POST /v1/payments/:id/refunds': 'AB',
  'GET /v1/payments/:id/refunds': 'ABS',
  'POST /v1/payments/:id/capture': 'AB',
  'POST /v1/payments/:id/cancel': 'AB',
  'GET /v1/disputes': 'ABS',
  'GET /v1/disputes/:id': 'ABS',
  'POST /v1/disputes/:id/evidence': 'AB',
  'POST /v1/received_payments': 'AB',
  'GET /v1/received_payments/:id': 'ABS',
  'POST /v1/received_payments/:id/match': 'AB',
  'POST /v1/received_payments/:id/unmatch': 'AB',
  'POST /v1/reconciliation/imports': 'AB',
  'GET /v1/reconciliation/imports/:id': 'ABS',
  'GET /v1/reconciliation': 'ABS',
  'POST /v1/subscriptions/:id/reactivate': 'ABC',
  'POST /v1/checkout_sessions': 'ABK',
  'GET /v1/checkout_sessions/:id': 'ABSK',
  'POST /v1/checkout_sessions/:id/coupon': 'ABK',
  'POST /v1/checkout_sessions/:id/complete': 'ABK',
  'POST /v1/checkout_sessions/:id/confirm_payment': 'ABK',
  'GET /v1/seller_settings': 'ABS',
  'PATCH /v1/seller_settings': 'AB',
  'PUT /v1/seller_settings/logo': 'AB',
  'DELETE /v1/seller_settings/logo': 'AB',
  'POST /v1/invoices': 'AB',
  'GET /v1/invoices': 'ABSC',
  'GET /v1/hosted_invoice': 'L',
  'GET /v1/hosted_invoice/pdf': 'L',
  'POST /v1/hosted_invoice/pay': 'L',
  'POST /v1/hosted_invoice/confirm_payment': 'L',
  'POST /v1/hosted_invoice/default_card': 'L',
  'POST /v1/hosted_invoice/verify_bank_account': 'L',
  'GET /v1/invoices/upcoming': 'ABS',
  'POST /v1/invoices/upcoming': 'ABSC',
  'GET /v1/invoices/:id': 'ABS',
  'POST /v1/invoices/:id/lines': 'AB',
  'POST /v1/invoices/:id/finalize': 'AB',
  'POST /v1/invoices/:id/pay': 'AB',
  'POST /v1/invoices/:id/void': 'AB',
  'POST /v1/invoices/:id/mark_uncollectible': 'AB',
  'POST /v1/invoices/:id/verify': 'ABS',
  'POST /v1/billing_runs': 'AB',
  'GET /v1/billing_runs': 'ABS',
  'GET /v1/billing_runs/:id': 'ABS',
  'GET /v1/plans/:id/dunning_policy': 'ABS',
  'PUT /v1/plans/:id/dunning_policy': 'AB',
  'GET /v1/invoices/:id/dunning': 'ABS',
  'GET /v1/dunning_cases': 'ABS',
  'GET /v1/fraud_rules': 'ABS',
  'PUT /v1/fraud_rules': 'AB',
  'GET /v1/fraud_rules/versions/:version': 'ABS',
  'POST /v1/fraud_rules/dry_run': 'ABS',
  'GET /v1/fraud_decisions': 'ABS',
  'GET /v1/fraud_decisions/:id': 'ABS',
  'POST /v1/fraud_decisions/:id/approve': 'AB',
  'POST /v1/fraud_decisions/:id/reject': 'AB',
  // Credit notes, customer balance, credit grants, documents, exports.
  'POST /v1/credit_notes': 'AB',
  'GET /v1/credit_notes': 'ABS',
  'GET /v1/credit_notes/:id': 'ABS',
  'GET /v1/customers/:id/balance': 'ABS',
  'GET /v1/customers/:id/balance_transactions': 'ABS',
  'POST /v1/customers/:id/balance_transactions': 'AB',
  'POST /v1/customers/:id/credit_grants': 'AB',
  'GET /v1/customers/:id/credit_grants': 'ABS',
  'POST /v1/credit_grants/:id/void': 'AB',
  'GET /v1/invoices/:id/pdf': 'ABSC',
  'GET /v1/invoices/:id/html': 'ABS',
  'GET /v1/credit_notes/:id/pdf': 'ABS',
  'GET /v1/credit_notes/:id/html': 'ABS',
  'GET /v1/exports/invoices.csv': 'ABS',
  'GET /v1/exports/invoice_lines.csv': 'ABS',
  'GET /v1/exports/credit_notes.csv': 'ABS',
  'POST /v1/workflows': 'A',
  'GET /v1/workflows': 'ABSP',
  'GET /v1/workflows/:id': 'ABSP',
  'PATCH /v1/workflows/:id': 'A',
  'DELETE /v1/workflows/:id': 'A',
  'GET /v1/workflows/:id/versions': 'ABSP',
  'POST /v1/workflows/:id/dry_run': 'ABSP',
  'GET /v1/workflow_runs': 'ABSP',
  'GET /v1/workflow_runs/:id': 'ABSP',
  'GET /v1/audit_log': 'A',
  'GET /v1/audit_log/:id': 'A',
  'POST /v1/operators': 'A',
  'GET /v1/operators': 'A',
  'GET /v1/operators/:id': 'A',
  'PATCH /v1/operators/:id': 'A',
  'POST /v1/operators/:id/disable': 'A',
  'GET /v1/customers/:id/export': 'AS',
  'GET /v1/customers/:id/export.csv': 'AS',
  'POST /v1/customers/:id/erase': 'A',
};

const ROLE_LETTERS = { admin: 'A', billing: 'B', support: 'S', provisioning: 'P', publishable: 'K' };

for (const backend of BACKENDS) {
  describe(`access control [${backend}]`, () => {
    let t;
    let clock;
    let routes;
    before(async () => {
      clock = manualClock('2026-05-01T10:00:00.000Z');
      t = await startTestServer(backend, { clock });
      routes = t.app.apiRoutes.map((r) => `${r.method} ${r.url}`);
    });
    after(() => t.close());

    it('lists every route of the app in the expected-access table, and nothing else', () => {
      assert.deepEqual([...routes].sort(), Object.keys(EXPECTED_ACCESS).sort());
    });

    it('refuses every route without a credential, or with a malformed, unknown or revoked one (401)', async () => {
      const revoked = await expectStatus(t.call('POST', '/v1/api_keys', { body: { name: 'to revoke', role: 'billing' } }), 201);
      await expectStatus(t.call('POST', `/v1/api_keys/${revoked.id}/revoke`), 200);
      const forged = `${t.keys.admin.slice(0, -4)}0000`;
      for (const route of routes) {
        const [method, url] = route.split(' ');
        for (const key of [null, 'not-a-key', forged, revoked.secret]) {
          const response = await t.call(method, url.replace(':id', 'x_missing'), { key, body: method === 'GET' ? undefined : {} });
          const [status, code] = EXPECTED_ACCESS[route] === 'L' ? [404, 'NOT_FOUND'] : [401, 'UNAUTHENTICATED'];
          assert.equal(response.status, status, `${route} with ${key ? 'a bad' : 'no'} key: ${JSON.stringify(response.body)}`);
          assert.equal(response.body.error.code, code);
        }
      }
    });

    it('walks every route with every role: allowed roles get past the check, others get 403', async () => {
      for (const route of routes) {
        const [method, url] = route.split(' ');
        for (const [role, letter] of Object.entries(ROLE_LETTERS)) {
          const response = await t.call(method, url.replace(':id', 'x_missing'), {
            key: t.keys[role], body: method === 'GET' ? undefined : {},
          });
          if (EXPECTED_ACCESS[route].includes(letter)) {
            assert.ok(![401, 403].includes(response.status), `${role} should reach ${route}, got ${response.status} ${JSON.stringify(response.body)}`);
          } else {
            assert.equal(response.status, 403, `${role} must not reach ${route}, got ${response.status}`);
            assert.equal(response.body.error.code, 'FORBIDDEN');
          }
        }
      }
    });

    it('walks every route with a portal session: only portal routes, only its own customer', async () => {
      const own = await createCustomer(t, { name: 'Own' });
      const other = await createCustomer(t, { name: 'Other' });
      const session = await expectStatus(t.call('POST', '/v1/portal_sessions', { key: t.keys.billing, body: { customer: own.id } }), 201);
      assert.match(session.token, /^rcps_/);
      for (const route of routes) {
        const [method, url] = route.split(' ');
        const response = await t.call(method, url.replace(':id', 'x_missing'), { key: session.token, body: method === 'GET' ? undefined : {} });
        if (EXPECTED_ACCESS[route].includes('C')) {
          assert.ok(![401, 403].includes(response.status), `portal should reach ${route}, got ${response.status}`);
        } else {
          assert.equal(response.status, 403, `portal must not reach ${route}, got ${response.status}`);
        }
      }
      const mine = await expectStatus(t.call('GET', `/v1/customers/${own.id}`, { key: session.token }), 200);
      assert.equal(mine.id, own.id);
      await expectError(t.call('GET', `/v1/customers/${other.id}`, { key: session.token }), 404, 'NOT_FOUND');
    });

    it('walks every route with an invoice\'s hosted link: only the hosted invoice routes', async () => {
      const customer = await createCustomer(t);
      const invoice = await expectStatus(t.call('POST', '/v1/invoices', {
        body: { customer: customer.id, collection_method: 'send_invoice', auto_finalize: true, lines: [{ description: 'Walk', unit_amount: '1.00' }] },
      }), 201);
      const { hosted_invoice_url: url } = await expectStatus(t.call('GET', `/v1/invoices/${invoice.id}`), 200);
      const link = url.split('/invoice/')[1];
      assert.match(link, /^rcin_/);
      for (const route of routes) {
        const [method, template] = route.split(' ');
        const response = await t.call(method, template.replace(':id', invoice.id), { key: link, body: method === 'GET' ? undefined : {} });
        if (EXPECTED_ACCESS[route].includes('L')) {
          assert.ok(![401, 403, 404].includes(response.status), `the link should reach ${route}, got ${response.status} ${JSON.stringify(response.body)}`);
        } else {
          assert.equal(response.status, 403, `the link must not reach ${route}, got ${response.status}`);
        }
      }
    });

    it('answers a portal session 404 on every route naming another customer\'s object, and serves its own', async () => {
      const { plan } = await createPlan(t, { code: 'portal-walk', portal: { quantity: { adjustable: true } } });
      const own = await createCustomer(t, { name: 'Own' });
      const other = await createCustomer(t, { name: 'Other' });
      const subscribe = (customer) => expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id } }), 201);
      const mine = await subscribe(own);
      const theirs = await subscribe(other);
      const { token } = await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: own.id } }), 201);
      // A pending change of its own for the scheduled-change routes.
      const pending = (await expectStatus(t.call('POST', `/v1/subscriptions/${mine.id}/change`, { body: { quantity: '5', effective_at: 'period_end' } }), 200))
        .scheduled_changes[0];
      // A body each action accepts; replace, release and cancel come last, in that order, so the other actions still apply;
      // reactivate (which withdraws a cancellation at period end) comes after cancel.
      const bodies = {
        'POST /v1/subscriptions/:id/preview_change': { quantity: '2' },
        'POST /v1/subscriptions/:id/change': { quantity: '2' },
        'POST /v1/subscriptions/:id/scheduled_changes/:change_id/replace': { quantity: '3' },
        'POST /v1/subscriptions/:id/cancel': { at_period_end: true },
        'PATCH /v1/customers/:id': { email: 'own@example.com' },
      };
      const last = ['/replace', '/release', '/cancel', '/reactivate'];
      const rank = (route) => last.findIndex((ending) => route.endsWith(ending));
      const owned = t.app.apiRoutes.filter((r) => ['own_customer', 'own_subscription'].includes(r.config.portal))
        .map((r) => `${r.method} ${r.url}`).sort((a, b) => rank(a) - rank(b));
      assert.deepEqual([...owned].sort(), [
        'GET /v1/customers/:id', 'GET /v1/customers/:id/usage', 'GET /v1/customers/:id/usage/daily', 'GET /v1/subscriptions/:id', 'PATCH /v1/customers/:id', 'POST /v1/subscriptions/:id/cancel',
        'POST /v1/subscriptions/:id/change', 'POST /v1/subscriptions/:id/preview_change', 'POST /v1/subscriptions/:id/reactivate',
        'POST /v1/subscriptions/:id/scheduled_changes/:change_id/release', 'POST /v1/subscriptions/:id/scheduled_changes/:change_id/replace',
      ]);
      for (const route of owned) {
        const [method, template] = route.split(' ');
        const url = template.replace(':change_id', pending.id);
        const [ownId, otherId] = url.startsWith('/v1/customers') ? [own.id, other.id] : [mine.id, theirs.id];
        const body = method === 'GET' ? undefined : bodies[route];
        await expectError(t.call(method, url.replace(':id', otherId), { key: token, body }), 404, 'NOT_FOUND');
        const allowed = await t.call(method, url.replace(':id', ownId), { key: token, body });
        assert.equal(allowed.status, 200, `${route} on its own object: ${JSON.stringify(allowed.body)}`);
      }
      const untouched = await expectStatus(t.call('GET', `/v1/subscriptions/${theirs.id}`), 200);
      assert.equal(untouched.quantity, '1');
      assert.equal(untouched.cancel_at_period_end, false);
    });

    it('accepts only http and https return URLs for portal sessions', async () => {
      const customer = await createCustomer(t);
      for (const returnUrl of ['javascript:alert(1)', 'data:text/html,hi', 'ftp://example.com/x', 'file:///etc/passwd']) {
        const error = await expectError(t.call('POST', '/v1/portal_sessions', { body: { customer: customer.id, return_url: returnUrl } }),
          400, 'INVALID_ARGUMENT', '/return_url');
        assert.match(error.message, /http or https/);
      }
      for (const returnUrl of ['https://example.com/account', 'http://localhost:3000/back']) {
        const session = await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: customer.id, return_url: returnUrl } }), 201);
        assert.equal(session.return_url, returnUrl);
      }
    });

    it('expires portal sessions', async () => {
      const customer = await createCustomer(t);
      const session = await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: customer.id, ttl_seconds: 300 } }), 201);
      assert.equal(session.expires_at, new Date(clock.now().getTime() + 300000).toISOString());
      await expectStatus(t.call('GET', `/v1/customers/${customer.id}`, { key: session.token }), 200);
      clock.advance(300 * 1000);
      await expectError(t.call('GET', `/v1/customers/${customer.id}`, { key: session.token }), 401, 'UNAUTHENTICATED');
      await expectError(t.call('POST', '/v1/portal_sessions', { body: { customer: customer.id, ttl_seconds: 7200 } }), 400, 'INVALID_ARGUMENT', '/ttl_seconds');
    });

    it('revokes a portal session: an operator at once, or the portal itself to sign out', async () => {
      const customer = await createCustomer(t);
      const open = () => expectStatus(t.call('POST', '/v1/portal_sessions', { key: t.keys.billing, body: { customer: customer.id } }), 201);
      const [first, second] = [await open(), await open()];
      await expectError(t.call('POST', `/v1/portal_sessions/${second.id}/revoke`, { key: first.token }), 404, 'NOT_FOUND');
      const revoked = await expectStatus(t.call('POST', `/v1/portal_sessions/${first.id}/revoke`, { key: t.keys.billing }), 200);
      assert.equal(revoked.revoked_at, clock.now().toISOString());
      assert.equal(revoked.token, undefined);
      await expectError(t.call('GET', `/v1/customers/${customer.id}`, { key: first.token }), 401, 'UNAUTHENTICATED');
      await expectError(t.call('POST', `/v1/portal_sessions/${first.id}/revoke`), 409, 'INVALID_STATE');
      await expectStatus(t.call('POST', `/v1/portal_sessions/${second.id}/revoke`, { key: second.token }), 200);
      await expectError(t.call('GET', `/v1/customers/${customer.id}`, { key: second.token }), 401, 'UNAUTHENTICATED');
      const events = await expectStatus(t.call('GET', `/v1/events?type=portal_session.revoked&customer=${customer.id}`), 200);
      assert.deepEqual(events.data.map((e) => e.data.object.id), [second.id, first.id]);
    });

    it('shows an API key once, stores only its hash, and lists it by prefix', async () => {
      const created = await expectStatus(t.call('POST', '/v1/api_keys', { body: { name: 'CI', role: 'support' } }), 201);
      assert.match(created.secret, /^rcsk_[0-9a-z]{10}_[0-9a-z]{40}$/);
      assert.ok(created.secret.startsWith(`${created.prefix}_`));
      const fetched = await expectStatus(t.call('GET', `/v1/api_keys/${created.id}`), 200);
      assert.equal(fetched.secret, undefined);
      const row = await t.services.db.selectFrom('api_keys').selectAll().where('id', '=', created.id).executeTakeFirst();
      assert.ok(!Object.values(row).some((value) => String(value).includes(created.secret.slice(16))), 'no column holds the secret');
      const works = await t.call('GET', '/v1/products', { key: created.secret });
      assert.equal(works.status, 200);
      await expectError(t.call('POST', '/v1/products', { key: created.secret, body: { name: 'x' } }), 403, 'FORBIDDEN');
    });
  });
}
