'use strict';
// Privacy: a customer with data in most places Ratecard keeps it (a subscription, an invoice
// and a credit note, mail, usage with properties, a card on file in the real vault, a payment
// with its fraud decision, a provisioned account with a user and a key, a portal session, a
// workflow run, a response kept for an idempotency key) is
// exported as JSON and CSV, refused erasure while subscribed, then erased: a scan of every
// table finds its personal values only in the frozen invoice and credit note, which still
// verify, and the vault no longer has its card.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS } = require('./support/harness');
const { createPlan, expectStatus, expectError } = require('./support/fixtures');
const { startPaymentsServer } = require('./support/payments');
const { startProvisionedApp } = require('./support/provisioned-app');
const { waitFor } = require('./support/wait-for');
const { everyTable } = require('./support/table-scan');
const { quoteRequest } = require('../src/checkout/quote-request');
const { invoiceLinkUrl } = require('../src/invoicing/invoice-links');

// The customer's personal values, each unlikely to occur by chance.
const PERSONAL = {
  name: 'Zofia Privacytest-Qwyx', email: 'zofia.qwyx@example.test', line1: '17 Quillfeather Lane', taxId: 'DE918273645',
  usageValue: 'laptop-qwyx-7731', ip: '203.0.113.77', phone: '+49 30 5557731', userName: 'Ulrik Qwyxuser', userEmail: 'ulrik.qwyx@example.test',
};
// Tables where issued documents keep the customer's details, as the law requires.
const FROZEN_TABLES = ['invoices', 'credit_notes', 'documents'];

// The tables (with a row) where any of `values` occurs.
function tablesHolding(tables, values) {
  const found = new Set();
  for (const [table, rows] of Object.entries(tables)) {
    for (const row of rows) if (values.some((value) => row.toLowerCase().includes(value.toLowerCase()))) found.add(table);
  }
  return [...found].sort();
}

