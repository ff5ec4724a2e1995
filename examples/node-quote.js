#!/usr/bin/env node
// A live quote in the terminal: the price of a plan (examples/plans.json) as its quantity
// changes, computed by the Ratecard core through the JavaScript package.
//
//   node examples/node-quote.js                 interactive: ↑/↓ change the quantity by the
//                                               plan's step, ←/→ by one, Tab the plan, q quits
//   node examples/node-quote.js seats 9 10 11   prints the quotes for those quantities
'use strict';

const readline = require('node:readline');
const { createRatecard, BillingError } = require('..');
const plans = require('./plans.json');

// Quantities stay exact decimal strings: stepping adds integers to the integer part only.
function addToQuantity(quantity, delta) {
  const [integer, fraction] = quantity.split('.');
  const sum = BigInt(integer) + BigInt(delta);
  if (sum < 0n) return fraction === undefined ? '0' : `0.${fraction}`;
  return fraction === undefined ? String(sum) : `${sum}.${fraction}`;
}

function quoteText(rc, plan, quantity) {
  try {
    const result = rc.price({ currency: plan.currency, price: plan.price, quantity });
    const lines = result.lines.map((line) => {
      const what = line.kind === 'tier' ? `tier ${line.tier_index + 1}` : line.kind;
      const quantityPart = line.quantity === undefined ? '' : ` × ${line.quantity}`;
      return `    ${`${what}${quantityPart}`.padEnd(30)} ${line.amount.padStart(14)}`;
    });
    return [`${plan.label}`, `  quantity ${quantity}: ${result.amount} ${result.currency}`, ...lines].join('\n');
  } catch (error) {
    if (!(error instanceof BillingError)) throw error;
    return `${plan.label}\n  quantity ${quantity}: ${error.code} at ${error.path}: ${error.message}`;
  }
}

function printQuotes(rc, planId, quantities) {
  const plan = plans.find((candidate) => candidate.id === planId);
  if (!plan) {
    console.error(`unknown plan "${planId}"; plans: ${plans.map((candidate) => candidate.id).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  for (const quantity of quantities.length > 0 ? quantities : [plan.quantity]) console.log(quoteText(rc, plan, quantity));
}

function runInteractive(rc) {
  let planIndex = 0;
  let quantity = plans[0].quantity;
  const render = () => {
    readline.cursorTo(process.stdout, 0, 0);
    readline.clearScreenDown(process.stdout);
    process.stdout.write(`Ratecard live quote (${rc.backend})   ↑/↓ ±step  ←/→ ±1  Tab plan  q quit\n\n`);
    process.stdout.write(`${quoteText(rc, plans[planIndex], quantity)}\n`);
  };
  readline.emitKeypressEvents(process.stdin);
  process.stdin.setRawMode(true);
  process.stdin.on('keypress', (_, key) => {
    const step = plans[planIndex].step;
    if (key.name === 'q' || (key.ctrl && key.name === 'c')) {
      process.stdin.setRawMode(false);
      process.stdin.pause();
      return;
    }
    if (key.name === 'up') quantity = addToQuantity(quantity, step);
    else if (key.name === 'down') quantity = addToQuantity(quantity, -step);
    else if (key.name === 'right') quantity = addToQuantity(quantity, 1);
    else if (key.name === 'left') quantity = addToQuantity(quantity, -1);
    else if (key.name === 'tab') {
      planIndex = (planIndex + 1) % plans.length;
      quantity = plans[planIndex].quantity;
    }
    render();
  });
  render();
}

async function main() {
  const rc = await createRatecard();
  const [planId, ...quantities] = process.argv.slice(2);
  if (planId !== undefined) printQuotes(rc, planId, quantities);
  else if (process.stdin.isTTY && process.stdout.isTTY) runInteractive(rc);
  else for (const plan of plans) console.log(quoteText(rc, plan, plan.quantity));
}

main();
