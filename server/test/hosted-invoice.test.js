'use strict';
// The hosted invoice page's API and the portal's invoices and cards, over HTTP with the vault
// and both simulated gateways: every finalized invoice has its own unguessable link; the link
// reads that invoice, its PDF, pays it once however often the request is sent, and puts a card
// on file; a wrong link answers 404; a portal session sees only its own invoices and cards.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, logCollector } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { startPaymentsServer } = require('./support/payments');
const { hashSecret } = require('../src/auth/credentials');

const EXPIRY = { exp_month: 12, exp_year: 2040 };

for (const backend of BACKENDS) {
  describe(`hosted invoice page [${backend}]`, () => {
    let t;
    const logs = logCollector();
    before(async () => {
      t = await startPaymentsServer(backend, { logStream: logs.stream, logLevel: 'info' });
    });
    after(async () => {
      if (t) await t.close();
    });

    const issue = async (customer, unitAmount = '40.00') => expectStatus(t.call('POST', '/v1/invoices', {
      body: { customer: customer.id, collection_method: 'send_invoice', auto_finalize: true, lines: [{ description: 'Consulting', unit_amount: unitAmount, quantity: '2' }] },
    }), 201);
    const tokenOf = async (invoice) => {
      const { hosted_invoice_url: url } = await expectStatus(t.call('GET', `/v1/invoices/${invoice.id}`), 200);
      const match = /^http:\/\/localhost:8080\/invoice\/(rcin_[0-9a-z]{10}_[0-9a-z]{40})$/.exec(url);
      assert.ok(match, `a hosted link: ${url}`);
      return match[1];
    };
    const card = async (number) => {
      const { status, body } = await t.vault.tokenize({ number, cvc: '123', ...EXPIRY });
      assert.equal(status, 201);
      return body.token;
    };
    const paymentsOf = async (invoice) => (await expectStatus(t.call('GET', `/v1/payments?invoice=${invoice.id}`), 200)).data;

    it('gives each finalized invoice its own link, kept only as a hash and a sealed copy', async () => {
      const customer = await createCustomer(t);
      const first = await issue(customer);
      const second = await issue(customer);
      const [a, b] = [await tokenOf(first), await tokenOf(second)];
      assert.notEqual(a, b);
      const rows = await t.services.db.selectFrom('invoice_links').selectAll().where('invoice_id', 'in', [first.id, second.id]).execute();
      assert.equal(rows.length, 2);
      const row = rows.find((r) => r.invoice_id === first.id);
      assert.equal(row.token_hash, hashSecret(a));
      assert.ok(!JSON.stringify(rows).includes(a.split('_')[2]), 'the secret part is stored nowhere in clear');
      // A draft has none.
      const draft = await expectStatus(t.call('POST', '/v1/invoices', { body: { customer: customer.id, lines: [{ description: 'Draft', unit_amount: '1.00' }] } }), 201);
      assert.equal((await expectStatus(t.call('GET', `/v1/invoices/${draft.id}`), 200)).hosted_invoice_url, null);
    });

    it('shows the invoice of the link and its PDF; anything else is a 404 that says nothing', async () => {
      const customer = await createCustomer(t, { name: 'Ada Page' });
      const invoice = await issue(customer);
      const token = await tokenOf(invoice);
      const view = await expectStatus(t.call('GET', '/v1/hosted_invoice', { key: token }), 200);
      assert.deepEqual([view.id, view.number, view.status, view.total, view.amount_remaining, view.amount_paid, view.payable, view.customer_name],
        [invoice.id, invoice.number, 'open', '80.00', '80.00', '0.00', true, 'Ada Page']);
      assert.equal(view.lines.length, 1);
      assert.equal(view.vault_url, t.vault.url);

      const pdf = await t.call('GET', '/v1/hosted_invoice/pdf', { key: token });
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.match(pdf.body, /^%PDF-/);

      const wrongSecret = `${token.slice(0, 16)}${token.slice(16).replace(/./g, (c) => (c === 'a' ? 'b' : 'a'))}`;
      for (const key of [wrongSecret, 'rcin_0000000000_0000000000000000000000000000000000000000', 'not-a-token', null]) {
        const error = await expectError(t.call('GET', '/v1/hosted_invoice', { key }), 404, 'NOT_FOUND');
        assert.equal(error.message, 'no invoice at this link');
        await expectError(t.call('POST', '/v1/hosted_invoice/pay', { key, body: {} }), 404, 'NOT_FOUND');
      }
      // The page's address holds the token: logs and the audit log keep only its prefix.
      const secret = token.split('_')[2];
      await t.call('GET', `/invoice/${token}`, { key: null });
      assert.ok(logs.text().includes(`/invoice/${token.split('_').slice(0, 2).join('_')}_[redacted]`), 'the page request is logged, redacted');
      assert.ok(!logs.text().includes(secret), 'no log line holds the secret');
      const audited = await t.services.db.selectFrom('audit_log').selectAll().where('actor_kind', '=', 'invoice_link').execute();
      assert.ok(audited.length > 0);
      assert.ok(!JSON.stringify(audited).includes(secret), 'no audit entry holds the secret');

      // The link opens only the hosted routes, and API keys do not open them.
      await expectError(t.call('GET', `/v1/invoices/${invoice.id}`, { key: token }), 403, 'FORBIDDEN');
      await expectError(t.call('GET', '/v1/hosted_invoice', { key: t.keys.admin }), 403, 'FORBIDDEN');
      await expectError(t.call('POST', '/v1/hosted_invoice/pay', { key: token, body: { vault_token: 'tok_x' } }), 400, 'INVALID_ARGUMENT', '/vault_token');
    });

    it('pays the invoice once, however often the payment is sent', async () => {
      const customer = await createCustomer(t);
      const invoice = await issue(customer);
      const token = await tokenOf(invoice);
      const vaultToken = await card('4242424242424242');
      const pay = (headers = {}) => expectStatus(t.call('POST', '/v1/hosted_invoice/pay', { key: token, body: { vault_token: vaultToken }, headers }), 200);
      const first = await pay({ 'idempotency-key': 'click-1' });
      assert.deepEqual([first.payment.status, first.payment.amount, first.invoice.status, first.invoice.amount_remaining, first.invoice.payable],
        ['succeeded', '80.00', 'paid', '0.00', false]);
      // A retry with the same key replays; another key (a second click), or none, finds the same payment.
      for (const again of [await pay({ 'idempotency-key': 'click-1' }), await pay({ 'idempotency-key': 'click-2' }), await pay()]) {
        assert.equal(again.payment.id, first.payment.id);
      }
      const payments = await paymentsOf(invoice);
      assert.deepEqual(payments.map((p) => [p.id, p.status]), [[first.payment.id, 'succeeded']]);
      const charges = [...await t.gateway('atlas').chargesFor(first.payment.id), ...await t.gateway('beacon').chargesFor(first.payment.id)];
      assert.equal(charges.filter((charge) => charge.status === 'succeeded').length, 1, 'charged exactly once');
      assert.equal((await expectStatus(t.call('GET', `/v1/invoices/${invoice.id}`), 200)).status, 'paid');
      // The card went on file (the customer's first, so the default).
      const methods = (await expectStatus(t.call('GET', `/v1/customers/${customer.id}/payment_methods`), 200)).data;
      assert.deepEqual(methods.map((m) => m.card.last4), ['4242']);
    });

    it('refuses to pay while another payment of the invoice is on its way (here an authorization), and pays once it is canceled', async () => {
      const customer = await createCustomer(t);
      const invoice = await issue(customer);
      const token = await tokenOf(invoice);
      const cardOnFile = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/payment_methods`, { body: { vault_token: await card('4242424242424242') } }), 201);
      const held = await expectStatus(t.call('POST', '/v1/payments', {
        body: { customer: customer.id, amount: '80.00', currency: invoice.currency, invoice: invoice.id, payment_method: cardOnFile.id, capture_method: 'manual' },
      }), 201);
      assert.equal(held.status, 'requires_capture');
      const refused = await expectError(t.call('POST', '/v1/hosted_invoice/pay', { key: token, body: {} }), 409, 'PAYMENT_IN_PROGRESS');
      assert.match(refused.message, new RegExp(held.id));
      // The API too: a part of what the authorization leaves is none; the automatic charge's job would skip.
      await expectError(t.call('POST', '/v1/payments', { body: { customer: customer.id, amount: '0.01', currency: invoice.currency, invoice: invoice.id } }), 409, 'PAYMENT_IN_PROGRESS');
      assert.deepEqual((await paymentsOf(invoice)).map((p) => p.id), [held.id]);

      await expectStatus(t.call('POST', `/v1/payments/${held.id}/cancel`), 200);
      const paid = await expectStatus(t.call('POST', '/v1/hosted_invoice/pay', { key: token, body: {} }), 200);
      assert.deepEqual([paid.payment.status, paid.invoice.status], ['succeeded', 'paid']);
      const charges = [...await t.gateway('atlas').chargesFor(paid.payment.id), ...await t.gateway('beacon').chargesFor(paid.payment.id)];
      assert.equal(charges.filter((charge) => charge.status === 'succeeded').length, 1);
    });

    it('tries again after a decline, and refuses to pay a paid or void invoice', async () => {
      const customer = await createCustomer(t);
      const invoice = await issue(customer, '10.00');
      const token = await tokenOf(invoice);
      const declined = await expectStatus(t.call('POST', '/v1/hosted_invoice/pay', { key: token, body: { vault_token: await card('4000000000000341') } }), 200);
      assert.deepEqual([declined.payment.status, declined.invoice.status, declined.invoice.payable], ['failed', 'open', true]);
      const paid = await expectStatus(t.call('POST', '/v1/hosted_invoice/pay', { key: token, body: { vault_token: await card('4242424242424242') } }), 200);
      assert.notEqual(paid.payment.id, declined.payment.id);
      assert.deepEqual([paid.payment.status, paid.invoice.status], ['succeeded', 'paid']);

      const outOfBand = await issue(customer);
      const outOfBandToken = await tokenOf(outOfBand);
      await expectStatus(t.call('POST', `/v1/invoices/${outOfBand.id}/pay`, { body: { paid_out_of_band: true } }), 200);
      await expectError(t.call('POST', '/v1/hosted_invoice/pay', { key: outOfBandToken, body: {} }), 409, 'INVALID_STATE');
      assert.equal((await paymentsOf(outOfBand)).length, 0);

      const voided = await issue(customer);
      const voidedToken = await tokenOf(voided);
      await expectStatus(t.call('POST', `/v1/invoices/${voided.id}/void`), 200);
      const view = await expectStatus(t.call('GET', '/v1/hosted_invoice', { key: voidedToken }), 200);
      assert.deepEqual([view.status, view.payable, view.amount_remaining], ['void', false, '0.00']);
      await expectError(t.call('POST', '/v1/hosted_invoice/pay', { key: voidedToken, body: { vault_token: await card('4242424242424242') } }), 409, 'INVALID_STATE');
      assert.equal((await paymentsOf(voided)).length, 0);
      // Nor does the link of an invoice no longer payable change the card on file.
      await expectError(t.call('POST', '/v1/hosted_invoice/default_card', { key: voidedToken, body: { vault_token: await card('5555555555554444') } }), 409, 'INVALID_STATE');
      const methods = (await expectStatus(t.call('GET', `/v1/customers/${customer.id}/payment_methods`), 200)).data;
      assert.ok(!methods.some((method) => method.card.last4 === '4444'), 'no card was put on file');
      // The link is a credential: roles that only read invoices do not see it.
      for (const [role, shown] of [['support', false], ['billing', true]]) {
        const read = await expectStatus(t.call('GET', `/v1/invoices/${outOfBand.id}`, { key: t.keys[role] }), 200);
        assert.equal(read.hosted_invoice_url !== null, shown, role);
        const listed = await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}`, { key: t.keys[role] }), 200);
        assert.equal(listed.data.every((one) => (one.hosted_invoice_url !== null) === shown), true, role);
      }
    });

    it('waits for 3-D Secure: passed, the invoice is paid once; failed, another card may be tried', async () => {
      const customer = await createCustomer(t);
      const invoice = await issue(customer, '15.00');
      const token = await tokenOf(invoice);
      const confirm = () => t.call('POST', '/v1/hosted_invoice/confirm_payment', { key: token });
      await expectError(confirm(), 409, 'INVALID_STATE'); // nothing waits for it yet
      const answer = (url, result) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ result }) });

      const refused = await expectStatus(t.call('POST', '/v1/hosted_invoice/pay', { key: token, body: { vault_token: await card('4000002760003184') } }), 200);
      assert.deepEqual([refused.payment.status, refused.payment.next_action.type, refused.invoice.status, refused.invoice.payment_in_progress],
        ['requires_action', 'three_d_secure', 'open', true]);
      assert.equal((await answer(refused.payment.next_action.url, 'fail')).status, 200);
      const failed = await expectStatus(confirm(), 200);
      assert.deepEqual([failed.payment.id, failed.payment.status, failed.payment.failure_code, failed.invoice.status, failed.invoice.payable],
        [refused.payment.id, 'failed', 'authentication_failed', 'open', true]);

      const challenged = await expectStatus(t.call('POST', '/v1/hosted_invoice/pay', { key: token, body: { vault_token: await card('4000002760003184') } }), 200);
      assert.notEqual(challenged.payment.id, refused.payment.id);
      assert.equal(challenged.payment.status, 'requires_action');
      // A page reloaded mid-step reads the waiting payment from the view, and a repeated pay
      // answers it (no second charge).
      const reloaded = await expectStatus(t.call('GET', '/v1/hosted_invoice', { key: token }), 200);
      assert.deepEqual(reloaded.payment_requires_action, {
        id: challenged.payment.id, amount: challenged.payment.amount, currency: 'USD', next_action: challenged.payment.next_action, card: { brand: 'visa', last4: '3184' },
      });
      assert.equal((await expectStatus(t.call('POST', '/v1/hosted_invoice/pay', { key: token, body: {} }), 200)).payment.id, challenged.payment.id);
      assert.equal((await answer(challenged.payment.next_action.url, 'pass')).status, 200);
      const done = await expectStatus(confirm(), 200);
      assert.deepEqual([done.payment.id, done.payment.status, done.payment.next_action, done.invoice.status, done.invoice.amount_remaining],
        [challenged.payment.id, 'succeeded', null, 'paid', '0.00']);
      assert.equal(done.invoice.payment_requires_action, null);
      await expectError(confirm(), 409, 'INVALID_STATE');
      const payments = await paymentsOf(invoice);
      assert.deepEqual(payments.map((p) => p.status).sort(), ['failed', 'succeeded']);
      const charges = [...await t.gateway('atlas').chargesFor(done.payment.id), ...await t.gateway('beacon').chargesFor(done.payment.id)];
      assert.equal(charges.filter((charge) => charge.status === 'succeeded').length, 1, 'charged exactly once');
    });

    it('puts a new default card on file, then pays with the default card', async () => {
      const customer = await createCustomer(t);
      await t.cardOnFile(customer.id, '4242424242424242');
      const invoice = await issue(customer, '5.00');
      const token = await tokenOf(invoice);
      const view = await expectStatus(t.call('POST', '/v1/hosted_invoice/default_card', { key: token, body: { vault_token: await card('5555555555554444') } }), 200);
      assert.equal(view.card_on_file.last4, '4444');
      const methods = (await expectStatus(t.call('GET', `/v1/customers/${customer.id}/payment_methods`), 200)).data;
      assert.deepEqual(methods.map((m) => [m.card.last4, m.default]), [['4242', false], ['4444', true]]);
      const paid = await expectStatus(t.call('POST', '/v1/hosted_invoice/pay', { key: token, body: {} }), 200);
      assert.equal(paid.payment.status, 'succeeded');
      const [payment] = await paymentsOf(invoice);
      assert.equal(payment.payment_method, methods[1].id);
    });

    it('mails the link with the invoice, and links it from a failed payment\'s email', async () => {
      const customer = await createCustomer(t, { email: 'link@example.test' });
      const invoice = await issue(customer);
      const token = await tokenOf(invoice);
      await t.worker.drain();
      const mailOf = (key) => t.services.db.selectFrom('mail_messages').selectAll().where('dedupe_key', '=', key).executeTakeFirstOrThrow();
      const mail = await mailOf(`invoice.issued:${invoice.id}`);
      assert.equal(JSON.parse(mail.data).invoice_url, `http://localhost:8080/invoice/${token}`);
      assert.ok(mail.html_body.includes(`/invoice/${token}`));

      // A declined automatic charge: dunning's email sends the customer to the invoice's page.
      const { plan } = await createPlan(t, { code: 'hosted-dunning', pricings: [{ model: 'per_unit', unit_amount: '12.00' }] });
      const declining = await createCustomer(t, { email: 'declined@example.test' });
      await t.cardOnFile(declining.id, '4000000000000341');
      await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: declining.id, plan: plan.id, quantity: '1' } }), 201);
      const [charged] = (await expectStatus(t.call('GET', `/v1/invoices?customer=${declining.id}`), 200)).data;
      await t.worker.drain();
      const dunning = await mailOf(`dunning:${charged.id}:1`);
      assert.equal(JSON.parse(dunning.data).update_payment_method_url, charged.hosted_invoice_url);
    });

    it('lists a portal session its own finalized invoices with PDFs, and its own cards only', async () => {
      const own = await createCustomer(t);
      const other = await createCustomer(t);
      const mine = await issue(own);
      const theirs = await issue(other);
      await expectStatus(t.call('POST', '/v1/invoices', { body: { customer: own.id, lines: [{ description: 'Draft', unit_amount: '1.00' }] } }), 201);
      const { token } = await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: own.id } }), 201);
      const listed = await expectStatus(t.call('GET', '/v1/invoices', { key: token }), 200);
      assert.deepEqual(listed.data.map((invoice) => invoice.id), [mine.id]);
      assert.match(listed.data[0].hosted_invoice_url, /\/invoice\/rcin_/);
      const filtered = await expectStatus(t.call('GET', `/v1/invoices?customer=${other.id}`, { key: token }), 200);
      assert.deepEqual(filtered.data, []);
      const pdf = await t.call('GET', `/v1/invoices/${mine.id}/pdf`, { key: token });
      assert.equal(pdf.status, 200);
      await expectError(t.call('GET', `/v1/invoices/${theirs.id}/pdf`, { key: token }), 404, 'NOT_FOUND');
      await expectError(t.call('GET', `/v1/invoices/${mine.id}/html`, { key: token }), 403, 'FORBIDDEN');

      const otherCard = await t.cardOnFile(other.id, '4242424242424242');
      await expectError(t.call('GET', `/v1/customers/${other.id}/payment_methods`, { key: token }), 404, 'NOT_FOUND');
      await expectError(t.call('DELETE', `/v1/customers/${own.id}/payment_methods/${otherCard.id}`, { key: token }), 404, 'NOT_FOUND');
      const added = await expectStatus(t.call('POST', `/v1/customers/${own.id}/payment_methods`, { key: token, body: { vault_token: await card('4242424242424242') } }), 201);
      const second = await expectStatus(t.call('POST', `/v1/customers/${own.id}/payment_methods`, { key: token, body: { vault_token: await card('5555555555554444') } }), 201);
      assert.deepEqual([added.default, second.default], [true, false]);
      await expectStatus(t.call('POST', `/v1/customers/${own.id}/payment_methods/${second.id}/default`, { key: token }), 200);
      await expectStatus(t.call('DELETE', `/v1/customers/${own.id}/payment_methods/${added.id}`, { key: token }), 200);
      const methods = (await expectStatus(t.call('GET', `/v1/customers/${own.id}/payment_methods`, { key: token }), 200)).data;
      assert.deepEqual(methods.map((m) => [m.id, m.default]), [[second.id, true]]);
      const untouched = (await expectStatus(t.call('GET', `/v1/customers/${other.id}/payment_methods`), 200)).data;
      assert.deepEqual(untouched.map((m) => m.id), [otherCard.id]);
    });
  });
}
