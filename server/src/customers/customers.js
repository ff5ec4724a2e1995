'use strict';
const { notFound } = require('../http/errors');
const { parseJson } = require('../db/rows');

const addressSchema = {
  type: 'object', additionalProperties: false,
  properties: {
    line1: { type: 'string', maxLength: 200 }, line2: { type: 'string', maxLength: 200 },
    city: { type: 'string', maxLength: 100 }, state: { type: 'string', maxLength: 100 },
    postal_code: { type: 'string', maxLength: 20 }, country: { type: 'string', pattern: '^[A-Z]{2}$' },
  },
};

const taxIdSchema = {
  type: 'object', additionalProperties: false, required: ['type', 'value'],
  properties: {
    type: { type: 'string', pattern: '^[a-z]{2,4}_[a-z]{2,8}$', description: 'e.g. eu_vat, gb_vat, us_ein, au_abn' },
    value: { type: 'string', minLength: 1, maxLength: 50 },
  },
};

const customerSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'customer' }, external_id: { type: ['string', 'null'] },
    name: { type: 'string' }, email: { type: ['string', 'null'] }, currency: { type: 'string' },
    timezone: { type: 'string' }, address: { anyOf: [addressSchema, { type: 'null' }] },
    tax_ids: { type: 'array', items: taxIdSchema }, test_clock: { type: ['string', 'null'] },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

function presentCustomer(row) {
  return {
    id: row.id, object: 'customer', external_id: row.external_id, name: row.name, email: row.email,
    currency: row.currency, timezone: row.timezone, address: parseJson(row.address),
    tax_ids: parseJson(row.tax_ids), test_clock: row.test_clock_id, metadata: parseJson(row.metadata),
    created_at: row.created_at, updated_at: row.updated_at,
  };
}

async function findCustomer(executor, id, path = '') {
  const row = await executor.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('customer', id, path);
  return row;
}

/// The customer's current instant: its test clock's frozen time, or the wall clock.
async function customerNow(executor, customer, clock) {
  if (!customer.test_clock_id) return clock.now();
  const testClock = await executor.selectFrom('test_clocks').select('frozen_time').where('id', '=', customer.test_clock_id).executeTakeFirstOrThrow();
  return new Date(testClock.frozen_time);
}

module.exports = { customerSchema, addressSchema, taxIdSchema, presentCustomer, findCustomer, customerNow };