for (const backend of BACKENDS) {
  describe(`privacy: export and erasure [${backend}]`, () => {
    let t;
    let app;
    before(async () => {
      t = await startPaymentsServer(backend);
      app = await startProvisionedApp(t);
    });
    after(async () => {
      if (app) await app.stop();
      if (t) await t.close();
    });

    const vaultHas = async (token) => (await fetch(`${t.vault.url}/cards/${token}`, {
      headers: { authorization: `Bearer ${t.services.config.payments.vaultApiKey}` },
    })).status === 200;

    // A customer with a subscription, an invoice, a credit note, mail, usage, a card, a payment,
    // an account with a user and a key, a portal session.
    async function customerWithData() {
      const { plan } = await createPlan(t, { code: `privacy-${Date.now()}` });
      await expectStatus(t.call('PUT', `/v1/plans/${plan.id}/entitlements`, { body: { features: [{ key: 'seats', kind: 'limit', limit: 5 }] } }), 200);
      // A workflow keeps the facts of the event that started it (the customer's metadata among them).
      await expectStatus(t.call('POST', '/v1/workflows', {
        body: { name: `Welcome ${Date.now()}`, trigger: { event: 'customer.created', conditions: [] }, steps: [{ type: 'wait', days: 30 }] },
      }), 201);
      // Created with an idempotency key: the stored response is a copy of the record.
      const customer = await expectStatus(t.call('POST', '/v1/customers', {
        headers: { 'idempotency-key': `privacy-${Date.now()}` },
        body: {
          name: PERSONAL.name, email: PERSONAL.email, currency: 'USD', external_id: `crm-${PERSONAL.email}`,
          address: { line1: PERSONAL.line1, city: 'Qwyxburg', postal_code: '10115', country: 'DE' },
          tax_ids: [{ type: 'eu_vat', value: PERSONAL.taxId }], metadata: { phone: PERSONAL.phone },
        },
      }), 201);
      const card = await t.cardOnFile(customer.id, '4242424242424242', { ip_address: PERSONAL.ip });
      const subscription = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id } }), 201);
      let [invoice] = (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}`), 200)).data;
      if (invoice.status === 'draft') invoice = await expectStatus(t.call('POST', `/v1/invoices/${invoice.id}/finalize`), 200);
      await t.worker.drain();
      const payment = await expectStatus(t.call('POST', '/v1/payments', {
        body: { customer: customer.id, amount: '5.00', currency: 'USD', ip_address: PERSONAL.ip },
      }), 201);
      const note = await expectStatus(t.call('POST', '/v1/credit_notes', { body: { invoice: invoice.id, reason: 'order_change', amount: '1.00' } }), 201);
      const metric = await expectStatus(t.call('POST', '/v1/metrics', {
        body: { code: `tokens-${Date.now()}`, name: 'Tokens', aggregation: 'sum', property: 'tokens' },
      }), 201);
      const usage = await expectStatus(t.call('POST', '/v1/usage_events', {
        body: { events: [1, 2].map((n) => ({
          id: `privacy-${n}`, customer: customer.id, metric: metric.code, timestamp: new Date(Date.parse(subscription.started_at) + (3 - n) * 1000).toISOString(), // after it started, the second first
          properties: { tokens: n * 5, device: PERSONAL.usageValue },
        })) },
      }), 200);
      assert.ok(usage.results.every((result) => result.status === 'accepted'), JSON.stringify(usage));
      await waitFor(async () => {
        await t.worker.drain();
        const aggregate = await t.services.db.selectFrom('usage_aggregates').select('aggregate').where('customer_id', '=', customer.id).executeTakeFirst();
        return aggregate && JSON.parse(aggregate.aggregate).event_count === 2;
      }, 20000, 'the usage to be aggregated');
      // The subscription provisioned the account (through an order); a user and a key join it.
      await waitFor(async () => {
        await t.worker.drain();
        return (await t.call('GET', `/v1/customers/${customer.id}/account`)).body.status === 'active';
      }, 20000, 'the account');
      await expectStatus(t.call('POST', `/v1/customers/${customer.id}/account/users`, { body: { email: PERSONAL.userEmail, name: PERSONAL.userName, seat: false } }), 201);
      const { id: accessKeyId, secret: accessKey } = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/access_keys`, { body: { name: 'Production' } }), 201);
      const portal = await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: customer.id } }), 201);
      await t.worker.drain();
      return { customer, card, subscription, invoice, payment, note, accessKeyId, accessKey, portal };
    }

    it('exports everything, refuses erasure while subscribed, then erases all but the frozen invoices', async () => {
      const data = await customerWithData();
      const { customer } = data;
      const { db } = t.services;

      // The export, as JSON: the objects of each domain, without a secret, hash or token.
      const exported = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/export`), 200);
      assert.equal(exported.customer.name, PERSONAL.name);
      const ids = (kind) => exported[kind].map((object) => object.id);
      assert.deepEqual(ids('subscriptions'), [data.subscription.id]);
      assert.ok(ids('invoices').includes(data.invoice.id));
      assert.deepEqual(ids('credit_notes'), [data.note.id]);
      assert.ok(ids('payments').includes(data.payment.id));
      assert.deepEqual(ids('payment_methods'), [data.card.id]);
      assert.equal(exported.payment_methods[0].card.last4, '4242');
      assert.deepEqual(exported.usage_events.map((event) => event.properties.device), [PERSONAL.usageValue, PERSONAL.usageValue]);
      assert.ok(exported.account_users.some((user) => user.email === PERSONAL.userEmail));
      assert.ok(ids('access_keys').includes(data.accessKeyId));
      const activeKeys = exported.access_keys.filter((key) => key.status === 'active').length;
      assert.ok(exported.orders.length >= 1);
      assert.ok(exported.mail_messages.some((message) => message.to === PERSONAL.email || JSON.stringify(message).includes(PERSONAL.email)));
      assert.deepEqual(ids('portal_sessions'), [data.portal.id]);
      assert.ok(exported.fraud_decisions.some((decision) => JSON.stringify(decision).includes(PERSONAL.ip)));
      assert.ok(exported.events.some((event) => event.type === 'customer.created'));
      assert.equal(exported.workflow_runs[0].facts.metadata.phone, PERSONAL.phone);
      const secrets = [data.accessKey, data.portal.token, data.accessKey.split('_').pop(), data.portal.token.split('_').pop(),
        ...(await db.selectFrom('access_keys').select('secret_hash').execute()).map((row) => row.secret_hash),
        ...(await db.selectFrom('portal_sessions').select('token_hash').execute()).map((row) => row.token_hash),
        ...(await db.selectFrom('api_keys').select('secret_hash').execute()).map((row) => row.secret_hash)];
      const exportText = JSON.stringify(exported);
      for (const secret of secrets) assert.ok(!exportText.includes(secret), `the export holds a secret or hash: ${secret.slice(0, 12)}…`);

      // The export, as CSV: one row per object with its kind; the same objects, no secrets.
      const csv = await t.call('GET', `/v1/customers/${customer.id}/export.csv`);
      assert.equal(csv.status, 200);
      assert.match(csv.headers['content-type'], /^text\/csv/);
      const lines = csv.body.trim().split('\r\n');
      assert.equal(lines[0], 'kind,id,created_at,object');
      const kinds = new Set(lines.slice(1).map((line) => line.split(',')[0]));
      for (const kind of ['customer', 'subscription', 'invoice', 'credit_note', 'payment', 'payment_method', 'usage_event', 'account_user',
        'access_key', 'order', 'mail_message', 'event', 'portal_session', 'fraud_decision', 'workflow_run']) assert.ok(kinds.has(kind), `the CSV has no ${kind}`);
      assert.ok(csv.body.includes(PERSONAL.usageValue) && csv.body.includes(PERSONAL.userEmail));
      for (const secret of secrets) assert.ok(!csv.body.includes(secret), 'the CSV holds a secret or hash');

      // Erasure is refused while a subscription runs, and changes nothing.
      const tablesBefore = await everyTable(t.services.db, t.services.dialect);
      const heldBefore = tablesHolding(tablesBefore, Object.values(PERSONAL));
      for (const table of ['customers', 'events', 'mail_messages', 'usage_events', 'fraud_decisions', 'account_users', 'idempotency_keys', 'invoices', 'workflow_runs', 'audit_log']) {
        assert.ok(heldBefore.includes(table), `the scan finds the personal data in ${table} before the erasure (${heldBefore})`);
      }
      const refused = await expectError(t.call('POST', `/v1/customers/${customer.id}/erase`), 409, 'INVALID_STATE');
      assert.match(refused.message, new RegExp(data.subscription.id));
      // Only the audit log grows: by the refusal's entry.
      const { audit_log: auditAfter, ...tablesAfter } = await everyTable(t.services.db, t.services.dialect);
      const { audit_log: auditBefore, ...unchanged } = tablesBefore;
      assert.deepEqual(tablesAfter, unchanged, 'a refused erasure changed something');
      // Compared as sets: PostgreSQL returns rows in no set order (an entry may fill an earlier page).
      assert.deepEqual(auditAfter.filter((row) => auditBefore.includes(row)).sort(), [...auditBefore].sort());
      const added = auditAfter.filter((row) => !auditBefore.includes(row));
      assert.deepEqual(added.map((row) => [JSON.parse(row).operation_id, JSON.parse(row).outcome]), [['eraseCustomer', 'failed']]);

      // Cancel, then erase while the vault is unreachable: the erasure commits, the vault's
      // deletion waits in a job.
      await expectStatus(t.call('POST', `/v1/subscriptions/${data.subscription.id}/cancel`, { body: { effective_at: 'now' } }), 200);
      await t.worker.drain();
      // A draft invoice would be issued with the erased details: refused until it is voided.
      const draft = await expectStatus(t.call('POST', '/v1/invoices', { body: { customer: customer.id, lines: [{ description: 'Setup', unit_amount: '3.00' }] } }), 201);
      const refusedDraft = await expectError(t.call('POST', `/v1/customers/${customer.id}/erase`), 409, 'INVALID_STATE');
      assert.match(refusedDraft.message, new RegExp(draft.id));
      await expectStatus(t.call('POST', `/v1/invoices/${draft.id}/void`), 200);
      const usageBefore = await db.selectFrom('usage_aggregates').selectAll().where('customer_id', '=', customer.id).orderBy('metric').execute();
      assert.equal(usageBefore.length, 1);
      // The invoice's hosted link opens its page until the erasure.
      const link = (await expectStatus(t.call('GET', `/v1/invoices/${data.invoice.id}`), 200)).hosted_invoice_url;
      const linkToken = new URL(link).pathname.split('/').pop();
      assert.equal((await expectStatus(t.call('GET', '/v1/hosted_invoice', { key: linkToken }), 200)).id, data.invoice.id);
      const links = (await db.selectFrom('invoice_links').select('invoice_id').where('customer_id', '=', customer.id).execute()).length;
      assert.ok(links >= 1);
      const vaultUrl = t.services.config.payments.vaultUrl;
      t.services.config.payments.vaultUrl = 'http://127.0.0.1:1';
      const erasure = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/erase`), 200);
      assert.equal(erasure.customer.name, 'Erased customer');
      assert.equal(erasure.customer.email, null);
      assert.ok(erasure.customer.erased_at);
      assert.deepEqual([erasure.revoked.portal_sessions, erasure.revoked.invoice_links, erasure.revoked.access_keys, erasure.payment_methods_detached], [1, links, activeKeys, 1]);
      // The link opens nothing now (404, like a link never issued), and the invoice shows none.
      await expectError(t.call('GET', '/v1/hosted_invoice', { key: linkToken }), 404, 'NOT_FOUND');
      await expectError(t.call('POST', '/v1/hosted_invoice/pay', { key: linkToken, body: {} }), 404, 'NOT_FOUND');
      assert.equal((await expectStatus(t.call('GET', `/v1/invoices/${data.invoice.id}`), 200)).hosted_invoice_url, null);
      // Mail sent later (an invoice email, a dunning step) issues no new link for it.
      const invoiceRow = await db.selectFrom('invoices').selectAll().where('id', '=', data.invoice.id).executeTakeFirstOrThrow();
      assert.equal(await invoiceLinkUrl(db, t.services, invoiceRow), null);
      assert.equal((await db.selectFrom('invoice_links').select('invoice_id').where('customer_id', '=', customer.id).execute()).length, 0);
      const token = (await db.selectFrom('payment_methods').select('vault_token').where('id', '=', data.card.id).executeTakeFirstOrThrow()).vault_token;
      await t.worker.drain();
      t.services.config.payments.vaultUrl = vaultUrl;
      assert.ok(await vaultHas(token), 'the vault kept the card while it was unreachable');
      await waitFor(async () => {
        await t.worker.drain();
        return !(await vaultHas(token));
      }, 20000, 'the vault to forget the card');

      // Twice: coded; the erased customer gets no subscription, no portal session, no new details.
      await expectError(t.call('POST', `/v1/customers/${customer.id}/erase`), 409, 'INVALID_STATE');
      await expectError(t.call('POST', '/v1/customers/cus_missing/erase'), 404, 'NOT_FOUND');
      await expectError(t.call('GET', '/v1/customers/cus_missing/export'), 404, 'NOT_FOUND');
      await expectError(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: data.subscription.plan } }), 409, 'INVALID_STATE', '/customer');
      await expectError(t.call('POST', '/v1/portal_sessions', { body: { customer: customer.id } }), 409, 'INVALID_STATE', '/customer');
      await expectError(t.call('PATCH', `/v1/customers/${customer.id}`, { body: { email: PERSONAL.email } }), 409, 'INVALID_STATE');
      await expectError(t.call('GET', `/v1/customers/${customer.id}`, { key: data.portal.token }), 401, 'UNAUTHENTICATED');

      // The scan: the personal values remain only in the frozen invoice and credit note (and
      // their documents); the usage aggregates are as they were; the invoice still verifies.
      const tables = await everyTable(t.services.db, t.services.dialect);
      assert.ok(tables.invoices.some((row) => row.includes(PERSONAL.name)), 'the scan reads the frozen invoice');
      const holding = tablesHolding(tables, Object.values(PERSONAL));
      assert.deepEqual(holding.filter((table) => !FROZEN_TABLES.includes(table)), [], `personal data outside the frozen invoices: ${holding}`);
      assert.deepEqual(await db.selectFrom('usage_aggregates').selectAll().where('customer_id', '=', customer.id).orderBy('metric').execute(), usageBefore);
      const events = await db.selectFrom('usage_events').select('properties').where('customer_id', '=', customer.id).orderBy('occurred_at').execute();
      assert.deepEqual(events.map((event) => JSON.parse(event.properties)), [{ tokens: 10 }, { tokens: 5 }]);
      for (const id of [data.invoice.id]) {
        const verified = await expectStatus(t.call('POST', `/v1/invoices/${id}/verify`), 200);
        assert.equal(verified.matches, true);
      }
      const erasedEvent = (await expectStatus(t.call('GET', `/v1/events?type=customer.erased&customer=${customer.id}`), 200)).data;
      assert.equal(erasedEvent.length, 1);
      // The provisioned app got the erased users through the sync jobs (its own records, such
      // as the workspace's name, are its operator's to erase: docs/server.md, "Privacy").
      const account = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/account`), 200);
      const appUsers = JSON.stringify((await app.workspace(account.id)).body.users);
      assert.ok(appUsers.includes('erased.invalid') && !tablesHolding({ app: [appUsers] }, Object.values(PERSONAL)).length, appUsers);
      const after = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/export`), 200);
      assert.equal(after.customer.erased_at, erasure.erased_at);
    });

    it('erases the billing details a checkout session kept of the customer it made', async () => {
      const billing = { name: 'Quentin Qwyxbuyer', email: 'quentin.qwyx@example.test', country: 'DE', postal_code: '10115', tax_id: 'DE552211337' };
      const { plan } = await createPlan(t, { code: `privacy-checkout-${Date.now()}`, trialDays: 14 });
      const publishable = (await expectStatus(t.call('POST', '/v1/api_keys', { body: { name: 'pages', role: 'publishable' } }), 201)).secret;
      const session = await expectStatus(t.call('POST', '/v1/checkout_sessions', { key: publishable, body: { plan: plan.id } }), 201);
      const quote = t.services.core.run(quoteRequest({
        customer_id: session.customer, subscription_id: session.subscription, currency: session.currency, time_zone: session.time_zone,
        start_at: session.start_at, pinned: { plans: session.plans, add_ons: session.add_ons, seller: session.seller, coupon: session.coupon },
      }, { plan: plan.id, add_ons: [], quantity: '1', tax: billing }));
      await expectStatus(t.call('POST', `/v1/checkout_sessions/${session.id}/complete`, {
        key: publishable, body: { plan: plan.id, billing, quote_hash: quote.invoice.content_hash },
      }), 200);
      await t.worker.drain();
      const values = [billing.name, billing.email, billing.tax_id];
      assert.ok(tablesHolding(await everyTable(t.services.db, t.services.dialect), values).includes('checkout_sessions'), 'the session keeps the billing details');

      await expectStatus(t.call('POST', `/v1/subscriptions/${session.subscription}/cancel`, { body: { effective_at: 'now' } }), 200);
      const erasure = await expectStatus(t.call('POST', `/v1/customers/${session.customer}/erase`), 200);
      assert.equal(erasure.scrubbed.checkout_sessions, 1);
      await t.worker.drain();
      const holding = tablesHolding(await everyTable(t.services.db, t.services.dialect), values);
      assert.deepEqual(holding.filter((table) => !FROZEN_TABLES.includes(table)), [], `personal data outside the frozen invoices: ${holding}`);
      const kept = await expectStatus(t.call('GET', `/v1/checkout_sessions/${session.id}`), 200);
      assert.equal(kept.status, 'complete');
    });
  });
}
