'use strict';
// Dunning over HTTP with the vault and both simulated gateways, on test clocks: a failed
// automatic charge opens a case and makes the subscription past_due; retries follow the plan's
// schedule as the clock advances; a payment recovers the subscription; exhausted retries
// cancel it (or leave it unpaid); a lost, stolen or blocked card is never retried; a manual
// payment does not use up an attempt. The customer's emails are read from the development
// mail log.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS } = require('./support/harness');
const { createPlan, createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { startPaymentsServer } = require('./support/payments');
const { waitFor } = require('./support/wait-for');
const { readMail } = require('./support/mail');

const DAY_MS = 24 * 60 * 60 * 1000;
const START = '2026-03-02T09:00:00.000Z';
const day = (n, hours = 0) => new Date(Date.parse(START) + n * DAY_MS + hours * 60 * 60 * 1000).toISOString();

for (const backend of BACKENDS) {
  describe(`dunning [${backend}]`, () => {
    let t;
    before(async () => {
      t = await startPaymentsServer(backend);
    });
    after(async () => {
      if (t) await t.close();
    });

    let planCount = 0;
    const plan = async (policy) => {
      planCount += 1;
      const { plan: created } = await createPlan(t, { code: `dunning-${planCount}`, pricings: [{ model: 'per_unit', unit_amount: '10.00' }] });
      if (policy) await expectStatus(t.call('PUT', `/v1/plans/${created.id}/dunning_policy`, { body: policy }), 200);
      return created;
    };
    // A customer on a new test clock at START, with `card`, subscribed to `onPlan`; the first
    // invoice's automatic charge has run.
    const subscribe = async (onPlan, card) => {
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: START } }), 201);
      const customer = await createCustomer(t, { email: `dunned-${planCount}@example.test`, test_clock: testClock.id });
      await t.cardOnFile(customer.id, card);
      const subscription = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: onPlan.id, quantity: '1' } }), 201);
      const [invoice] = (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}`), 200)).data;
      await t.worker.drain();
      return { testClock, customer, subscription, invoice };
    };
    const advance = async (testClock, frozenTime) => {
      await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
      await t.worker.drain();
    };
    const dunning = (invoice) => expectStatus(t.call('GET', `/v1/invoices/${invoice.id}/dunning`), 200);
    const statusOf = async (subscription) => (await expectStatus(t.call('GET', `/v1/subscriptions/${subscription.id}`), 200)).status;
    const paymentsOf = async (invoice) => (await expectStatus(t.call('GET', `/v1/payments?invoice=${invoice.id}`), 200)).data;
    const events = async (type, customer) => (await expectStatus(t.call('GET', `/v1/events?type=${type}&customer=${customer.id}`), 200)).data;
    const mailTo = async (customer) => (await readMail(t)).filter((mail) => mail.to.includes(customer.email));

    it('retries insufficient funds on the schedule, not counting a manual payment, and recovers when paid', async () => {
      const { testClock, customer, subscription, invoice } = await subscribe(await plan(), '4000000000009995');
      let dunned = await dunning(invoice);
      assert.deepEqual([dunned.status, dunned.attempt_count, dunned.retry_class, dunned.last_decline_code], ['open', 1, 'card', 'insufficient_funds']);
      assert.equal(dunned.next_attempt_at, day(1), 'the default schedule retries a day later');
      assert.equal(await statusOf(subscription), 'past_due');
      assert.equal((await events('subscription.past_due', customer)).length, 1);
      const [failed] = await events('invoice.payment_failed', customer);
      assert.deepEqual([failed.data.object.id, failed.data.object.attempt_count, failed.data.object.next_payment_attempt], [invoice.id, 1, day(1)]);

      // A manual payment that fails uses up nothing.
      const manual = await expectStatus(t.call('POST', '/v1/payments', { body: { customer: customer.id, amount: '10.00', currency: 'USD', invoice: invoice.id } }), 201);
      assert.equal(manual.status, 'failed');
      await t.worker.drain();
      dunned = await dunning(invoice);
      assert.deepEqual([dunned.attempt_count, dunned.next_attempt_at], [1, day(1)]);
      assert.equal((await events('invoice.payment_failed', customer)).length, 1);

      await advance(testClock, day(1, 1));
      dunned = await dunning(invoice);
      assert.deepEqual([dunned.attempt_count, dunned.next_attempt_at], [2, day(3)]);
      assert.equal((await paymentsOf(invoice)).length, 3, 'the first charge, the manual one, one retry');

      // The customer puts a working card on file; the next retry pays the invoice.
      await t.cardOnFile(customer.id, '4242424242424242', { default: true });
      await advance(testClock, day(3, 1));
      assert.equal((await expectStatus(t.call('GET', `/v1/invoices/${invoice.id}`), 200)).status, 'paid');
      dunned = await dunning(invoice);
      assert.deepEqual([dunned.status, dunned.attempt_count], ['recovered', 2]);
      assert.equal(await statusOf(subscription), 'active');
      assert.equal((await events('subscription.recovered', customer)).length, 1);
      const payments = await paymentsOf(invoice);
      assert.deepEqual(payments.map((payment) => payment.status).sort(), ['failed', 'failed', 'failed', 'succeeded']);

      // Nothing more is tried once it is paid.
      await advance(testClock, day(8));
      assert.equal((await paymentsOf(invoice)).length, 4);

      const mails = await mailTo(customer);
      const failures = mails.filter((mail) => mail.subject === 'Your payment of $10.00 failed');
      assert.equal(failures.length, 2, 'one email per failed automatic attempt');
      assert.match(failures[0].text, /insufficient funds/);
      const { hosted_invoice_url: hostedUrl } = await expectStatus(t.call('GET', `/v1/invoices/${invoice.id}`), 200);
      assert.ok(failures[0].text.includes(hostedUrl), 'links to the invoice\'s page, where the customer pays or updates the card');
      // The payment that recovered it is receipted, by the payments domain, once.
      const receipts = mails.filter((mail) => mail.entry.template === 'payment.receipt');
      assert.equal(receipts.length, 1);
      assert.equal(receipts[0].subject, 'Receipt for your payment of $10.00');
      const paid = payments.find((payment) => payment.status === 'succeeded');
      assert.ok(receipts[0].text.includes(paid.id) && receipts[0].text.includes(invoice.number) && receipts[0].text.includes('VISA •••• 4242'), receipts[0].text);
    });

    it('cancels the subscription when the retries run out, each attempt mailed', async () => {
      const { testClock, customer, subscription, invoice } = await subscribe(await plan({ retry_days: [1, 2], final_action: 'cancel' }), '4000000000009995');
      await advance(testClock, day(1, 1));
      assert.equal((await dunning(invoice)).attempt_count, 2);
      assert.equal(await statusOf(subscription), 'past_due');
      await advance(testClock, day(2, 1));
      const dunned = await dunning(invoice);
      assert.deepEqual([dunned.status, dunned.attempt_count, dunned.next_attempt_at], ['exhausted', 3, null]);
      assert.equal(await statusOf(subscription), 'canceled');
      assert.equal((await events('subscription.canceled', customer)).length, 1);
      const attempts = (await events('invoice.payment_failed', customer)).map((event) => event.data.object.attempt_count).sort();
      assert.deepEqual(attempts, [1, 2, 3]);
      const failures = (await mailTo(customer)).filter((mail) => mail.subject === 'Your payment of $10.00 failed');
      assert.equal(failures.length, 3);
      assert.equal(failures.filter((mail) => /We will try again/.test(mail.text)).length, 2, 'the last email names no next attempt');
      // The subscriptions domain mails the cancellation dunning made, once; no receipt.
      const canceled = (await mailTo(customer)).filter((mail) => mail.entry.template === 'subscription.canceled');
      assert.equal(canceled.length, 1);
      assert.match(canceled[0].subject, /^Your Plan dunning-\d+ subscription has been canceled$/);
      assert.match(canceled[0].text, /has been canceled and ended on/);
      assert.equal((await mailTo(customer)).filter((mail) => mail.entry.template === 'payment.receipt').length, 0);
      assert.equal((await paymentsOf(invoice)).length, 3);
    });

    it('leaves the subscription unpaid when the policy says so, and a later payment recovers it', async () => {
      const { customer, subscription, invoice } = await subscribe(await plan({ retry_days: [], final_action: 'unpaid' }), '4000000000009995');
      assert.equal((await dunning(invoice)).status, 'exhausted');
      assert.equal(await statusOf(subscription), 'unpaid');
      assert.equal((await events('subscription.unpaid', customer)).length, 1);
      await t.cardOnFile(customer.id, '4242424242424242', { default: true });
      await expectStatus(t.call('POST', '/v1/payments', { body: { customer: customer.id, amount: '10.00', currency: 'USD', invoice: invoice.id } }), 201);
      await t.worker.drain();
      assert.equal(await statusOf(subscription), 'active');
      assert.equal((await dunning(invoice)).status, 'recovered');
    });

    it('never retries a lost, stolen or blocked card, and takes the final action at the end of the schedule', async () => {
      const { testClock, subscription, invoice } = await subscribe(await plan(), '4000000000009979');
      let dunned = await dunning(invoice);
      assert.deepEqual([dunned.retry_class, dunned.last_decline_code, dunned.next_attempt_at, dunned.final_action_at], ['never', 'stolen_card', null, day(7)]);
      // A lost card, and one the gateway blocks as the highest risk: past every retry day, one charge each.
      for (const [card, declineCode] of [['4000000000009987', 'lost_card'], ['4100000000000019', 'highest_risk_level']]) {
        const other = await subscribe(await plan(), card);
        const otherCase = await dunning(other.invoice);
        assert.deepEqual([otherCase.retry_class, otherCase.last_decline_code, otherCase.next_attempt_at], ['never', declineCode, null], declineCode);
        await advance(other.testClock, day(6));
        assert.deepEqual([(await dunning(other.invoice)).attempt_count, (await paymentsOf(other.invoice)).length], [1, 1], declineCode);
      }
      await advance(testClock, day(6));
      assert.equal(await statusOf(subscription), 'past_due');
      await advance(testClock, day(7, 1));
      dunned = await dunning(invoice);
      assert.deepEqual([dunned.status, dunned.attempt_count], ['exhausted', 1]);
      assert.equal(await statusOf(subscription), 'canceled');
      const [payment] = await paymentsOf(invoice);
      assert.equal((await paymentsOf(invoice)).length, 1, 'never charged again');
      const charges = [...await t.gateway('atlas').chargesFor(payment.id), ...await t.gateway('beacon').chargesFor(payment.id)];
      assert.equal(charges.length, 1);
    });

    it('retries a bank debit returned R01 on the later bank schedule', async () => {
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: START } }), 201);
      const customer = await createCustomer(t, { email: 'ach-dunned@example.test', test_clock: testClock.id });
      const token = (await t.vault.tokenizeBankAccount({ account_number: '000222222227' })).body.token;
      const method = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/payment_methods`, {
        body: { vault_token: token, mandate: { ip_address: '203.0.113.7', user_agent: 'test' } },
      }), 201);
      await expectStatus(t.call('POST', `/v1/customers/${customer.id}/payment_methods/${method.id}/verify`, { body: { amounts: ['0.32', '0.45'] } }), 200);
      const subscription = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: (await plan()).id, quantity: '1' } }), 201);
      const [invoice] = (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}`), 200)).data;
      await t.worker.drain();
      const [debit] = await paymentsOf(invoice);
      assert.equal(debit.status, 'pending');
      await t.gateway('atlas').advance(4);
      await waitFor(async () => (await expectStatus(t.call('GET', `/v1/payments/${debit.id}`), 200)).status === 'failed', 20000, 'the R01 return');
      await t.worker.drain();
      const dunned = await dunning(invoice);
      assert.deepEqual([dunned.retry_class, dunned.last_decline_code, dunned.attempt_count], ['bank', 'R01', 1]);
      assert.equal(dunned.next_attempt_at, day(5), 'the default bank schedule retries 5 days later, not a day later');
      assert.equal(await statusOf(subscription), 'past_due');
    });

    it('refuses bad policies and unknown plans or invoices with coded errors, changing nothing', async () => {
      const target = await plan();
      const policyUrl = `/v1/plans/${target.id}/dunning_policy`;
      const initial = await expectStatus(t.call('GET', policyUrl), 200);
      assert.deepEqual([initial.retry_days, initial.bank_retry_days, initial.final_action, initial.is_default], [[1, 3, 5, 7], [5, 10], 'cancel', true]);
      await expectError(t.call('PUT', policyUrl, { body: { retry_days: [3, 3], final_action: 'cancel' } }), 400, 'INVALID_ARGUMENT', '/retry_days/1');
      await expectError(t.call('PUT', policyUrl, { body: { retry_days: [1], bank_retry_days: [4, 2], final_action: 'cancel' } }), 400, 'INVALID_ARGUMENT', '/bank_retry_days/1');
      await expectError(t.call('PUT', policyUrl, { body: { retry_days: [0], final_action: 'cancel' } }), 400, 'INVALID_ARGUMENT', '/retry_days/0');
      await expectError(t.call('PUT', policyUrl, { body: { retry_days: ['1'], final_action: 'cancel' } }), 400, 'INVALID_TYPE', '/retry_days/0');
      await expectError(t.call('PUT', policyUrl, { body: { retry_days: [1], final_action: 'delete' } }), 400, 'INVALID_ARGUMENT', '/final_action');
      await expectError(t.call('PUT', policyUrl, { body: { retry_days: [1], final_action: 'cancel', update_payment_method_url: 'ftp://x' } }), 400, 'INVALID_ARGUMENT', '/update_payment_method_url');
      await expectError(t.call('PUT', policyUrl, { body: { retry_days: [1], final_action: 'cancel', extra: 1 } }), 400, 'UNKNOWN_FIELD');
      await expectError(t.call('PUT', policyUrl, { body: { final_action: 'cancel' } }), 400, 'MISSING_FIELD');
      await expectError(t.call('PUT', policyUrl, { body: { retry_days: Array.from({ length: 11 }, (_, i) => i + 1), final_action: 'cancel' } }), 400, 'INVALID_ARGUMENT', '/retry_days');
      await expectError(t.call('PUT', '/v1/plans/plan_missing/dunning_policy', { body: { retry_days: [1], final_action: 'cancel' } }), 404, 'NOT_FOUND');
      await expectError(t.call('GET', '/v1/plans/plan_missing/dunning_policy'), 404, 'NOT_FOUND');
      assert.deepEqual(await expectStatus(t.call('GET', policyUrl), 200), initial);
      const saved = await expectStatus(t.call('PUT', policyUrl, { body: { retry_days: [2, 4], final_action: 'unpaid', update_payment_method_url: 'https://pay.example.test/card' } }), 200);
      assert.deepEqual([saved.retry_days, saved.bank_retry_days, saved.final_action, saved.is_default], [[2, 4], [5, 10], 'unpaid', false]);
      await expectError(t.call('GET', '/v1/invoices/in_missing/dunning'), 404, 'NOT_FOUND');
      const customer = await createCustomer(t);
      await t.cardOnFile(customer.id, '4242424242424242');
      await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: target.id, quantity: '1' } }), 201);
      const [invoice] = (await expectStatus(t.call('GET', `/v1/invoices?customer=${customer.id}`), 200)).data;
      await t.worker.drain();
      await expectError(t.call('GET', `/v1/invoices/${invoice.id}/dunning`), 404, 'NOT_FOUND');
    });

    it('lists the dunning queue: cases by status and customer, each with its next attempt; a bad filter is a coded 400', async () => {
      const { customer, invoice } = await subscribe(await plan(), '4000000000009995');
      const queue = await expectStatus(t.call('GET', '/v1/dunning_cases?status=open&limit=100'), 200);
      assert.ok(queue.data.every((dunned) => dunned.status === 'open'));
      const listed = queue.data.find((dunned) => dunned.invoice === invoice.id);
      assert.deepEqual(listed, await dunning(invoice));
      assert.equal(listed.next_attempt_at, day(1));
      const mine = await expectStatus(t.call('GET', `/v1/dunning_cases?customer=${customer.id}`), 200);
      assert.deepEqual(mine.data.map((dunned) => dunned.invoice), [invoice.id]);
      assert.deepEqual((await expectStatus(t.call('GET', `/v1/dunning_cases?customer=${customer.id}&status=recovered`), 200)).data, []);
      await expectError(t.call('GET', '/v1/dunning_cases?status=late'), 400, 'INVALID_ARGUMENT', '/query/status');
    });
  });
}
