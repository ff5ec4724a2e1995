'use strict';
// The checkout's card step against the real vault and simulated gateways: each test card's
// outcome on the session, the invoice and the subscription, checked against the gateways'
// own records (docs/server.md, "Checkout sessions").
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS } = require('./support/harness');
const { createPlan, expectStatus, expectError } = require('./support/fixtures');
const { startPaymentsServer, tokenizeOk } = require('./support/payments');
const { quoteRequest } = require('../src/checkout/quote-request');
const { waitFor } = require('./support/wait-for');

const BILLING = { name: 'Card Buyer Inc', email: 'card-buyer@example.com', country: 'US', region: 'CA', postal_code: '94105' };

for (const backend of BACKENDS) {
  describe(`checkout with a card [${backend}]`, () => {
    let t;
    let plan;
    let trialPlan;
    let publishable;
    before(async () => {
      t = await startPaymentsServer(backend);
      plan = (await createPlan(t, { code: 'card-checkout', pricings: [{ model: 'flat', amount: '20.00' }] })).plan;
      trialPlan = (await createPlan(t, { code: 'card-trial', trialDays: 7, pricings: [{ model: 'flat', amount: '20.00' }] })).plan;
      publishable = (await expectStatus(t.call('POST', '/v1/api_keys', { body: { name: 'pages', role: 'publishable' } }), 201)).secret;
    });
    after(() => t.close());

    const asBuyer = (method, path, body) => t.call(method, path, { key: publishable, ...(body ? { body } : {}) });
    // A session and the completion body the page sends for it (the quote computed as the page does).
    const openSession = async (forPlan = plan) => {
      const session = await expectStatus(asBuyer('POST', '/v1/checkout_sessions', { plan: forPlan.id }), 201);
      assert.equal(session.card_vault_url, t.vault.url); // where the page posts the card
      const choice = { plan: forPlan.id, quantity: '1', add_ons: [], tax: BILLING };
      const quote = t.services.core.run(quoteRequest({
        customer_id: session.customer, subscription_id: session.subscription, currency: session.currency,
        time_zone: session.time_zone, start_at: session.start_at,
        pinned: { plans: session.plans, add_ons: session.add_ons, seller: session.seller, coupon: session.coupon },
      }, choice));
      return { session, quote, body: { plan: forPlan.id, billing: BILLING, quote_hash: quote.invoice.content_hash } };
    };
    const payWith = async ({ session, body }, number) => {
      const card = await tokenizeOk(t.vault.url, number);
      return asBuyer('POST', `/v1/checkout_sessions/${session.id}/complete`, { ...body, vault_token: card.token });
    };
    const gatewayCharges = async (paymentIds) => {
      const all = [...await t.gateway('atlas').charges(), ...await t.gateway('beacon').charges()];
      return all.filter((charge) => paymentIds.includes(charge.reference));
    };
    const auditEntriesOf = (sessionId) => t.services.db.selectFrom('audit_log').selectAll()
      .where('path', '=', `/v1/checkout_sessions/${sessionId}/complete`).orderBy('created_at').orderBy('id').execute();
    const paymentsOf = async (customer) => (await expectStatus(t.call('GET', `/v1/payments?customer=${customer}&limit=100`), 200)).data;

    it('charges the first invoice: the session completes, the invoice is paid and the subscription active, charged once', async () => {
      const checkout = await openSession();
      const done = await expectStatus(payWith(checkout, '4242424242424242'), 200);
      assert.equal(checkout.quote.invoice.total, '20.00');
      assert.deepEqual([done.status, done.payment_status, done.payment.status, done.payment.amount], ['complete', 'paid', 'succeeded', '20.00']);
      assert.deepEqual(done.payment.card, { brand: 'visa', last4: '4242' });
      assert.equal(done.quote.invoice.content_hash, checkout.body.quote_hash);
      // One audit entry, written in the order's transaction (it names what that transaction changed).
      const entries = await auditEntriesOf(checkout.session.id);
      assert.deepEqual(entries.map((entry) => [entry.operation_id, entry.status, entry.outcome, entry.actor_kind]),
        [['completeCheckoutSession', 200, 'succeeded', 'publishable_key']]);
      assert.ok(entries[0].object_type && entries[0].after_state, JSON.stringify(entries[0]));
      const invoice = await expectStatus(t.call('GET', `/v1/invoices/${done.invoice}`), 200);
      assert.deepEqual([invoice.status, invoice.total, invoice.customer, invoice.number], ['paid', '20.00', checkout.session.customer, done.invoice_number]);
      assert.ok(done.invoice_number);
      const subscription = await expectStatus(t.call('GET', `/v1/subscriptions/${checkout.session.subscription}`), 200);
      assert.equal(subscription.status, 'active');
      const methods = await expectStatus(t.call('GET', `/v1/customers/${checkout.session.customer}/payment_methods`), 200);
      assert.deepEqual(methods.data.map((m) => [m.card.last4, m.default]), [['4242', true]]);
      // The job that charges a finalized invoice finds the checkout's payment: still one charge.
      await t.worker.drain();
      const payments = await paymentsOf(checkout.session.customer);
      assert.equal(payments.length, 1);
      assert.equal((await gatewayCharges([payments[0].id])).length, 1);
      const events = await expectStatus(t.call('GET', `/v1/events?object_id=${checkout.session.subscription}&limit=100`), 200);
      assert.ok(events.data.some((event) => event.type === 'subscription.activated'));
      // Provisioning starts as for any paid subscription: the built-in activation workflow runs
      // on the first invoice's invoice.paid (billing_reason subscription_create).
      const workflows = await expectStatus(t.call('GET', '/v1/workflows?limit=100'), 200);
      const activation = workflows.data.find((workflow) => workflow.template === 'activate_on_first_payment');
      const runs = await expectStatus(t.call('GET', `/v1/workflow_runs?customer=${checkout.session.customer}&workflow=${activation.id}`), 200);
      assert.equal(runs.data.length, 1);
      const again = await expectStatus(asBuyer('GET', `/v1/checkout_sessions/${checkout.session.id}`), 200);
      assert.deepEqual([again.status, again.payment_status, again.payment.id], ['complete', 'paid', done.payment.id]);
      await expectError(payWith(checkout, '5555555555554444'), 409, 'INVALID_STATE');
    });

    const declines = [
      ['4000000000000002', 'card_declined', 'generic_decline'],
      ['4000000000009995', 'card_declined', 'insufficient_funds'],
      ['4000000000000069', 'expired_card', 'expired_card'],
      ['4000000000000127', 'incorrect_cvc', 'incorrect_cvc'],
      ['4000000000009987', 'card_declined', 'lost_card'],
      ['4000000000000341', 'card_declined', 'generic_decline'], // attached fine, every charge declined
      ['4100000000000019', 'card_declined', 'highest_risk_level'],
      ['4000000000000119', 'processing_error', null], // a gateway error on both gateways
    ];
    for (const [number, failureCode, declineCode] of declines) {
      it(`keeps the order open after ${failureCode}/${declineCode} (…${number.slice(-4)}); another card then pays it`, async () => {
        const checkout = await openSession();
        const declined = await expectStatus(payWith(checkout, number), 200);
        assert.deepEqual([declined.status, declined.payment_status], ['open', 'unpaid']);
        assert.deepEqual([declined.payment.status, declined.payment.failure_code, declined.payment.decline_code], ['failed', failureCode, declineCode]);
        assert.equal((await expectStatus(t.call('GET', `/v1/invoices/${declined.invoice}`), 200)).status, 'open');
        assert.equal((await expectStatus(t.call('GET', `/v1/subscriptions/${checkout.session.subscription}`), 200)).status, 'incomplete');
        // The same card again is the same declined payment, not a second charge.
        const same = await expectStatus(payWith(checkout, number), 200);
        assert.deepEqual([same.payment_status, same.payment.id], ['unpaid', declined.payment.id]);

        const paid = await expectStatus(payWith(checkout, '5555555555554444'), 200);
        assert.deepEqual([paid.status, paid.payment_status, paid.payment.status, paid.customer], ['complete', 'paid', 'succeeded', checkout.session.customer]);
        assert.equal((await expectStatus(t.call('GET', `/v1/subscriptions/${checkout.session.subscription}`), 200)).status, 'active');
        await t.worker.drain();
        const payments = await paymentsOf(checkout.session.customer);
        assert.deepEqual(payments.map((p) => p.status).sort(), ['failed', 'succeeded']);
        const charges = await gatewayCharges(payments.map((p) => p.id));
        assert.equal(charges.filter((charge) => charge.status === 'succeeded').length, 1);
        const customers = await t.services.db.selectFrom('customers').select('id').where('id', '=', checkout.session.customer).execute();
        assert.equal(customers.length, 1);
      });
    }

    it('finds a charge whose answer was lost (…7775) by the lookup: paid once', async () => {
      const checkout = await openSession();
      const done = await expectStatus(payWith(checkout, '4000000000007775'), 200);
      assert.deepEqual([done.status, done.payment_status, done.payment.status], ['complete', 'paid', 'succeeded']);
      assert.equal((await gatewayCharges([done.payment.id])).length, 1);
    });

    it('waits for 3-D Secure: passed, the payment goes through; failed, another card may be tried', async () => {
      const checkout = await openSession();
      const challenged = await expectStatus(payWith(checkout, '4000002760003184'), 200);
      assert.deepEqual([challenged.status, challenged.payment_status, challenged.payment.next_action.type], ['open', 'requires_action', 'three_d_secure']);
      const passed = await fetch(challenged.payment.next_action.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ result: 'pass' }) });
      assert.equal(passed.status, 200);
      const done = await expectStatus(asBuyer('POST', `/v1/checkout_sessions/${checkout.session.id}/confirm_payment`), 200);
      assert.deepEqual([done.status, done.payment_status, done.payment.status], ['complete', 'paid', 'succeeded']);
      await expectError(asBuyer('POST', `/v1/checkout_sessions/${checkout.session.id}/confirm_payment`), 409, 'INVALID_STATE');

      const other = await openSession();
      const again = await expectStatus(payWith(other, '4000002760003184'), 200);
      await fetch(again.payment.next_action.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ result: 'fail' }) });
      const failed = await expectStatus(asBuyer('POST', `/v1/checkout_sessions/${other.session.id}/confirm_payment`), 200);
      assert.deepEqual([failed.status, failed.payment_status, failed.payment.failure_code], ['open', 'unpaid', 'authentication_failed']);
      const paid = await expectStatus(payWith(other, '4242424242424242'), 200);
      assert.equal(paid.payment_status, 'paid');
    });

    it('puts the card on file without a charge when nothing is due now (a trial)', async () => {
      const checkout = await openSession(trialPlan);
      const done = await expectStatus(payWith(checkout, '4242424242424242'), 200);
      assert.deepEqual([done.status, done.payment_status, done.invoice, done.payment], ['complete', 'no_payment_required', null, null]);
      assert.equal((await expectStatus(t.call('GET', `/v1/subscriptions/${checkout.session.subscription}`), 200)).status, 'trialing');
      const methods = await expectStatus(t.call('GET', `/v1/customers/${checkout.session.customer}/payment_methods`), 200);
      assert.deepEqual(methods.data.map((m) => m.card.last4), ['4242']);
      assert.deepEqual(await paymentsOf(checkout.session.customer), []);
    });

    it('a card the fraud rules refuse leaves the order placed, for another card', async () => {
      const rules = (body) => expectStatus(t.call('PUT', '/v1/fraud_rules', { body }), 200);
      await rules({ rules: [{ name: 'card-vs-billing', type: 'country_mismatch', compare: ['card', 'billing'], score: 100, action: 'block' }], review_threshold: 50, block_threshold: 100 });
      try {
        const checkout = await openSession();
        await expectError(payWith(checkout, '4000002500000003'), 402, 'FRAUD_BLOCKED'); // a French card, a US address
        const placed = await expectStatus(asBuyer('GET', `/v1/checkout_sessions/${checkout.session.id}`), 200);
        assert.deepEqual([placed.status, placed.payment_status, placed.payment], ['open', 'unpaid', null]);
        const paid = await expectStatus(payWith(checkout, '4242424242424242'), 200);
        assert.deepEqual([paid.status, paid.payment_status], ['complete', 'paid']);
        const methods = await expectStatus(t.call('GET', `/v1/customers/${checkout.session.customer}/payment_methods`), 200);
        assert.deepEqual(methods.data.map((m) => m.card.last4), ['4242']);
      } finally {
        await rules({ rules: [], review_threshold: 50, block_threshold: 100 });
      }
    });

    it('refuses a bad card token or a changed order and creates nothing', async () => {
      const checkout = await openSession();
      await expectError(asBuyer('POST', `/v1/checkout_sessions/${checkout.session.id}/complete`, { ...checkout.body, vault_token: 'tok_unknown' }), 400, 'INVALID_ARGUMENT', '/vault_token');
      await expectError(asBuyer('POST', `/v1/checkout_sessions/${checkout.session.id}/complete`, { ...checkout.body, vault_token: 'btok_x' }), 400, 'INVALID_ARGUMENT', '/vault_token');
      await expectError(t.call('GET', `/v1/customers/${checkout.session.customer}`), 404, 'NOT_FOUND');
      const untouched = await expectStatus(asBuyer('GET', `/v1/checkout_sessions/${checkout.session.id}`), 200);
      assert.deepEqual([untouched.status, untouched.payment_status], ['open', null]);
      await expectError(asBuyer('POST', `/v1/checkout_sessions/${checkout.session.id}/confirm_payment`), 409, 'INVALID_STATE');

      await expectStatus(payWith(checkout, '4000000000000002'), 200); // the order is placed, unpaid
      await expectError(payWith({ ...checkout, body: { ...checkout.body, quote_hash: 'f'.repeat(64) } }, '4242424242424242'), 409, 'INVALID_STATE', '/quote_hash');
      await expectError(asBuyer('POST', `/v1/checkout_sessions/${checkout.session.id}/complete`, checkout.body), 400, 'MISSING_FIELD', '/vault_token');
      const subscriptions = await t.services.db.selectFrom('subscriptions').select('id').where('customer_id', '=', checkout.session.customer).execute();
      assert.equal(subscriptions.length, 1);
    });

    it('a US bank account: the session completes awaiting micro-deposits; verified on the invoice\'s page, the invoice is debited once, and its settlement activates the subscription', async () => {
      const checkout = await openSession();
      const complete = (body) => asBuyer('POST', `/v1/checkout_sessions/${checkout.session.id}/complete`, { ...checkout.body, ...body });
      const bank = (await t.vault.tokenizeBankAccount({ account_number: '000123456789' })).body;
      await expectError(complete({ vault_token: bank.token }), 400, 'MISSING_FIELD', '/mandate_accepted');
      await expectError(complete({ vault_token: bank.token, mandate_accepted: false }), 400, 'MISSING_FIELD', '/mandate_accepted');
      const card = await tokenizeOk(t.vault.url, '4242424242424242');
      await expectError(complete({ vault_token: card.token, mandate_accepted: true }), 400, 'INVALID_ARGUMENT', '/mandate_accepted');
      await expectError(t.call('GET', `/v1/customers/${checkout.session.customer}`), 404, 'NOT_FOUND'); // nothing created

      const done = await expectStatus(complete({ vault_token: bank.token, mandate_accepted: true }), 200);
      assert.deepEqual([done.status, done.payment_status, done.payment, done.bank_account.last4, done.bank_account.verification_status],
        ['complete', 'requires_verification', null, '6789', 'pending']);
      assert.match(done.hosted_invoice_url, /\/invoice\/rcin_/);
      assert.equal(done.quote.invoice.content_hash, checkout.body.quote_hash);
      // The same completion again (its answer lost): the same session and account, nothing more.
      const again = await expectStatus(complete({ vault_token: bank.token, mandate_accepted: true }), 200);
      assert.deepEqual([again.status, again.bank_account.id, again.hosted_invoice_url], ['complete', done.bank_account.id, done.hosted_invoice_url]);
      const methods = (await expectStatus(t.call('GET', `/v1/customers/${checkout.session.customer}/payment_methods`), 200)).data;
      assert.deepEqual(methods.map((m) => [m.id, m.type, m.default, m.bank_account.mandate.ip_address !== null]), [[done.bank_account.id, 'us_bank_account', true, true]]);
      const invoice = await expectStatus(t.call('GET', `/v1/invoices/${done.invoice}`), 200);
      assert.deepEqual([invoice.status, invoice.total], ['open', '20.00']);
      const subscription = await t.services.db.selectFrom('subscriptions').selectAll().where('id', '=', checkout.session.subscription).executeTakeFirst();
      assert.equal(subscription.status, 'incomplete');
      assert.equal(subscription.incomplete_expires_at, new Date(Date.parse(subscription.started_at) + 14 * 86400000).toISOString(), 'RATECARD_BANK_VERIFICATION_DAYS');
      // The invoice's automatic charge waits for the verification: no payment yet.
      await t.worker.drain();
      assert.deepEqual(await paymentsOf(checkout.session.customer), []);

      const link = done.hosted_invoice_url.split('/').pop();
      const view = await expectStatus(t.call('GET', '/v1/hosted_invoice', { key: link }), 200);
      assert.deepEqual([view.bank_account_to_verify, view.card_on_file], [{ last4: '6789', routing_number: '110000000' }, null]);
      const verify = (amounts) => t.call('POST', '/v1/hosted_invoice/verify_bank_account', { key: link, body: { amounts } });
      await expectError(verify(['0.32']), 400, 'INVALID_ARGUMENT', '/amounts');
      const wrong = await expectError(verify(['0.12', '0.45']), 400, 'INVALID_ARGUMENT', '/amounts');
      assert.match(wrong.message, /2 tries left/);
      const verified = await expectStatus(verify(['0.45', '0.32']), 200);
      assert.equal(verified.bank_account_to_verify, null);
      await expectError(verify(['0.45', '0.32']), 409, 'INVALID_STATE');

      // The verification's job debits the open invoice, once (run again, it finds the debit).
      await t.worker.drain();
      const [debit] = await paymentsOf(checkout.session.customer);
      assert.deepEqual([debit.status, debit.amount, debit.invoice, debit.payment_method], ['pending', '20.00', done.invoice, done.bank_account.id]);
      await require('../src/payments/bank-debits').debitOpenInvoices({ payment_method_id: done.bank_account.id }, t.services);
      assert.equal((await paymentsOf(checkout.session.customer)).length, 1);
      assert.equal((await gatewayCharges([debit.id])).length, 1);

      // Settled days later: the invoice is paid and the subscription activated, as after a card.
      await t.gateway('atlas').advance(4);
      await waitFor(async () => (await expectStatus(t.call('GET', `/v1/invoices/${done.invoice}`), 200)).status === 'paid', 20000, 'the debit to settle');
      assert.equal((await expectStatus(t.call('GET', `/v1/subscriptions/${checkout.session.subscription}`), 200)).status, 'active');
    });

    it('counts wrong micro-deposits: the third wrong try fails the verification, and nothing is debited', async () => {
      const checkout = await openSession();
      const bank = (await t.vault.tokenizeBankAccount({ account_number: '000123456789' })).body;
      const done = await expectStatus(asBuyer('POST', `/v1/checkout_sessions/${checkout.session.id}/complete`, { ...checkout.body, vault_token: bank.token, mandate_accepted: true }), 200);
      const link = done.hosted_invoice_url.split('/').pop();
      const verify = () => t.call('POST', '/v1/hosted_invoice/verify_bank_account', { key: link, body: { amounts: ['0.01', '0.02'] } });
      assert.match((await expectError(verify(), 400, 'INVALID_ARGUMENT', '/amounts')).message, /2 tries left/);
      assert.match((await expectError(verify(), 400, 'INVALID_ARGUMENT', '/amounts')).message, /1 try left/);
      await expectError(verify(), 409, 'INVALID_STATE');
      const [method] = (await expectStatus(t.call('GET', `/v1/customers/${checkout.session.customer}/payment_methods`), 200)).data;
      assert.equal(method.bank_account.verification_status, 'failed');
      assert.equal((await expectStatus(t.call('GET', '/v1/hosted_invoice', { key: link }), 200)).bank_account_to_verify, null);
      await expectError(verify(), 409, 'INVALID_STATE'); // nothing awaits verification any more
      await t.worker.drain();
      assert.deepEqual(await paymentsOf(checkout.session.customer), []);
      assert.equal((await expectStatus(t.call('GET', `/v1/invoices/${done.invoice}`), 200)).status, 'open');
    });

    it('refuses a bank account for a checkout in another currency than USD, creating nothing', async () => {
      const euroPlan = (await createPlan(t, { code: 'bank-eur', currency: 'EUR', pricings: [{ model: 'flat', amount: '20.00' }] })).plan;
      const checkout = await openSession(euroPlan);
      const bank = (await t.vault.tokenizeBankAccount({ account_number: '000123456789' })).body;
      await expectError(asBuyer('POST', `/v1/checkout_sessions/${checkout.session.id}/complete`, { ...checkout.body, vault_token: bank.token, mandate_accepted: true }),
        400, 'INVALID_ARGUMENT', '/vault_token');
      await expectError(t.call('GET', `/v1/customers/${checkout.session.customer}`), 404, 'NOT_FOUND');
    });

    it('audits an order placed before the card step failed: its entry, then the failure\'s', async () => {
      const first = await openSession();
      const card = await tokenizeOk(t.vault.url, '4000000000000002');
      await expectStatus(asBuyer('POST', `/v1/checkout_sessions/${first.session.id}/complete`, { ...first.body, vault_token: card.token }), 200);
      // The same token for another buyer: the order is placed, then the card is refused as another customer's.
      const second = await openSession();
      await expectError(asBuyer('POST', `/v1/checkout_sessions/${second.session.id}/complete`, { ...second.body, vault_token: card.token }), 409, 'CONFLICT', '/vault_token');
      const placed = await expectStatus(asBuyer('GET', `/v1/checkout_sessions/${second.session.id}`), 200);
      assert.ok(placed.invoice, 'the order was placed');
      const entries = await auditEntriesOf(second.session.id);
      assert.deepEqual(entries.map((entry) => [entry.status, entry.outcome, entry.error_code]), [[200, 'succeeded', null], [409, 'failed', 'CONFLICT']]);
    });
  });
}
