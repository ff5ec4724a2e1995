'use strict';
const assert = require('node:assert/strict');

/// Creates through the API a product, prices and a plan (with a `portal` policy when given);
/// returns { product, prices, plan }.
async function createPlan(t, { code = 'basic', currency = 'USD', interval = 'month', trialDays = 0,
  pricings = [{ model: 'per_unit', unit_amount: '10.00' }], portal } = {}) {
  const product = await expectStatus(t.call('POST', '/v1/products', { body: { name: `Product ${code}` } }), 201);
  const prices = [];
  for (const pricing of pricings) {
    prices.push(await expectStatus(t.call('POST', '/v1/prices', {
      body: { product: product.id, currency, type: 'recurring', interval, pricing },
    }), 201));
  }
  const plan = await expectStatus(t.call('POST', '/v1/plans', {
    body: { code, name: `Plan ${code}`, product: product.id, currency, interval, prices: prices.map((p) => p.id), trial_days: trialDays, ...(portal ? { portal } : {}) },
  }), 201);
  return { product, prices, plan };
}

async function createCustomer(t, body = {}) {
  return expectStatus(t.call('POST', '/v1/customers', { body: { name: 'Customer', currency: 'USD', ...body } }), 201);
}

/// Awaits an API call, asserts its status and returns its body.
async function expectStatus(pending, status) {
  const response = await pending;
  assert.equal(response.status, status, `expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

/// Awaits an API call and asserts it failed with `status`, `code` and (when given) `path`.
async function expectError(pending, status, code, path) {
  const response = await pending;
  assert.equal(response.status, status, `expected ${status} ${code}, got ${response.status}: ${JSON.stringify(response.body)}`);
  assert.equal(response.body.error.code, code, JSON.stringify(response.body));
  assert.equal(typeof response.body.error.message, 'string');
  if (path !== undefined) assert.equal(response.body.error.path, path, JSON.stringify(response.body));
  return response.body.error;
}

module.exports = { createPlan, createCustomer, expectStatus, expectError };
