'use strict';
// The Node examples run and print what the core computes (hand-checked totals).

const { execFileSync } = require('node:child_process');
const path = require('node:path');

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const run = (script, ...args) => execFileSync(process.execPath, [path.join(EXAMPLES, script), ...args], { encoding: 'utf8' });

test('price-plans.js (node examples/price-plans.js) prices every plan through the package', () => {
  const output = run('price-plans.js');
  expect(output).toMatch(/^Ratecard: prices from the exact core \(native\)/);
  const totals = [
    ['Starter, flat monthly', '29.00 USD'],
    ['Team, 12 seats', '102.00 EUR'], // 12 × 8.50
    ['Seats, volume tiers, 57 seats', '476.00 USD'], // 57 × 8 + 20
    ['API calls, 250,500 calls', '330.50 USD'], // 90,000 × 0.002 + 150,500 × 0.001
    ['SMS, packs of 1,000, 2,001 sent', '45.00 GBP'], // 3 started packs × 15
    ['Payments, 2.9% + 0.30 on three charges', '5.98 USD'], // 2.9 % of 175.24 + 3 × 0.30
    ['Storage in JPY, 37 GB', '100 JPY'], // 99.9 rounded to whole yen
    ['Gateway fee in BHD, 3 units', '1.235 BHD'], // 1.2345 half up to fils
  ];
  for (const [label, total] of totals) expect(output).toMatch(new RegExp(`${label.replace(/[.+()]/g, '\\$&')} +${total}\n`));
});

test('node-quote.js prints a plan\'s quote for each quantity given', () => {
  const output = run('node-quote.js', 'seats', '10', '11', '-1');
  expect(output).toContain('quantity 10: 120.00 USD'); // 10 × 12 in the first tier
  expect(output).toContain('quantity 11: 110.00 USD'); // 11 × 10: the whole quantity moves tier
  expect(output).toContain('quantity -1: INVALID_ARGUMENT at /quantity: must not be negative, got -1');
});

test('node-quote.js refuses an unknown plan', () => {
  expect(() => execFileSync(process.execPath, [path.join(EXAMPLES, 'node-quote.js'), 'nope'], { stdio: 'pipe' }))
    .toThrow(/unknown plan "nope"; plans: api-calls, seats/);
});
