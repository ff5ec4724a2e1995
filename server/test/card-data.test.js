'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, logCollector } = require('./support/harness');
const { expectStatus, expectError } = require('./support/fixtures');
const { looksLikeCardNumber, cardDataIn } = require('../src/http/card-data');

describe('card data detection', () => {
  it('finds 13 to 19 digit runs passing the Luhn check, written plainly or grouped', () => {
    for (const text of ['4242424242424242', '4242 4242 4242 4242', 'card 5555-5555-5555-4444 ok', '378282246310005', '6011111111111117']) {
      assert.ok(looksLikeCardNumber(text), text);
    }
    for (const text of ['4242424242424241', '1234567890', 'order 42', '42424242424242424242424', 'inv-2026-000123']) {
      assert.ok(!looksLikeCardNumber(text), text);
    }
  });

  it('names security code fields however they are spelt', () => {
    for (const name of ['cvc', 'CVV2', 'card_cvc', 'security-code', 'cardNumber', 'pan']) assert.ok(cardDataIn(name, 'x'), name);
    for (const name of ['plan', 'company', 'panel', 'source']) assert.equal(cardDataIn(name, 'x'), null, name);
  });
});

for (const backend of BACKENDS) {
  describe(`card data in metadata [${backend}]`, () => {
    let t;
    let logs;
    before(async () => {
      logs = logCollector();
      t = await startTestServer(backend, { logStream: logs.stream, logLevel: 'debug' });
    });
    after(() => t.close());

    it('refuses a card number or a security code field in any object\'s metadata (CARD_DATA), storing nothing', async () => {
      await expectError(t.call('POST', '/v1/customers', { body: { name: 'A', currency: 'USD', metadata: { note: 'paid with 4242 4242 4242 4242' } } }),
        400, 'CARD_DATA', '/metadata/note');
      await expectError(t.call('POST', '/v1/products', { body: { name: 'B', metadata: { cvc: '123' } } }), 400, 'CARD_DATA', '/metadata/cvc');
      const customer = await expectStatus(t.call('POST', '/v1/customers', { body: { name: 'C', currency: 'USD', metadata: { crm: '1234567890' } } }), 201);
      await expectError(t.call('PATCH', `/v1/customers/${customer.id}`, { body: { metadata: { 'card/number': '5555555555554444' } } }),
        400, 'CARD_DATA', '/metadata/card~1number');
      const stored = JSON.stringify(await t.services.db.selectFrom('events').selectAll().execute())
        + JSON.stringify(await t.services.db.selectFrom('customers').selectAll().execute());
      for (const digits of ['4242 4242 4242 4242', '5555555555554444']) {
        assert.ok(!stored.includes(digits), 'no card number was stored');
        assert.ok(!logs.text().includes(digits), 'no card number was logged');
      }
    });
  });
}
