'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer } = require('./support/harness');
const { createCustomer, expectStatus, expectError } = require('./support/fixtures');

for (const backend of BACKENDS) {
  describe(`customers API [${backend}]`, () => {
    let t;
    before(async () => { t = await startTestServer(backend); });
    after(() => t.close());

    it('creates a customer with currency, billing time zone, address and tax ids', async () => {
      const customer = await createCustomer(t, {
        name: 'Fjord AS', email: 'billing@fjord.example', currency: 'NOK', timezone: 'Europe/Oslo', external_id: 'crm-1',
        address: { line1: 'Karl Johans gate 1', city: 'Oslo', postal_code: '0154', country: 'NO' },
        tax_ids: [{ type: 'no_vat', value: 'NO123456789MVA' }],
      });
      assert.equal(customer.currency, 'NOK');
      assert.equal(customer.timezone, 'Europe/Oslo');
      assert.deepEqual(customer.tax_ids, [{ type: 'no_vat', value: 'NO123456789MVA' }]);
      const byExternalId = await expectStatus(t.call('GET', '/v1/customers?external_id=crm-1'), 200);
      assert.deepEqual(byExternalId.data, [customer]);
      await expectError(t.call('POST', '/v1/customers', { body: { name: 'dup', currency: 'USD', external_id: 'crm-1' } }), 409, 'CONFLICT', '/external_id');
    });

    it('searches names, emails and external ids in any case, taking % and _ literally', async () => {
      const ada = await createCustomer(t, { name: 'Ada Lovelace', email: 'ada@engine.example', external_id: 'search-ada' });
      const odd = await createCustomer(t, { name: 'Fifty_50% Ltd', email: 'odd@other.example', external_id: 'search-odd' });
      const names = async (text) => (await expectStatus(t.call('GET', `/v1/customers?limit=100&search=${encodeURIComponent(text)}`), 200))
        .data.map((customer) => customer.id).sort();
      assert.deepEqual(await names('LOVELACE'), [ada.id]);
      assert.deepEqual(await names('ENGINE.example'), [ada.id]);
      assert.deepEqual(await names('search-odd'), [odd.id]);
      assert.deepEqual(await names('0%'), [odd.id]);
      assert.deepEqual(await names('y_5'), [odd.id]);
      assert.deepEqual(await names('_%_'), []);
      assert.deepEqual(await names('search-'), [ada.id, odd.id].sort());
      await expectError(t.call('GET', '/v1/customers?search='), 400, 'INVALID_ARGUMENT', '/query/search');
    });

    it('defaults the billing time zone to UTC', async () => {
      const customer = await createCustomer(t);
      assert.equal(customer.timezone, 'UTC');
      assert.equal(customer.test_clock, null);
    });

    it('refuses unknown currencies and time zones', async () => {
      await expectError(t.call('POST', '/v1/customers', { body: { name: 'x', currency: 'ZWL' } }), 400, 'UNKNOWN_CURRENCY', '/currency');
      await expectError(t.call('POST', '/v1/customers', { body: { name: 'x', currency: 'usd' } }), 400, 'INVALID_ARGUMENT', '/currency');
      await expectError(t.call('POST', '/v1/customers', { body: { name: 'x', currency: 'USD', timezone: 'Mars/Olympus' } }), 400, 'UNKNOWN_TIME_ZONE', '/timezone');
      await expectError(t.call('POST', '/v1/customers', { body: { name: 'x', currency: 'USD', timezone: 'europe/berlin' } }), 400, 'UNKNOWN_TIME_ZONE', '/timezone');
      await expectError(t.call('POST', '/v1/customers', { body: { name: 'x', currency: 'USD', address: { country: 'Germany' } } }), 400, 'INVALID_ARGUMENT', '/address/country');
    });

    it('updates fields and records customer.updated in the outbox', async () => {
      const customer = await createCustomer(t, { name: 'Old name' });
      const updated = await expectStatus(t.call('PATCH', `/v1/customers/${customer.id}`, { body: { name: 'New name', timezone: 'Asia/Kolkata' } }), 200);
      assert.equal(updated.name, 'New name');
      assert.equal(updated.timezone, 'Asia/Kolkata');
      const events = await expectStatus(t.call('GET', `/v1/events?customer=${customer.id}`), 200);
      assert.deepEqual(events.data.map((e) => e.type), ['customer.updated', 'customer.created']);
      assert.equal(events.data[0].data.object.name, 'New name');
      await expectError(t.call('PATCH', `/v1/customers/${customer.id}`, { body: { currency: 'EUR' } }), 400, 'UNKNOWN_FIELD', '/currency');
    });
  });
}
