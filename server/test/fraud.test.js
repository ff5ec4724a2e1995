'use strict';
// Fraud rules over HTTP with the vault and both simulated gateways: each rule firing and not
// firing, outcomes allow / review / block naming the rules and the score, the card's issuing
// country (from the vault) against the billing and IP countries, the review queue (approve,
// reject, the timeout policy), velocity and review deadlines on a test clock, the rule set's
// versions, a dry run, and bad input on every route.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS } = require('./support/harness');
const { createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { startPaymentsServer } = require('./support/payments');

const US = { country: 'US' };
const MINUTE_MS = 60 * 1000;
const START = '2026-03-02T09:00:00.000Z';
const later = (minutes) => new Date(Date.parse(START) + minutes * MINUTE_MS).toISOString();

for (const backend of BACKENDS) {
  describe(`fraud rules [${backend}]`, () => {
    let t;
    before(async () => {
      t = await startPaymentsServer(backend);
    });
    after(async () => {
      if (t) await t.close();
    });

    const rules = (body) => expectStatus(t.call('PUT', '/v1/fraud_rules', { body }), 200);
    const customerWith = async (card, body = {}) => {
      const customer = await createCustomer(t, { address: US, ...body });
      await t.cardOnFile(customer.id, card);
      return customer;
    };
    const pay = (customer, amount, extra = {}) => expectStatus(t.call('POST', '/v1/payments', { body: { customer: customer.id, amount, currency: 'USD', ...extra } }), 201);
    const decisionOf = async (payment) => {
      const [decision] = (await expectStatus(t.call('GET', `/v1/fraud_decisions?payment=${payment.id}`), 200)).data;
      return decision;
    };
    const chargesFor = async (payment) => [...await t.gateway('atlas').chargesFor(payment.id), ...await t.gateway('beacon').chargesFor(payment.id)];
    const fired = (decision) => decision.rules.map((rule) => rule.name);

    it('allows everything and records each decision while no rule set was ever saved', async () => {
      const current = await expectStatus(t.call('GET', '/v1/fraud_rules'), 200);
      assert.deepEqual([current.version, current.rules, current.review_threshold, current.block_threshold], [null, [], 50, 100]);
      const payment = await pay(await customerWith('4242424242424242'), '10.00');
      assert.equal(payment.status, 'succeeded');
      const decision = await decisionOf(payment);
      assert.deepEqual([decision.outcome, decision.score, decision.rules, decision.rule_set_version], ['allow', 0, [], null]);
    });

    it('fires amount and first-payment rules above their amounts only, summing scores into the outcome', async () => {
      await rules({
        rules: [
          { name: 'big', type: 'amount_over', amount: '100', currency: 'USD', score: 30 },
          { name: 'big-first', type: 'first_payment_over', amount: '50', currency: 'USD', score: 30 },
        ],
      });
      const customer = await customerWith('4242424242424242');
      const first = await pay(customer, '60.00');
      assert.equal(first.status, 'succeeded', 'a score of 30 is below the review threshold');
      assert.deepEqual(fired(await decisionOf(first)), ['big-first']);
      const second = await pay(customer, '60.00');
      assert.deepEqual(fired(await decisionOf(second)), [], 'no longer a first payment; not above 100');
      const fresh = await customerWith('4242424242424242');
      const held = await pay(fresh, '150.00');
      const decision = await decisionOf(held);
      assert.deepEqual([held.status, decision.outcome, decision.score, fired(decision)], ['requires_review', 'review', 60, ['big', 'big-first']]);
      assert.equal(held.attempt_count, 0);
      assert.equal((await chargesFor(held)).length, 0, 'no gateway heard of it');
      assert.ok(decision.rules.every((rule) => typeof rule.reason === 'string' && rule.reason.length));
    });

    it('counts velocity per card, customer, email and IP address within the window', async () => {
      await rules({
        rules: [
          { name: 'card-velocity', type: 'velocity', key: 'card', max: 2, window_minutes: 60, score: 100 },
          { name: 'ip-velocity', type: 'velocity', key: 'ip', max: 1, window_minutes: 60, score: 10 },
          { name: 'email-velocity', type: 'velocity', key: 'email', max: 1, window_minutes: 60, score: 10 },
          { name: 'customer-velocity', type: 'velocity', key: 'customer', max: 2, window_minutes: 60, score: 10 },
        ],
      });
      // The card was put on file once (a tokenization counts): one charge passes, the next is blocked.
      const customer = await customerWith('5555555555554444', { email: 'velocity@example.test' });
      const first = await pay(customer, '5.00', { ip_address: '198.51.100.7' });
      assert.deepEqual([first.status, fired(await decisionOf(first))], ['succeeded', ['email-velocity']]);
      const second = await pay(customer, '5.00', { ip_address: '198.51.100.8' });
      const blocked = await decisionOf(second);
      assert.deepEqual([second.status, second.failure_code, blocked.outcome], ['failed', 'fraud_blocked', 'block']);
      assert.deepEqual(fired(blocked), ['card-velocity', 'email-velocity', 'customer-velocity']);
      assert.equal((await chargesFor(second)).length, 0);

      // Another customer and card: the IP address seen before fires, a new one does not.
      const other = await customerWith('378282246310005');
      const sameIp = await pay(other, '5.00', { ip_address: '198.51.100.7' });
      assert.deepEqual(fired(await decisionOf(sameIp)), ['ip-velocity']);
      const newIp = await pay(other, '5.00', { ip_address: '192.0.2.44' });
      assert.deepEqual(fired(await decisionOf(newIp)), ['card-velocity', 'customer-velocity']);
    });

    it('fires on declines in a row, many cards tried, and an IP country other than the billing country', async () => {
      await rules({
        rules: [
          { name: 'declines', type: 'declines_in_row', count: 2, score: 10 },
          { name: 'cards', type: 'many_cards', max: 2, window_minutes: 60, score: 100 },
          { name: 'country', type: 'country_mismatch', score: 10 },
        ],
        ip_countries: [{ cidr: '203.0.113.0/24', country: 'FR' }, { cidr: '198.51.100.0/24', country: 'US' }],
      });
      const decliner = await customerWith('4000000000000002');
      const declined = [await pay(decliner, '5.00'), await pay(decliner, '5.00')];
      assert.deepEqual(declined.map((payment) => payment.status), ['failed', 'failed']);
      assert.deepEqual(fired(await decisionOf(declined[1])), [], 'one decline before it');
      assert.deepEqual(fired(await decisionOf(await pay(decliner, '5.00'))), ['declines']);

      // The third card tried by one customer is refused at tokenization.
      const collector = await customerWith('4242424242424242');
      await t.cardOnFile(collector.id, '5555555555554444');
      await assert.rejects(t.cardOnFile(collector.id, '378282246310005'), /FRAUD_BLOCKED/);
      const methods = (await expectStatus(t.call('GET', `/v1/customers/${collector.id}/payment_methods`), 200)).data;
      assert.equal(methods.length, 2, 'the blocked card was not put on file');
      const [tokenization] = (await expectStatus(t.call('GET', `/v1/fraud_decisions?customer=${collector.id}&outcome=block`), 200)).data;
      assert.deepEqual([tokenization.kind, fired(tokenization)], ['tokenization', ['cards']]);

      const traveller = await customerWith('4242424242424242');
      assert.deepEqual(fired(await decisionOf(await pay(traveller, '5.00', { ip_address: '203.0.113.9' }))), ['country']);
      assert.deepEqual(fired(await decisionOf(await pay(traveller, '5.00', { ip_address: '198.51.100.9' }))), []);
      const french = await customerWith('4242424242424242', { address: { country: 'FR' } });
      assert.deepEqual(fired(await decisionOf(await pay(french, '5.00', { ip_address: '203.0.113.9' }))), []);
    });

    it('compares the card\'s issuing country, from the vault, with the billing and IP countries', async () => {
      await rules({
        rules: [
          { name: 'ip-billing', type: 'country_mismatch', score: 10 },
          { name: 'card-billing', type: 'country_mismatch', compare: ['card', 'billing'], score: 20 },
          { name: 'card-ip', type: 'country_mismatch', compare: ['card', 'ip'], score: 40 },
        ],
        ip_countries: [{ cidr: '203.0.113.0/24', country: 'FR' }, { cidr: '198.51.100.0/24', country: 'US' }],
      });
      const FRENCH_CARD = '4000002500000003';
      // A French card on file for a US customer: the tokenization compares card and billing.
      const american = await customerWith(FRENCH_CARD);
      const [method] = (await expectStatus(t.call('GET', `/v1/customers/${american.id}/payment_methods`), 200)).data;
      assert.equal(method.card.country, 'FR', 'the server keeps the country the vault derived');
      const [tokenization] = (await expectStatus(t.call('GET', `/v1/fraud_decisions?customer=${american.id}`), 200)).data;
      assert.deepEqual([tokenization.kind, tokenization.card_country, fired(tokenization)], ['tokenization', 'FR', ['card-billing']]);

      const fromUs = await decisionOf(await pay(american, '5.00', { ip_address: '198.51.100.9' }));
      assert.deepEqual([fired(fromUs), fromUs.score, fromUs.outcome], [['card-billing', 'card-ip'], 60, 'review']);
      assert.deepEqual(fromUs.rules.map((rule) => rule.reason), [
        'the card was issued in FR, the billing address is in US', 'the card was issued in FR, the IP address is in US',
      ]);
      const fromFrance = await decisionOf(await pay(american, '5.00', { ip_address: '203.0.113.9' }));
      assert.deepEqual([fired(fromFrance), fromFrance.score], [['ip-billing', 'card-billing'], 30]);
      const noIp = await decisionOf(await pay(american, '5.00'));
      assert.deepEqual(fired(noIp), ['card-billing'], 'an unknown IP country compares with nothing');
      const rerun = await expectStatus(t.call('POST', '/v1/fraud_rules/dry_run', {
        body: { rules: [{ name: 'card-abroad', type: 'country_mismatch', compare: ['card', 'billing'], score: 100 }], last: 1 },
      }), 200);
      assert.deepEqual(rerun.results.map((result) => [result.decision, result.outcome]), [[noIp.id, 'block']], 'the dry run re-decides with the card country kept');

      const french = await customerWith(FRENCH_CARD, { address: { country: 'FR' } });
      assert.deepEqual(fired(await decisionOf(await pay(french, '5.00', { ip_address: '203.0.113.9' }))), []);
      // A card from a range the vault does not know has no country: only IP and billing compare.
      const unknown = await customerWith('6011111111111117');
      const unknownDecision = await decisionOf(await pay(unknown, '5.00', { ip_address: '203.0.113.9' }));
      assert.deepEqual([unknownDecision.card_country, fired(unknownDecision)], [null, ['ip-billing']]);
    });

    it('approves and rejects held charges through the API', async () => {
      await rules({ rules: [{ name: 'large', type: 'amount_over', amount: '1000', currency: 'USD', score: 0, action: 'review' }] });
      const customer = await customerWith('4242424242424242');
      const approveMe = await pay(customer, '1500.00');
      const rejectMe = await pay(customer, '1600.00');
      const queue = (await expectStatus(t.call('GET', '/v1/fraud_decisions?review=pending'), 200)).data.map((decision) => decision.payment);
      assert.ok([approveMe, rejectMe].every((payment) => queue.includes(payment.id)));

      const approved = await expectStatus(t.call('POST', `/v1/fraud_decisions/${(await decisionOf(approveMe)).id}/approve`), 200);
      assert.deepEqual([approved.decision.review.status, approved.decision.review.resolved_by, approved.payment.status], ['approved', 'api', 'succeeded']);
      assert.equal((await chargesFor(approveMe)).filter((charge) => charge.status === 'succeeded').length, 1);
      await expectError(t.call('POST', `/v1/fraud_decisions/${(await decisionOf(approveMe)).id}/reject`), 409, 'INVALID_STATE');

      const rejected = await expectStatus(t.call('POST', `/v1/fraud_decisions/${(await decisionOf(rejectMe)).id}/reject`), 200);
      assert.deepEqual([rejected.decision.review.status, rejected.payment.status, rejected.payment.failure_code], ['rejected', 'failed', 'fraud_rejected']);
      assert.equal((await chargesFor(rejectMe)).length, 0);
      await t.worker.drain();
      const failedEvents = (await expectStatus(t.call('GET', `/v1/events?type=payment.failed&object_id=${rejectMe.id}`), 200)).data;
      assert.equal(failedEvents.length, 1);
    });

    it('on a test clock: a velocity window ends as the clock moves, and a review times out when the clock passes its deadline', async () => {
      await rules({
        rules: [
          { name: 'customer-velocity', type: 'velocity', key: 'customer', max: 2, window_minutes: 60, score: 100 },
          { name: 'large', type: 'amount_over', amount: '1000', currency: 'USD', score: 0, action: 'review' },
        ],
        review_timeout_hours: 2, review_timeout_action: 'reject',
      });
      const testClock = await expectStatus(t.call('POST', '/v1/test_clocks', { body: { frozen_time: START } }), 201);
      const advance = async (frozenTime) => {
        await expectStatus(t.call('POST', `/v1/test_clocks/${testClock.id}/advance`, { body: { frozen_time: frozenTime } }), 200);
        await t.worker.drain();
      };
      // The tokenization and one charge are two evaluations in the hour; a third is blocked.
      const customer = await customerWith('4242424242424242', { test_clock: testClock.id });
      const first = await pay(customer, '5.00');
      assert.equal((await decisionOf(first)).created_at, START, 'decided at the customer\'s clock\'s time');
      const blocked = await pay(customer, '5.00');
      assert.deepEqual([blocked.status, fired(await decisionOf(blocked))], ['failed', ['customer-velocity']]);
      await advance(later(30));
      assert.equal((await pay(customer, '5.00')).status, 'failed', 'still within the hour');
      await advance(later(61));
      const afterWindow = await pay(customer, '5.00');
      assert.deepEqual([afterWindow.status, fired(await decisionOf(afterWindow))], ['succeeded', []], 'the window moved on with the clock');

      // Another of the clock's customers (this one's velocity is spent): held for review.
      const reviewed = await customerWith('4242424242424242', { test_clock: testClock.id });
      const held = await pay(reviewed, '1500.00');
      const pending = await decisionOf(held);
      assert.deepEqual([held.status, pending.review.deadline], ['requires_review', later(181)]);
      await advance(later(180));
      assert.equal((await expectStatus(t.call('GET', `/v1/fraud_decisions/${pending.id}`), 200)).review.status, 'pending', 'a minute before the deadline');
      await advance(later(182));
      const expired = await expectStatus(t.call('GET', `/v1/fraud_decisions/${pending.id}`), 200);
      assert.deepEqual([expired.review.status, expired.review.resolved_by, expired.review.resolved_at], ['rejected', 'timeout', later(182)]);
      const payment = await expectStatus(t.call('GET', `/v1/payments/${held.id}`), 200);
      assert.deepEqual([payment.status, payment.failure_code], ['failed', 'fraud_rejected']);
      assert.equal((await chargesFor(held)).length, 0);
    });

    it('saves every edit of the rules as a new version, earlier versions still readable', async () => {
      const previous = await expectStatus(t.call('GET', '/v1/fraud_rules'), 200);
      const saved = await rules({ rules: [{ name: 'huge', type: 'amount_over', amount: '5000', currency: 'USD', score: 100 }], block_threshold: 90 });
      assert.equal(saved.version, previous.version + 1);
      assert.deepEqual(await expectStatus(t.call('GET', '/v1/fraud_rules'), 200), saved);
      assert.deepEqual(await expectStatus(t.call('GET', `/v1/fraud_rules/versions/${previous.version}`), 200), previous);
      assert.deepEqual(await expectStatus(t.call('GET', `/v1/fraud_rules/versions/${saved.version}`), 200), saved);
      assert.deepEqual([saved.rules[0].amount, saved.block_threshold, previous.rules.map((rule) => rule.name)], ['5000.00', 90, ['customer-velocity', 'large']]);
    });

    it('dry-runs a proposed rule set over the latest charges, changing nothing', async () => {
      const before = await expectStatus(t.call('GET', '/v1/fraud_rules'), 200);
      const decisionsBefore = (await expectStatus(t.call('GET', '/v1/fraud_decisions?limit=100'), 200)).data.length;
      const run = await expectStatus(t.call('POST', '/v1/fraud_rules/dry_run', {
        body: { rules: [{ name: 'over-1000', type: 'amount_over', amount: '1000', currency: 'USD', score: 100 }], last: 2 },
      }), 200);
      assert.equal(run.evaluated, 2);
      // The latest two: the review test's charges of 1500 and 1600, held for review then.
      assert.deepEqual(run.results.map((result) => [result.outcome_then, result.outcome]), [['review', 'block'], ['review', 'block']]);
      assert.deepEqual(run.outcomes, { allow: 0, review: 0, block: 2 });
      assert.equal(run.changed, 2);
      assert.deepEqual(run.results[0].rules.map((rule) => rule.name), ['over-1000']);
      const lenient = await expectStatus(t.call('POST', '/v1/fraud_rules/dry_run', { body: { rules: [], last: 5 } }), 200);
      assert.deepEqual(lenient.outcomes, { allow: 5, review: 0, block: 0 });
      assert.deepEqual(await expectStatus(t.call('GET', '/v1/fraud_rules'), 200), before);
      assert.equal((await expectStatus(t.call('GET', '/v1/fraud_decisions?limit=100'), 200)).data.length, decisionsBefore);
    });

    it('refuses bad input on every route with a coded 4xx, changing nothing', async () => {
      const before = await expectStatus(t.call('GET', '/v1/fraud_rules'), 200);
      const bad = async (body, code, path) => expectError(t.call('PUT', '/v1/fraud_rules', { body }), 400, code, path);
      await bad({ rules: [{ name: 'v', type: 'velocity', score: 1, max: 2, window_minutes: 5 }] }, 'MISSING_FIELD', '/rules/0/key');
      await bad({ rules: [{ name: 'a', type: 'amount_over', amount: '5', currency: 'USD', score: 1, key: 'ip' }] }, 'INVALID_ARGUMENT', '/rules/0/key');
      await bad({ rules: [{ name: 'a', type: 'amount_over', amount: '-5', currency: 'USD', score: 1 }] }, 'INVALID_ARGUMENT', '/rules/0/amount');
      await bad({ rules: [{ name: 'a', type: 'country_mismatch', score: 1 }, { name: 'a', type: 'country_mismatch', score: 2 }] }, 'INVALID_ARGUMENT', '/rules/1/name');
      await bad({ rules: [{ name: 'c', type: 'country_mismatch', compare: ['card', 'card'], score: 1 }] }, 'INVALID_ARGUMENT', '/rules/0/compare');
      await bad({ rules: [{ name: 'c', type: 'country_mismatch', compare: ['card'], score: 1 }] }, 'INVALID_ARGUMENT', '/rules/0/compare');
      await bad({ rules: [{ name: 'c', type: 'country_mismatch', compare: ['card', 'moon'], score: 1 }] }, 'INVALID_ARGUMENT', '/rules/0/compare/1');
      await bad({ rules: [{ name: 'v', type: 'velocity', key: 'ip', max: 2, window_minutes: 5, compare: ['card', 'ip'], score: 1 }] }, 'INVALID_ARGUMENT', '/rules/0/compare');
      await bad({ rules: [], review_threshold: 100, block_threshold: 100 }, 'INVALID_ARGUMENT', '/review_threshold');
      await bad({ rules: [{ name: 'x', type: 'teleport', score: 1 }] }, 'INVALID_ARGUMENT', '/rules/0/type');
      await bad({ rules: [], ip_countries: [{ cidr: 'nowhere', country: 'FR' }] }, 'INVALID_ARGUMENT', '/ip_countries/0/cidr');
      await bad({ rules: [], extra: true }, 'UNKNOWN_FIELD');
      await bad({}, 'MISSING_FIELD', '/rules');
      await expectError(t.call('POST', '/v1/fraud_rules/dry_run', { body: { rules: [], last: 0 } }), 400, 'INVALID_ARGUMENT', '/last');
      await expectError(t.call('POST', '/v1/fraud_rules/dry_run', { body: { rules: [{ name: 'v', type: 'velocity', score: 1 }] } }), 400, 'MISSING_FIELD', '/rules/0/key');
      await expectError(t.call('GET', '/v1/fraud_rules/versions/999'), 404, 'NOT_FOUND');
      await expectError(t.call('GET', '/v1/fraud_rules/versions/x'), 400, 'INVALID_TYPE');
      await expectError(t.call('GET', '/v1/fraud_decisions?outcome=maybe'), 400, 'INVALID_ARGUMENT');
      await expectError(t.call('GET', '/v1/fraud_decisions/frd_missing'), 404, 'NOT_FOUND');
      await expectError(t.call('POST', '/v1/fraud_decisions/frd_missing/approve'), 404, 'NOT_FOUND');
      const [allowed] = (await expectStatus(t.call('GET', '/v1/fraud_decisions?outcome=allow'), 200)).data;
      await expectError(t.call('POST', `/v1/fraud_decisions/${allowed.id}/approve`), 409, 'INVALID_STATE');
      await expectError(t.call('POST', '/v1/payments', { body: { customer: allowed.customer, amount: '5.00', currency: 'USD', ip_address: 7 } }), 400, 'INVALID_TYPE', '/ip_address');
      assert.deepEqual(await expectStatus(t.call('GET', '/v1/fraud_rules'), 200), before);
    });
  });
}
