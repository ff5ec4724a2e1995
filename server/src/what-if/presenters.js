'use strict';
// The what-if inputs as one compact response: columns (parallel arrays) rather than an object per
// subscription, so 10,000 customers stay a small download.
const { priceSchema } = require('../catalog/prices');

const column = (description) => ({ type: 'array', items: { type: 'string' }, description });

const whatIfInputsSchema = {
  title: 'WhatIfInputs',
  type: 'object',
  properties: {
    object: { const: 'what_if_inputs' },
    price: priceSchema,
    plans: {
      type: 'array', description: 'The plans listing the price in any version, with their current version',
      items: { type: 'object', properties: { id: { type: 'string' }, version: { type: 'integer' } } },
    },
    count: { type: 'integer', description: 'The length of every column' },
    unbilled: { type: 'integer', description: 'Current subscriptions paying the price with no finalized invoice line of it yet (not in the columns)' },
    subscriptions: column('Subscription ids, in id order'),
    customers: column("Each subscription's customer id"),
    invoices: column('The finalized invoice whose line is used: the latest one billing the price'),
    quantities: column('The quantity that line billed (decimal string)'),
    amounts: column("The line's amount (the currency's money string)"),
  },
};

/// The response of GET /v1/what_if/inputs: the price, its plans and the billed columns.
function presentWhatIfInputs(price, plans, { billed, unbilled }) {
  const pick = (field) => billed.map((row) => row[field]);
  return {
    object: 'what_if_inputs', price, plans: plans.map((plan) => ({ id: plan.id, version: Number(plan.version) })),
    count: billed.length, unbilled,
    subscriptions: pick('subscription'), customers: pick('customer'), invoices: pick('invoice'),
    quantities: pick('quantity'), amounts: pick('amount'),
  };
}

module.exports = { whatIfInputsSchema, presentWhatIfInputs };
