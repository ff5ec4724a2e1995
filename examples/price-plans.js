#!/usr/bin/env node
// Prices a few typical plans with the core and prints them (`node examples/price-plans.js`).
// Runs the core through the JavaScript package (the native addon, or WebAssembly when the
// addon is not built), all plans in one batch call.
'use strict';

const { createRatecard } = require('..');

const graduatedApiCalls = {
  model: 'graduated',
  tiers: [
    { up_to: '10000', unit_amount: '0' },
    { up_to: '100000', unit_amount: '0.002' },
    { up_to: null, unit_amount: '0.001' },
  ],
};

const plans = [
  { label: 'Starter, flat monthly', currency: 'USD', price: { model: 'flat', amount: '29.00' } },
  { label: 'Team, 12 seats', currency: 'EUR', quantity: 12, price: { model: 'per_unit', unit_amount: '8.50' } },
  {
    label: 'Seats, volume tiers, 57 seats',
    currency: 'USD',
    quantity: 57,
    price: {
      model: 'volume',
      tiers: [
        { up_to: 10, unit_amount: '12' },
        { up_to: 50, unit_amount: '10' },
        { up_to: null, unit_amount: '8', flat_amount: '20' },
      ],
    },
  },
  { label: 'API calls, 250,500 calls', currency: 'USD', quantity: '250500', price: graduatedApiCalls },
  {
    label: 'SMS, packs of 1,000, 2,001 sent',
    currency: 'GBP',
    quantity: 2001,
    price: { model: 'package', package_size: 1000, package_amount: '15', free_units: 0 },
  },
  {
    label: 'Payments, 2.9% + 0.30 on three charges',
    currency: 'USD',
    events: ['49.99', '120', '5.25'],
    price: { model: 'percentage', rate: '2.9', fixed_amount: '0.30' },
  },
  { label: 'Storage in JPY, 37 GB', currency: 'JPY', quantity: 37, price: { model: 'per_unit', unit_amount: '2.7' } },
  { label: 'Gateway fee in BHD, 3 units', currency: 'BHD', quantity: 3, price: { model: 'per_unit', unit_amount: '0.4115' } },
];

async function main() {
  const rc = await createRatecard();
  const envelopes = rc.batch(plans.map(({ label, ...request }) => ({ op: 'price', ...request })));

  console.log(`Ratecard: prices from the exact core (${rc.backend})\n`);
  plans.forEach((plan, index) => {
    const envelope = envelopes[index];
    if (!envelope.ok) {
      console.log(`${plan.label.padEnd(42)} error ${envelope.error.code}: ${envelope.error.message}`);
      return;
    }
    const { amount, currency, lines } = envelope.result;
    console.log(`${plan.label.padEnd(42)} ${amount.padStart(12)} ${currency}`);
    for (const line of lines) {
      if (lines.length > 1) console.log(`${''.padEnd(46)}${line.kind.padEnd(20)} ${line.amount.padStart(10)}`);
    }
  });
}

main();
