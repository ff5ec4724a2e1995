'use strict';
// Payments end to end over HTTP: the vault, the two simulated gateways and the orchestration,
// each gateway's own records checked against Ratecard's (docs/server.md, "Payments").
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS } = require('./support/harness');
const { createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { startPaymentsServer, EXPIRY } = require('./support/payments');
const { waitFor } = require('./support/wait-for');

// Every test card: what the payment ends as, its failure and decline codes, how many
// attempts it took.
const CARD_OUTCOMES = [
  ['4242424242424242', 'succeeded', null, null, 1],
  ['5555555555554444', 'succeeded', null, null, 1],
  ['4000000000000002', 'failed', 'card_declined', 'generic_decline', 1],
  ['4000000000009995', 'failed', 'card_declined', 'insufficient_funds', 1],
  ['4000000000009987', 'failed', 'card_declined', 'lost_card', 1],
  ['4000000000009979', 'failed', 'card_declined', 'stolen_card', 1],
  ['4000000000000069', 'failed', 'expired_card', 'expired_card', 1],
  ['4000000000000127', 'failed', 'incorrect_cvc', 'incorrect_cvc', 1],
  ['4000000000000341', 'failed', 'card_declined', 'generic_decline', 1],
  ['4100000000000019', 'failed', 'card_declined', 'highest_risk_level', 1],
  // A processing error makes no charge: confirmed by the lookup, tried on the other gateway,
  // which fails the same way.
  ['4000000000000119', 'failed', 'processing_error', null, 2],
  ['4000002760003184', 'requires_action', null, null, 1],
  ['4000000000000259', 'succeeded', null, null, 1],
  // Charged, and the response lost: the lookup by idempotency key finds the charge.
  ['4000000000007775', 'succeeded', null, null, 1],
];

async function eventsOf(t, type, objectId) {
  const events = await expectStatus(t.call('GET', `/v1/events?type=${type}&limit=100`), 200);
  return events.data.filter((event) => event.data.object.id === objectId || event.data.object.payment === objectId);
}

for (const backend of BACKENDS) {
  describe(`payments [${backend}]`, () => {
    let t;
    before(async () => {
      t = await startPaymentsServer(backend);
    });
    after(async () => {
      if (t) await t.close();
    });

    const pay = (customer, body = {}) => t.call('POST', '/v1/payments', { body: { customer: customer.id, amount: '10.00', currency: 'USD', ...body } });

    it('the vault checks a card with coded errors and returns a token, brand, last 4, issuing country, expiry and fingerprint', async () => {
      const good = await t.vault.tokenize({ number: '4242 4242 4242 4242', cvc: '123', ...EXPIRY });
      assert.equal(good.status, 201);
      assert.match(good.body.token, /^tok_[0-9a-f]{32}$/);
      assert.deepEqual([good.body.brand, good.body.last4, good.body.country, good.body.exp_month, good.body.exp_year], ['visa', '4242', 'US', 12, 2040]);
      // The issuing country comes from the number's leading digits; a range the vault does not know has none.
      assert.equal((await t.vault.tokenize({ number: '4000002500000003', cvc: '123', ...EXPIRY })).body.country, 'FR');
      assert.equal((await t.vault.tokenize({ number: '6011111111111117', cvc: '123', ...EXPIRY })).body.country, null);
      const again = await t.vault.tokenize({ number: '4242424242424242', cvc: '999', ...EXPIRY });
      assert.equal(again.body.fingerprint, good.body.fingerprint, 'the same card has the same fingerprint');
      assert.notEqual(again.body.token, good.body.token);
      const cases = [
        [{ number: '4242424242424241', cvc: '123', ...EXPIRY }, 'INVALID_NUMBER', '/number'],
        [{ number: '42424242', cvc: '123', ...EXPIRY }, 'INVALID_NUMBER', '/number'],
        [{ number: '9999999999999995', cvc: '123', ...EXPIRY }, 'UNSUPPORTED_BRAND', '/number'],
        [{ number: '4242424242424242', cvc: '123', exp_month: 13, exp_year: 2040 }, 'INVALID_EXPIRY_MONTH', '/exp_month'],
        [{ number: '4242424242424242', cvc: '123', exp_month: 1, exp_year: 2020 }, 'EXPIRED_CARD', '/exp_year'],
        [{ number: '4242424242424242', cvc: '12', ...EXPIRY }, 'INVALID_CVC', '/cvc'],
        [{ number: '378282246310005', cvc: '123', ...EXPIRY }, 'INVALID_CVC', '/cvc'],
        [{ number: '4242424242424242', ...EXPIRY }, 'MISSING_FIELD', '/cvc'],
        [{ number: 4242424242424242, cvc: '123', ...EXPIRY }, 'INVALID_TYPE', '/number'],
        [{ number: '4242424242424242', cvc: '123', ...EXPIRY, pin: '1' }, 'UNKNOWN_FIELD', '/pin'],
      ];
      for (const [card, code, path] of cases) {
        const answer = await t.vault.tokenize(card);
        assert.equal(answer.status, 400, JSON.stringify(answer.body));
        assert.deepEqual([answer.body.error.code, answer.body.error.path], [code, path]);
      }
      const anonymous = await fetch(`${t.vault.url}/cards/${good.body.token}`);
      assert.equal(anonymous.status, 401, 'only Ratecard\'s server reads the vault');
    });

    it('keeps cards on file per customer: the first is the default, duplicates refused, default moved, detached', async () => {
      const customer = await createCustomer(t);
      const first = await t.cardOnFile(customer.id, '4242424242424242');
      assert.equal(first.default, true);
      assert.deepEqual(first.card, { brand: 'visa', last4: '4242', country: 'US', exp_month: 12, exp_year: 2040, fingerprint: first.card.fingerprint });
      const second = await t.cardOnFile(customer.id, '4000008260000000');
      assert.deepEqual([second.default, second.card.country], [false, 'GB']);
      const duplicate = await t.vault.tokenize({ number: '4242424242424242', cvc: '123', ...EXPIRY });
      await expectError(t.call('POST', `/v1/customers/${customer.id}/payment_methods`, { body: { vault_token: duplicate.body.token } }), 409, 'CONFLICT', '/vault_token');
      await expectError(t.call('POST', `/v1/customers/${customer.id}/payment_methods`, { body: { vault_token: `tok_${'0'.repeat(32)}` } }), 400, 'INVALID_ARGUMENT', '/vault_token');
      await expectError(t.call('POST', `/v1/customers/${customer.id}/payment_methods`, { body: { vault_token: 'nope' } }), 400, 'INVALID_ARGUMENT', '/vault_token');
      await expectError(t.call('POST', '/v1/customers/cus_missing/payment_methods', { body: { vault_token: duplicate.body.token } }), 404, 'NOT_FOUND');

      const made = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/payment_methods/${second.id}/default`), 200);
      assert.equal(made.default, true);
      const detached = await expectStatus(t.call('DELETE', `/v1/customers/${customer.id}/payment_methods/${second.id}`), 200);
      assert.equal(detached.status, 'detached');
      const list = await expectStatus(t.call('GET', `/v1/customers/${customer.id}/payment_methods`), 200);
      assert.deepEqual(list.data.map((method) => [method.id, method.default]), [[first.id, true]]);
      await expectError(t.call('DELETE', `/v1/customers/${customer.id}/payment_methods/${second.id}`), 404, 'NOT_FOUND');
      const vaultCard = await fetch(`${t.vault.url}/cards/${duplicate.body.token}`);
      assert.equal(vaultCard.status, 401);
    });

    it('ends every test card as the gateways document it, with events', async () => {
      for (const [number, status, failureCode, declineCode, attempts] of CARD_OUTCOMES) {
        const customer = await createCustomer(t);
        await t.cardOnFile(customer.id, number);
        const payment = await expectStatus(pay(customer), 201);
        const label = `card ${number}: ${JSON.stringify(payment)}`;
        assert.equal(payment.status, status, label);
        assert.equal(payment.failure_code, failureCode, label);
        assert.equal(payment.decline_code, declineCode, label);
        assert.equal(payment.attempt_count, attempts, label);
        assert.equal(payment.amount, '10.00');
        const atlas = await t.gateway('atlas').chargesFor(payment.id);
        const beacon = await t.gateway('beacon').chargesFor(payment.id);
        const succeeded = [...atlas, ...beacon].filter((charge) => charge.status === 'succeeded');
        assert.equal(succeeded.length, status === 'succeeded' ? 1 : 0, `${label}: charged ${succeeded.length} times`);
        if (status === 'succeeded') assert.equal(succeeded[0].id, payment.gateway_charge);
        if (failureCode && failureCode !== 'processing_error') assert.equal(beacon.length, 0, 'a hard decline is never failed over');
        const eventType = { succeeded: 'payment.succeeded', failed: 'payment.failed', requires_action: 'payment.requires_action' }[status];
        const [event] = await eventsOf(t, eventType, payment.id);
        assert.ok(event, `${label}: no ${eventType} event`);
        assert.equal(event.data.object.attempt_count, attempts);
        assert.equal(event.data.object.decline_code, declineCode);
      }
    });

    it('completes 3-D Secure: requires_action, the cardholder\'s step, then confirmed (or failed without failover)', async () => {
      for (const [result, status] of [['pass', 'succeeded'], ['fail', 'failed']]) {
        const customer = await createCustomer(t);
        await t.cardOnFile(customer.id, '4000002760003184');
        const payment = await expectStatus(pay(customer), 201);
        assert.equal(payment.status, 'requires_action');
        assert.equal(payment.next_action.type, 'three_d_secure');
        const step = await fetch(payment.next_action.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ result }) });
        assert.equal(step.status, 200);
        const confirmed = await expectStatus(t.call('POST', `/v1/payments/${payment.id}/confirm`), 200);
        assert.equal(confirmed.status, status);
        assert.equal(confirmed.next_action, null);
        if (status === 'failed') assert.equal(confirmed.failure_code, 'authentication_failed');
        await expectError(t.call('POST', `/v1/payments/${payment.id}/confirm`), 409, 'INVALID_STATE');
        const charges = await t.gateway('atlas').chargesFor(payment.id);
        assert.deepEqual(charges.map((charge) => charge.status), [status]);
      }
    });

    it('records a dispute the gateway reports by signed webhook (charge.disputed)', async () => {
      const customer = await createCustomer(t);
      await t.cardOnFile(customer.id, '4000000000000259');
      // An invoice sent for payment (so no automatic charge races this one): 10.00 due.
      const invoice = await expectStatus(t.call('POST', '/v1/invoices', {
        body: { customer: customer.id, lines: [{ description: 'Setup', unit_amount: '10.00' }], collection_method: 'send_invoice', days_until_due: 30, auto_finalize: true },
      }), 201);
      const payment = await expectStatus(pay(customer, { invoice: invoice.id }), 201);
      assert.equal(payment.status, 'succeeded');
      assert.equal((await expectStatus(t.call('GET', `/v1/invoices/${invoice.id}`), 200)).status, 'paid', 'the whole amount due pays the invoice');
      const [event] = await waitFor(async () => {
        const found = await eventsOf(t, 'charge.disputed', payment.id);
        return found.length ? found : null;
      }, 20000, 'the dispute webhook');
      assert.equal(event.data.object.reason, 'fraudulent');
      assert.equal(event.data.object.invoice, invoice.id);
      assert.equal((await expectStatus(t.call('GET', `/v1/payments/${payment.id}`), 200)).disputed, true);
      const forged = await fetch(`http://127.0.0.1:${t.app.server.address().port}/gateway_webhooks/atlas`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': 'x', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' },
        body: '{}',
      });
      assert.equal(forged.status, 401);
    });

    it('fails over on a timeout only after the lookup confirms no charge, and never on a decline', async () => {
      await expectStatus(t.call('PUT', '/v1/payment_routing', { body: { rules: [], default_gateways: ['beacon', 'atlas'] } }), 200);
      try {
        const customer = await createCustomer(t);
        await t.cardOnFile(customer.id, '4242424242424242');
        await t.gateway('beacon').fault('timeout_before_charge', 1);
        const payment = await expectStatus(pay(customer), 201);
        assert.equal(payment.status, 'succeeded');
        assert.deepEqual(payment.attempts.map((attempt) => [attempt.gateway, attempt.status]), [['beacon', 'failed'], ['atlas', 'succeeded']]);
        assert.match(payment.attempts[0].error, /no response: timeout/);
        assert.equal((await t.gateway('beacon').chargesFor(payment.id)).length, 0);
        assert.equal((await t.gateway('atlas').chargesFor(payment.id)).length, 1);

        // Beacon charges, and its answer is lost: the lookup finds the charge; no failover.
        await t.gateway('beacon').fault('timeout_after_charge', 1);
        const lost = await expectStatus(pay(customer), 201);
        assert.deepEqual(lost.attempts.map((attempt) => [attempt.gateway, attempt.status]), [['beacon', 'succeeded']]);
        assert.equal((await t.gateway('beacon').chargesFor(lost.id)).length, 1);
        assert.equal((await t.gateway('atlas').chargesFor(lost.id)).length, 0);

        const declining = await createCustomer(t);
        await t.cardOnFile(declining.id, '4000000000009995');
        const declined = await expectStatus(pay(declining), 201);
        assert.deepEqual(declined.attempts.map((attempt) => [attempt.gateway, attempt.status]), [['beacon', 'declined']]);
        assert.equal((await t.gateway('atlas').chargesFor(declined.id)).length, 0);
      } finally {
        await expectStatus(t.call('PUT', '/v1/payment_routing', { body: { rules: [], default_gateways: ['atlas', 'beacon'] } }), 200);
      }
    });

    it('routes by rules kept as versioned data: brand, currency, amount, country', async () => {
      const routing = await expectStatus(t.call('PUT', '/v1/payment_routing', {
        body: {
          rules: [
            { name: 'amex', when: { brands: ['amex'] }, gateways: ['beacon'] },
            { name: 'yen', when: { currencies: ['JPY'] }, gateways: ['beacon'] },
            { name: 'large from Brazil', when: { countries: ['BR'], min_amount: '100' }, gateways: ['beacon', 'atlas'] },
          ],
          default_gateways: ['atlas', 'beacon'],
        },
      }), 200);
      const versions = routing.version;
      assert.ok(versions >= 1);
      const earlier = await expectStatus(t.call('GET', `/v1/payment_routing/versions/${versions}`), 200);
      assert.equal(earlier.rules.length, 3);
      await expectError(t.call('PUT', '/v1/payment_routing', { body: { rules: [{ gateways: ['nowhere'] }], default_gateways: ['atlas'] } }), 400, 'INVALID_ARGUMENT', '/rules/0/gateways/0');
      await expectError(t.call('PUT', '/v1/payment_routing', { body: { rules: [], default_gateways: [] } }), 400, 'INVALID_ARGUMENT', '/default_gateways');
      await expectError(t.call('GET', '/v1/payment_routing/versions/999'), 404, 'NOT_FOUND');
      assert.equal((await expectStatus(t.call('GET', '/v1/payment_routing'), 200)).version, versions, 'a refused edit makes no version');

      const amex = await createCustomer(t);
      await t.cardOnFile(amex.id, '378282246310005');
      const amexPayment = await expectStatus(pay(amex), 201);
      assert.deepEqual([amexPayment.status, amexPayment.gateway, amexPayment.routing_version], ['succeeded', 'beacon', versions]);
      const yen = await createCustomer(t, { currency: 'JPY' });
      await t.cardOnFile(yen.id, '4242424242424242');
      const yenPayment = await expectStatus(pay(yen, { amount: '1500', currency: 'JPY' }), 201);
      assert.deepEqual([yenPayment.status, yenPayment.gateway, yenPayment.amount], ['succeeded', 'beacon', '1500']);
      const brazil = await createCustomer(t, { address: { country: 'BR', line1: 'Rua 1', city: 'São Paulo', postal_code: '01000-000' } });
      await t.cardOnFile(brazil.id, '4242424242424242');
      assert.equal((await expectStatus(pay(brazil, { amount: '250.00' }), 201)).gateway, 'beacon');
      assert.equal((await expectStatus(pay(brazil, { amount: '99.99' }), 201)).gateway, 'atlas');
      await expectStatus(t.call('PUT', '/v1/payment_routing', { body: { rules: [], default_gateways: ['atlas', 'beacon'] } }), 200);
    });

    it('refunds in full or in part, never more than was paid, with payment.refunded', async () => {
      const customer = await createCustomer(t);
      await t.cardOnFile(customer.id, '4242424242424242');
      const payment = await expectStatus(pay(customer, { amount: '10' }), 201);
      assert.equal(payment.amount, '10.00');
      // A payment of no invoice is refunded without a credit note, and can name none.
      await expectError(t.call('POST', `/v1/payments/${payment.id}/refunds`, { body: { amount: '3.5', credit_note: 'cn_1' } }), 400, 'INVALID_ARGUMENT', '/credit_note');
      const first = await expectStatus(t.call('POST', `/v1/payments/${payment.id}/refunds`, { body: { amount: '3.5' } }), 201);
      assert.deepEqual([first.status, first.amount, first.credit_note], ['succeeded', '3.50', null]);
      await expectError(t.call('POST', `/v1/payments/${payment.id}/refunds`, { body: { amount: '6.51' } }), 400, 'INVALID_ARGUMENT', '/amount');
      await expectError(t.call('POST', `/v1/payments/${payment.id}/refunds`, { body: {} }), 400, 'MISSING_FIELD', '/amount');
      await expectError(t.call('POST', `/v1/payments/${payment.id}/refunds`, { body: { amount: '0.001' } }), 400, 'INVALID_ARGUMENT', '/amount');
      const second = await expectStatus(t.call('POST', `/v1/payments/${payment.id}/refunds`, { body: { amount: '6.50' } }), 201);
      assert.equal(second.status, 'succeeded');
      const after = await expectStatus(t.call('GET', `/v1/payments/${payment.id}`), 200);
      assert.deepEqual([after.amount_refunded, after.refunded], ['10.00', true]);
      const [charge] = await t.gateway('atlas').chargesFor(payment.id);
      assert.deepEqual([charge.amount_refunded, charge.refunds.length], ['10.00', 2]);
      assert.equal((await eventsOf(t, 'payment.refunded', payment.id)).length, 2);
      const list = await expectStatus(t.call('GET', `/v1/payments/${payment.id}/refunds`), 200);
      assert.deepEqual(list.data.map((refund) => refund.amount), ['3.50', '6.50']);

      const full = await expectStatus(pay(customer, { amount: '4.00' }), 201);
      const whole = await expectStatus(t.call('POST', `/v1/payments/${full.id}/refunds`, { body: {} }), 201);
      assert.equal(whole.amount, '4.00');

      // Two refunds at once, each of 60 % of a payment: one goes through, the other is refused.
      const raced = await expectStatus(pay(customer, { amount: '10.00' }), 201);
      const answers = await Promise.all([0, 1].map(() => t.call('POST', `/v1/payments/${raced.id}/refunds`, { body: { amount: '6.00' } })));
      assert.deepEqual(answers.map((answer) => answer.status).sort(), [201, 400], JSON.stringify(answers.map((answer) => answer.body)));
      assert.equal((await expectStatus(t.call('GET', `/v1/payments/${raced.id}`), 200)).amount_refunded, '6.00');

      const declining = await createCustomer(t);
      await t.cardOnFile(declining.id, '4000000000000002');
      const failed = await expectStatus(pay(declining), 201);
      await expectError(t.call('POST', `/v1/payments/${failed.id}/refunds`, { body: {} }), 409, 'INVALID_STATE');
    });

    it('refuses bad input on every payments route with a coded 4xx and changes nothing', async () => {
      const customer = await createCustomer(t);
      const before = await expectStatus(t.call('GET', '/v1/payments?limit=100'), 200);
      await expectError(pay(customer), 409, 'INVALID_STATE', '/payment_method');
      await t.cardOnFile(customer.id, '4242424242424242');
      await expectError(pay(customer, { amount: 10 }), 400, 'INVALID_TYPE', '/amount');
      await expectError(pay(customer, { amount: '10.5e2' }), 400, 'INVALID_ARGUMENT', '/amount');
      await expectError(pay(customer, { amount: '0' }), 400, 'INVALID_ARGUMENT', '/amount');
      await expectError(pay(customer, { amount: '-5.00' }), 400, 'INVALID_ARGUMENT', '/amount');
      await expectError(pay(customer, { amount: '10.001' }), 400, 'INVALID_ARGUMENT', '/amount');
      await expectError(pay(customer, { currency: 'XYZ' }), 400, 'UNKNOWN_CURRENCY', '/currency');
      await expectError(pay(customer, { customer: 'cus_missing' }), 404, 'NOT_FOUND', '/customer');
      await expectError(pay(customer, { payment_method: 'pm_missing' }), 400, 'INVALID_ARGUMENT', '/payment_method');
      await expectError(pay(customer, { metadata: { note: '4242 4242 4242 4242' } }), 400, 'CARD_DATA');
      await expectError(pay(customer, { card_number: '4242424242424242' }), 400, 'UNKNOWN_FIELD', '/card_number');
      await expectError(t.call('GET', '/v1/payments/pay_missing'), 404, 'NOT_FOUND');
      await expectError(t.call('POST', '/v1/payments/pay_missing/refunds', { body: {} }), 404, 'NOT_FOUND');
      await expectError(t.call('POST', '/v1/payments/pay_missing/confirm'), 404, 'NOT_FOUND');
      await expectError(t.call('GET', '/v1/payments?status=lost'), 400, 'INVALID_ARGUMENT');
      await expectError(t.call('PUT', '/v1/payment_routing', { body: { rules: [{ when: { brands: ['diners'] }, gateways: ['atlas'] }], default_gateways: ['atlas'] } }), 400, 'INVALID_ARGUMENT');
      await expectError(t.call('POST', `/v1/customers/${customer.id}/payment_methods`, { body: {} }), 400, 'MISSING_FIELD', '/vault_token');
      await expectError(t.call('POST', '/v1/payments', { key: t.keys.support, body: { customer: customer.id, amount: '1.00', currency: 'USD' } }), 403, 'FORBIDDEN');
      const after = await expectStatus(t.call('GET', '/v1/payments?limit=100'), 200);
      assert.equal(after.data.length, before.data.length, 'no refused request made a payment');
    });

    it('mails the expiring-card notice once per default card about to expire', async () => {
      const now = new Date();
      const customer = await createCustomer(t, { email: 'expiring@example.com' });
      const card = await t.vault.tokenize({ number: '4242424242424242', cvc: '123', exp_month: now.getUTCMonth() + 1, exp_year: now.getUTCFullYear() });
      await expectStatus(t.call('POST', `/v1/customers/${customer.id}/payment_methods`, { body: { vault_token: card.body.token } }), 201);
      const later = await createCustomer(t, { email: 'later@example.com' });
      await t.cardOnFile(later.id, '4242424242424242');
      const runJob = () => t.services.db.updateTable('jobs').set({ run_at: new Date().toISOString(), status: 'queued' })
        .where('id', '=', 'job_recurring_card_expiry_notices').execute();
      const notices = async (who) => (await expectStatus(t.call('GET', `/v1/mail_messages?template=card.expiring&customer=${who.id}`), 200)).data;
      await runJob();
      await t.worker.drain();
      const [notice] = await notices(customer);
      assert.ok(notice, 'the expiring-card notice was queued');
      assert.match(notice.subject, /visa card ending in 4242 expires soon/);
      await runJob();
      await t.worker.drain();
      assert.equal((await notices(customer)).length, 1, 'one notice per card and expiry');
      assert.equal((await notices(later)).length, 0, 'a card expiring in 2040 gets no notice');
    });

    it('debits US bank accounts with a mandate after micro-deposits; settlement and returns arrive days later', async () => {
      const refused = [
        [{ routing_number: '110000001', account_number: '000123456789' }, 'INVALID_ROUTING_NUMBER', '/routing_number'],
        [{ routing_number: '11000000', account_number: '000123456789' }, 'INVALID_ROUTING_NUMBER', '/routing_number'],
        [{ account_number: '12' }, 'INVALID_ACCOUNT_NUMBER', '/account_number'],
        [{ account_number: '000123456789', account_holder_type: 'robot' }, 'INVALID_ARGUMENT', '/account_holder_type'],
      ];
      for (const [account, code, path] of refused) {
        const answer = await t.vault.tokenizeBankAccount(account);
        assert.deepEqual([answer.status, answer.body.error.code, answer.body.error.path], [400, code, path]);
      }
      const accounts = [
        ['000123456789', 'succeeded', null, null],
        ['000222222227', 'failed', 'ach_return', 'R01'],
        ['000111111113', 'failed', 'ach_return', 'R02'],
        ['000111111116', 'failed', 'ach_return', 'R03'],
        ['000333333335', 'failed', 'ach_return', 'R10'],
        ['000555555559', 'succeeded', null, null],
      ];
      const payments = [];
      for (const [number] of accounts) {
        const customer = await createCustomer(t);
        const token = (await t.vault.tokenizeBankAccount({ account_number: number })).body.token;
        await expectError(t.call('POST', `/v1/customers/${customer.id}/payment_methods`, { body: { vault_token: token } }), 400, 'MISSING_FIELD', '/mandate');
        const method = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/payment_methods`, {
          body: { vault_token: token, mandate: { ip_address: '203.0.113.7', user_agent: 'test' } },
        }), 201);
        assert.equal(method.type, 'us_bank_account');
        assert.deepEqual([method.bank_account.last4, method.bank_account.verification_status, method.bank_account.mandate.ip_address], [number.slice(-4), 'pending', '203.0.113.7']);
        await expectError(pay(customer, { amount: '25.00' }), 409, 'INVALID_STATE', '/payment_method');
        await expectError(t.call('POST', `/v1/customers/${customer.id}/payment_methods/${method.id}/verify`, { body: { amounts: ['0.12', '0.45'] } }), 400, 'INVALID_ARGUMENT', '/amounts');
        const verified = await expectStatus(t.call('POST', `/v1/customers/${customer.id}/payment_methods/${method.id}/verify`, { body: { amounts: ['0.45', '0.32'] } }), 200);
        assert.equal(verified.bank_account.verification_status, 'verified');
        await expectError(pay(customer, { amount: '25.00', currency: 'EUR' }), 400, 'INVALID_ARGUMENT', '/currency');
        const payment = await expectStatus(pay(customer, { amount: '25.00' }), 201);
        assert.deepEqual([payment.status, payment.gateway], ['pending', 'atlas']);
        payments.push(payment);
      }
      await t.gateway('atlas').advance(3);
      assert.equal((await expectStatus(t.call('GET', `/v1/payments/${payments[0].id}`), 200)).status, 'pending', 'not settled after 3 days');
      await t.gateway('atlas').advance(1);
      for (const [index, [number, status, failureCode, declineCode]] of accounts.entries()) {
        const settled = await waitFor(async () => {
          const payment = await expectStatus(t.call('GET', `/v1/payments/${payments[index].id}`), 200);
          return payment.status === 'pending' ? null : payment;
        }, 20000, `the settlement of ${number}`);
        assert.deepEqual([settled.status, settled.failure_code, settled.decline_code], [status, failureCode, declineCode], number);
        const [event] = await eventsOf(t, status === 'succeeded' ? 'payment.succeeded' : 'payment.failed', settled.id);
        assert.ok(event, `${number}: no event`);
      }
      await waitFor(async () => (await eventsOf(t, 'charge.disputed', payments[5].id)).length === 1, 20000, 'the ACH dispute');
    });

    it('a retry with the same Idempotency-Key charges once', async () => {
      const customer = await createCustomer(t);
      await t.cardOnFile(customer.id, '4242424242424242');
      const headers = { 'idempotency-key': `retry-${backend}` };
      const first = await expectStatus(t.call('POST', '/v1/payments', { headers, body: { customer: customer.id, amount: '7.00', currency: 'USD' } }), 201);
      const second = await t.call('POST', '/v1/payments', { headers, body: { customer: customer.id, amount: '7.00', currency: 'USD' } });
      assert.equal(second.body.id, first.id);
      assert.equal((await t.gateway('atlas').chargesFor(first.id)).length, 1);
    });
  });
}
