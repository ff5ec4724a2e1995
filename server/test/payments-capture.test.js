'use strict';
// Authorize, then capture or cancel; and how disputes end, end to end over HTTP against the
// vault and the simulated gateways, each gateway's own records checked against Ratecard's
// (docs/server.md, "Authorize and capture" and "Disputes").
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS } = require('./support/harness');
const { createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { startPaymentsServer } = require('./support/payments');
const { waitFor } = require('./support/wait-for');

async function eventsOf(t, type, objectId) {
  const events = await expectStatus(t.call('GET', `/v1/events?type=${type}&limit=100`), 200);
  return events.data.filter((event) => event.data.object.id === objectId || event.data.object.payment === objectId);
}

for (const backend of BACKENDS) {
  describe(`authorize and capture, dispute outcomes [${backend}]`, () => {
    let t;
    before(async () => {
      t = await startPaymentsServer(backend);
    });
    after(async () => {
      if (t) await t.close();
    });

    const authorize = (customer, body = {}) => t.call('POST', '/v1/payments', {
      body: { customer: customer.id, amount: '10.00', currency: 'USD', capture_method: 'manual', ...body },
    });
    const customerWithCard = async (number = '4242424242424242') => {
      const customer = await createCustomer(t);
      await t.cardOnFile(customer.id, number);
      return customer;
    };
    const gatewayCharge = async (payment) => {
      const charges = await t.gateway(payment.gateway).chargesFor(payment.id);
      assert.equal(charges.length, 1, JSON.stringify(charges));
      return charges[0];
    };

    it('authorizes, then captures in full: the invoice is paid, payment.requires_capture then payment.succeeded', async () => {
      const customer = await customerWithCard();
      const invoice = await expectStatus(t.call('POST', '/v1/invoices', {
        body: { customer: customer.id, lines: [{ description: 'Setup', unit_amount: '10.00' }], collection_method: 'send_invoice', days_until_due: 30, auto_finalize: true },
      }), 201);
      const payment = await expectStatus(authorize(customer, { invoice: invoice.id }), 201);
      assert.deepEqual([payment.status, payment.capture_method, payment.amount, payment.amount_authorized], ['requires_capture', 'manual', '10.00', '10.00']);
      assert.deepEqual(payment.attempts.map((attempt) => [attempt.gateway, attempt.status]), [['atlas', 'authorized']]);
      const held = await gatewayCharge(payment);
      assert.deepEqual([held.id, held.status, held.captured, held.amount_captured], [payment.gateway_charge, 'requires_capture', false, '0.00']);
      assert.equal((await eventsOf(t, 'payment.requires_capture', payment.id)).length, 1);
      assert.equal((await eventsOf(t, 'payment.succeeded', payment.id)).length, 0, 'an authorization is not a success');
      assert.equal((await expectStatus(t.call('GET', `/v1/invoices/${invoice.id}`), 200)).status, 'open', 'nothing is paid before the capture');

      const captured = await expectStatus(t.call('POST', `/v1/payments/${payment.id}/capture`), 200);
      assert.deepEqual([captured.status, captured.amount, captured.amount_authorized], ['succeeded', '10.00', '10.00']);
      const charge = await gatewayCharge(payment);
      assert.deepEqual([charge.status, charge.captured, charge.amount_captured, charge.captures.length], ['succeeded', true, '10.00', 1]);
      assert.equal((await eventsOf(t, 'payment.succeeded', payment.id)).length, 1);
      assert.equal((await expectStatus(t.call('GET', `/v1/invoices/${invoice.id}`), 200)).status, 'paid');
    });

    it('captures part of an authorization: the rest is released and refunds stop at what was captured', async () => {
      const customer = await customerWithCard();
      const payment = await expectStatus(authorize(customer), 201);
      const captured = await expectStatus(t.call('POST', `/v1/payments/${payment.id}/capture`, { body: { amount: '6.5' } }), 200);
      assert.deepEqual([captured.status, captured.amount, captured.amount_authorized], ['succeeded', '6.50', '10.00']);
      const charge = await gatewayCharge(payment);
      assert.deepEqual([charge.status, charge.amount, charge.amount_captured], ['succeeded', '10.00', '6.50']);
      await expectError(t.call('POST', `/v1/payments/${payment.id}/refunds`, { body: { amount: '6.51' } }), 400, 'INVALID_ARGUMENT', '/amount');
      const refund = await expectStatus(t.call('POST', `/v1/payments/${payment.id}/refunds`, { body: {} }), 201);
      assert.deepEqual([refund.status, refund.amount], ['succeeded', '6.50']);
      assert.equal((await gatewayCharge(payment)).amount_refunded, '6.50');
    });

    it('cancels an authorization: the gateway voids it, payment.canceled', async () => {
      const customer = await customerWithCard();
      const payment = await expectStatus(authorize(customer), 201);
      const canceled = await expectStatus(t.call('POST', `/v1/payments/${payment.id}/cancel`, { body: { cancellation_reason: 'requested_by_customer' } }), 200);
      assert.deepEqual([canceled.status, canceled.cancellation_reason], ['canceled', 'requested_by_customer']);
      const charge = await gatewayCharge(payment);
      assert.deepEqual([charge.status, charge.captured, charge.amount_captured], ['canceled', false, '0.00']);
      assert.equal((await eventsOf(t, 'payment.canceled', payment.id)).length, 1);
    });

    it('refuses every bad transition and bad input with a coded 4xx and changes nothing', async () => {
      const customer = await customerWithCard();
      const captured = await expectStatus(authorize(customer), 201);
      await expectStatus(t.call('POST', `/v1/payments/${captured.id}/capture`, { body: { amount: '4.00' } }), 200);
      const voided = await expectStatus(authorize(customer), 201);
      await expectStatus(t.call('POST', `/v1/payments/${voided.id}/cancel`), 200);
      const open = await expectStatus(authorize(customer), 201);
      const automatic = await expectStatus(t.call('POST', '/v1/payments', { body: { customer: customer.id, amount: '10.00', currency: 'USD' } }), 201);
      const payments = [captured, voided, open, automatic];
      const before = await Promise.all(payments.map(async (payment) => [
        await expectStatus(t.call('GET', `/v1/payments/${payment.id}`), 200), await gatewayCharge(payment),
      ]));
      const newestEvent = async () => (await expectStatus(t.call('GET', '/v1/events?limit=1'), 200)).data[0].id;
      const eventBefore = await newestEvent();

      const capture = (payment, body) => t.call('POST', `/v1/payments/${payment.id}/capture`, { body });
      const cancel = (payment, body) => t.call('POST', `/v1/payments/${payment.id}/cancel`, { body });
      assert.match((await expectError(capture(captured), 409, 'INVALID_STATE')).message, /captured already/);
      assert.match((await expectError(cancel(captured), 409, 'INVALID_STATE')).message, /refund it instead/);
      assert.match((await expectError(capture(voided), 409, 'INVALID_STATE')).message, /canceled/);
      assert.match((await expectError(cancel(voided), 409, 'INVALID_STATE')).message, /canceled/);
      assert.match((await expectError(capture(automatic), 409, 'INVALID_STATE')).message, /capture_method automatic/);
      assert.match((await expectError(cancel(automatic), 409, 'INVALID_STATE')).message, /capture_method automatic/);
      await expectError(capture(open, { amount: '10.01' }), 400, 'INVALID_ARGUMENT', '/amount');
      await expectError(capture(open, { amount: '0' }), 400, 'INVALID_ARGUMENT', '/amount');
      await expectError(capture(open, { amount: '1.001' }), 400, 'INVALID_ARGUMENT', '/amount');
      await expectError(capture(open, { amount: 5 }), 400, 'INVALID_TYPE', '/amount');
      await expectError(capture(open, { amount: '5.00', extra: true }), 400, 'UNKNOWN_FIELD', '/extra');
      await expectError(cancel(open, { cancellation_reason: 'bored' }), 400, 'INVALID_ARGUMENT', '/cancellation_reason');
      await expectError(t.call('POST', '/v1/payments/pay_missing/capture'), 404, 'NOT_FOUND');
      await expectError(t.call('POST', '/v1/payments/pay_missing/cancel'), 404, 'NOT_FOUND');
      await expectError(t.call('POST', `/v1/payments/${open.id}/capture`, { key: t.keys.support }), 403, 'FORBIDDEN');
      await expectError(authorize(customer, { capture_method: 'later' }), 400, 'INVALID_ARGUMENT', '/capture_method');

      const after = await Promise.all(payments.map(async (payment) => [
        await expectStatus(t.call('GET', `/v1/payments/${payment.id}`), 200), await gatewayCharge(payment),
      ]));
      assert.deepEqual(after, before, 'no refused request changed a payment or a gateway\'s record');
      assert.equal(await newestEvent(), eventBefore, 'no event');
      await expectStatus(t.call('POST', `/v1/payments/${open.id}/cancel`), 200);
    });

    it('refuses manual capture of a bank debit; test cards at authorization as at charge: a decline never failed over, 3-D Secure', async () => {
      const banked = await createCustomer(t);
      const token = (await t.vault.tokenizeBankAccount({ account_number: '000123456789' })).body.token;
      const account = await expectStatus(t.call('POST', `/v1/customers/${banked.id}/payment_methods`, { body: { vault_token: token, mandate: { ip_address: '203.0.113.7' } } }), 201);
      await expectStatus(t.call('POST', `/v1/customers/${banked.id}/payment_methods/${account.id}/verify`, { body: { amounts: ['0.32', '0.45'] } }), 200);
      await expectError(authorize(banked), 400, 'INVALID_ARGUMENT', '/capture_method');
      assert.equal((await expectStatus(t.call('GET', `/v1/payments?customer=${banked.id}`), 200)).data.length, 0);

      const declining = await customerWithCard('4000000000009995');
      const declined = await expectStatus(authorize(declining), 201);
      assert.deepEqual([declined.status, declined.failure_code, declined.decline_code], ['failed', 'card_declined', 'insufficient_funds']);
      assert.deepEqual(declined.attempts.map((attempt) => [attempt.gateway, attempt.status]), [['atlas', 'declined']]);
      assert.equal((await t.gateway('beacon').chargesFor(declined.id)).length, 0);
      assert.equal((await eventsOf(t, 'payment.failed', declined.id)).length, 1);
      await expectError(t.call('POST', `/v1/payments/${declined.id}/capture`), 409, 'INVALID_STATE');

      const authenticating = await customerWithCard('4000002760003184');
      const pending = await expectStatus(authorize(authenticating), 201);
      assert.equal(pending.status, 'requires_action');
      await expectError(t.call('POST', `/v1/payments/${pending.id}/capture`), 409, 'INVALID_STATE');
      const step = await fetch(pending.next_action.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ result: 'pass' }) });
      assert.equal(step.status, 200);
      const confirmed = await expectStatus(t.call('POST', `/v1/payments/${pending.id}/confirm`), 200);
      assert.deepEqual([confirmed.status, confirmed.attempts[0].status], ['requires_capture', 'authorized']);
      assert.equal((await gatewayCharge(pending)).status, 'requires_capture');
      await expectStatus(t.call('POST', `/v1/payments/${pending.id}/cancel`), 200);
    });

    it('fails an authorization over on a timeout only after the lookup confirms none was made', async () => {
      await expectStatus(t.call('PUT', '/v1/payment_routing', { body: { rules: [], default_gateways: ['beacon', 'atlas'] } }), 200);
      try {
        const customer = await customerWithCard();
        await t.gateway('beacon').fault('timeout_before_charge', 1);
        const failedOver = await expectStatus(authorize(customer), 201);
        assert.equal(failedOver.status, 'requires_capture');
        assert.deepEqual(failedOver.attempts.map((attempt) => [attempt.gateway, attempt.status]), [['beacon', 'failed'], ['atlas', 'authorized']]);
        assert.equal((await t.gateway('beacon').chargesFor(failedOver.id)).length, 0);
        assert.equal((await gatewayCharge(failedOver)).status, 'requires_capture');

        // Beacon authorizes and its answer is lost: the lookup finds the authorization.
        await t.gateway('beacon').fault('timeout_after_charge', 1);
        const lost = await expectStatus(authorize(customer), 201);
        assert.deepEqual([lost.status, lost.gateway], ['requires_capture', 'beacon']);
        assert.deepEqual(lost.attempts.map((attempt) => [attempt.gateway, attempt.status]), [['beacon', 'authorized']]);
        assert.equal((await t.gateway('atlas').chargesFor(lost.id)).length, 0);
        await expectStatus(t.call('POST', `/v1/payments/${lost.id}/capture`), 200);
        assert.equal((await gatewayCharge(lost)).amount_captured, '10.00');
        await expectStatus(t.call('POST', `/v1/payments/${failedOver.id}/cancel`), 200);
      } finally {
        await expectStatus(t.call('PUT', '/v1/payment_routing', { body: { rules: [], default_gateways: ['atlas', 'beacon'] } }), 200);
      }
    });

    it('captures once when the gateway\'s answer to the capture is lost and the capture is retried', async () => {
      const customer = await customerWithCard();
      const payment = await expectStatus(authorize(customer), 201);
      await t.gateway('atlas').fault('timeout_after_capture', 1);
      await expectError(t.call('POST', `/v1/payments/${payment.id}/capture`, { body: { amount: '7.00' } }), 503, 'PAYMENTS_UNAVAILABLE');
      assert.equal((await gatewayCharge(payment)).amount_captured, '7.00', 'the gateway captured');
      assert.equal((await expectStatus(t.call('GET', `/v1/payments/${payment.id}`), 200)).status, 'requires_capture', 'the answer is not known yet');
      // Another amount while the first capture is unsettled is refused; the same capture goes on.
      await expectError(t.call('POST', `/v1/payments/${payment.id}/capture`, { body: { amount: '8.00' } }), 409, 'INVALID_STATE');
      await expectError(t.call('POST', `/v1/payments/${payment.id}/cancel`), 409, 'INVALID_STATE');
      const retried = await expectStatus(t.call('POST', `/v1/payments/${payment.id}/capture`, { body: { amount: '7.00' } }), 200);
      assert.deepEqual([retried.status, retried.amount], ['succeeded', '7.00']);
      const charge = await gatewayCharge(payment);
      assert.deepEqual([charge.status, charge.amount_captured, charge.captures.length], ['succeeded', '7.00', 1], 'captured once by the gateway\'s records');
      // The job queued with the capture finds it settled and sends nothing more.
      await t.services.db.updateTable('jobs').set({ run_at: new Date().toISOString() }).where('type', '=', 'payment_operation.send').where('status', '=', 'queued').execute();
      await t.worker.drain();
      assert.equal((await gatewayCharge(payment)).captures.length, 1);
      assert.equal((await eventsOf(t, 'payment.succeeded', payment.id)).length, 1);
    });

    it('settles a capture whose answer was lost by its job, without the request being retried', async () => {
      const customer = await customerWithCard();
      const payment = await expectStatus(authorize(customer), 201);
      await t.gateway('atlas').fault('timeout_after_capture', 1);
      await expectError(t.call('POST', `/v1/payments/${payment.id}/capture`), 503, 'PAYMENTS_UNAVAILABLE');
      await t.services.db.updateTable('jobs').set({ run_at: new Date().toISOString() }).where('type', '=', 'payment_operation.send').where('status', '=', 'queued').execute();
      await t.worker.drain();
      const settled = await expectStatus(t.call('GET', `/v1/payments/${payment.id}`), 200);
      assert.deepEqual([settled.status, settled.amount], ['succeeded', '10.00']);
      assert.equal((await gatewayCharge(payment)).captures.length, 1);
      await expectError(t.call('POST', `/v1/payments/${payment.id}/capture`), 409, 'INVALID_STATE');
    });

    it('a dispute won with evidence: under review, then closed won by signed webhook (charge.dispute.closed)', async () => {
      const customer = await customerWithCard('4000000000000259');
      // Authorized then captured: the gateway's dispute follows the capture.
      const payment = await expectStatus(authorize(customer), 201);
      await expectStatus(t.call('POST', `/v1/payments/${payment.id}/capture`), 200);
      const dispute = await waitFor(async () => (await expectStatus(t.call('GET', `/v1/disputes?payment=${payment.id}`), 200)).data[0], 20000, 'the dispute webhook');
      assert.deepEqual([dispute.status, dispute.reason, dispute.amount, dispute.evidence], ['needs_response', 'fraudulent', '10.00', null]);
      await expectError(t.call('POST', `/v1/payments/${payment.id}/refunds`, { body: {} }), 409, 'INVALID_STATE');
      await expectError(t.call('POST', `/v1/disputes/${dispute.id}/evidence`, { body: {} }), 400, 'MISSING_FIELD', '/uncategorized_text');
      await expectError(t.call('POST', `/v1/disputes/${dispute.id}/evidence`, { body: { uncategorized_text: 'x', note: 'y' } }), 400, 'UNKNOWN_FIELD', '/note');
      await expectError(t.call('POST', '/v1/disputes/dp_missing/evidence', { body: { uncategorized_text: 'x' } }), 404, 'NOT_FOUND');
      assert.equal((await expectStatus(t.call('GET', `/v1/disputes/${dispute.id}`), 200)).status, 'needs_response', 'refused evidence changed nothing');

      const answered = await expectStatus(t.call('POST', `/v1/disputes/${dispute.id}/evidence`, {
        body: { uncategorized_text: 'winning_evidence', customer_email_address: 'buyer@example.com' },
      }), 200);
      assert.deepEqual(answered.evidence, { uncategorized_text: 'winning_evidence', customer_email_address: 'buyer@example.com' });
      assert.ok(answered.evidence_submitted_at);
      const [charge] = await t.gateway('atlas').chargesFor(payment.id);
      assert.deepEqual(charge.disputes.map((one) => [one.evidence.uncategorized_text, one.status]), [['winning_evidence', 'won']]);
      const [closed] = await waitFor(async () => {
        const found = await eventsOf(t, 'charge.dispute.closed', payment.id);
        return found.length ? found : null;
      }, 20000, 'the dispute\'s closing webhook');
      assert.deepEqual([closed.data.object.id, closed.data.object.status], [dispute.id, 'won']);
      const won = await expectStatus(t.call('GET', `/v1/disputes/${dispute.id}`), 200);
      assert.equal(won.status, 'won');
      assert.ok(won.closed_at);
      assert.equal((await expectStatus(t.call('GET', `/v1/payments/${payment.id}`), 200)).amount_withdrawn, null);
      await expectError(t.call('POST', `/v1/disputes/${dispute.id}/evidence`, { body: { uncategorized_text: 'more' } }), 409, 'INVALID_STATE');
    });

    // Last: it moves Atlas's clock, which expires authorizations and decides open disputes.
    it('a dispute left unanswered is lost on the gateway\'s clock: the amount withdrawn, the invoice stays paid; an old authorization expires', async () => {
      const customer = await customerWithCard('4000000000000259');
      const invoice = await expectStatus(t.call('POST', '/v1/invoices', {
        body: { customer: customer.id, lines: [{ description: 'Setup', unit_amount: '10.00' }], collection_method: 'send_invoice', days_until_due: 30, auto_finalize: true },
      }), 201);
      const payment = await expectStatus(t.call('POST', '/v1/payments', { body: { customer: customer.id, amount: '10.00', currency: 'USD', invoice: invoice.id } }), 201);
      assert.equal(payment.status, 'succeeded');
      const dispute = await waitFor(async () => (await expectStatus(t.call('GET', `/v1/disputes?payment=${payment.id}`), 200)).data[0], 20000, 'the dispute webhook');
      const held = await expectStatus(authorize(await customerWithCard()), 201);

      await t.gateway('atlas').advance(7);
      const lost = await waitFor(async () => {
        const found = await expectStatus(t.call('GET', `/v1/disputes/${dispute.id}`), 200);
        return found.status === 'lost' ? found : null;
      }, 20000, 'the dispute to be lost');
      assert.ok(lost.closed_at);
      const [closed] = await eventsOf(t, 'charge.dispute.closed', payment.id);
      assert.deepEqual([closed.data.object.status, closed.data.object.invoice, closed.data.object.amount], ['lost', invoice.id, '10.00']);
      const after = await expectStatus(t.call('GET', `/v1/payments/${payment.id}`), 200);
      assert.deepEqual([after.status, after.disputed, after.amount_withdrawn], ['succeeded', true, '10.00']);
      assert.equal((await expectStatus(t.call('GET', `/v1/invoices/${invoice.id}`), 200)).status, 'paid', 'as with Stripe, a lost dispute does not reopen the invoice');
      await expectError(t.call('POST', `/v1/payments/${payment.id}/refunds`, { body: { credit_note: 'cn_any' } }), 409, 'INVALID_STATE');

      const expired = await waitFor(async () => {
        const found = await expectStatus(t.call('GET', `/v1/payments/${held.id}`), 200);
        return found.status === 'canceled' ? found : null;
      }, 20000, 'the authorization to expire');
      assert.equal(expired.cancellation_reason, 'expired');
      assert.equal((await eventsOf(t, 'payment.canceled', held.id)).length, 1);
      assert.match((await expectError(t.call('POST', `/v1/payments/${held.id}/capture`), 409, 'INVALID_STATE')).message, /expired/);
    });
  });
}
