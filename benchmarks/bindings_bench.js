#!/usr/bin/env node
// Times the core's boundary through each binding in Node: microseconds per request for a few
// typical price requests and for requests inside a batch of 100, through the native addon and
// the WebAssembly module in dist/, plus any other WebAssembly builds given (to compare
// optimization levels). Prints figures; asserts nothing.
//
//   node benchmarks/bindings_bench.js [--wasm-dir DIR]...     (after npm run build)
//
// DIR holds ratecard_wasm.js and ratecard_wasm.wasm, e.g. a MinSizeRel build configured with
// -DRATECARD_PACKAGE_DIR=DIR (README, "JavaScript package").
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { createRatecard } = require('..');
const { wasmBinding } = require('../lib/backends/wasm-binding.js');

const REQUESTS = {
  per_unit: { op: 'price', currency: 'USD', price: { model: 'per_unit', unit_amount: '9.99' }, quantity: 3 },
  graduated: {
    op: 'price',
    currency: 'USD',
    quantity: '250500',
    price: {
      model: 'graduated',
      tiers: [
        { up_to: '10000', unit_amount: '0' },
        { up_to: '100000', unit_amount: '0.002' },
        { up_to: null, unit_amount: '0.001' },
      ],
    },
  },
  percentage: {
    op: 'price',
    currency: 'USD',
    events: ['49.99', '120', '5.25', '1000.01', '3'],
    price: { model: 'percentage', rate: '2.9', fixed_amount: '0.30', per_transaction_min: '0.50' },
  },
};
const BATCH_SIZE = 100;
REQUESTS[`batch of ${BATCH_SIZE}`] = {
  op: 'batch',
  requests: Array.from({ length: BATCH_SIZE }, (_, index) => Object.values(REQUESTS)[index % 3]),
};

async function loadWasmDir(dir) {
  const createRatecardWasm = require(path.resolve(dir, 'ratecard_wasm.js'));
  const module = await createRatecardWasm({ wasmBinary: fs.readFileSync(path.resolve(dir, 'ratecard_wasm.wasm')) });
  return wasmBinding(module).evaluateJson;
}

// Median over rounds of the time per request, in microseconds.
function microsecondsPerRequest(evaluateJson, text, requestsPerCall) {
  const calls = Math.max(20, Math.round(4000 / requestsPerCall));
  for (let i = 0; i < calls / 4; i += 1) evaluateJson(text);
  const rounds = [];
  for (let round = 0; round < 7; round += 1) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i += 1) evaluateJson(text);
    rounds.push(Number(process.hrtime.bigint() - start) / 1000 / calls / requestsPerCall);
  }
  return rounds.sort((a, b) => a - b)[3];
}

async function main() {
  const args = process.argv.slice(2);
  const bindings = [
    ['native addon', (await createRatecard({ backend: 'native' })).evaluateJson],
    ['wasm (dist/)', (await createRatecard({ backend: 'wasm' })).evaluateJson],
  ];
  for (let i = 0; i < args.length; i += 2) {
    if (args[i] !== '--wasm-dir' || !args[i + 1]) throw new Error('usage: bindings_bench.js [--wasm-dir DIR]...');
    bindings.push([`wasm (${args[i + 1]})`, await loadWasmDir(args[i + 1])]);
  }

  console.log(`µs per request (median of 7 rounds), Node ${process.version}`);
  console.log(`${'request'.padEnd(16)}${bindings.map(([name]) => name.padStart(26)).join('')}`);
  for (const [name, request] of Object.entries(REQUESTS)) {
    const text = JSON.stringify(request);
    const perCall = request.op === 'batch' ? request.requests.length : 1;
    const expected = bindings[0][1](text);
    const cells = bindings.map(([bindingName, evaluateJson]) => {
      if (evaluateJson(text) !== expected) throw new Error(`${bindingName} answers ${name} differently`);
      return microsecondsPerRequest(evaluateJson, text, perCall).toFixed(1).padStart(26);
    });
    console.log(`${name.padEnd(16)}${cells.join('')}`);
  }
}

main();
