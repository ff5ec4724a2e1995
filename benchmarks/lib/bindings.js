'use strict';
// The same requests through the JavaScript package in Node: the native addon and WebAssembly
// (one evaluateJson call per request, and 100 requests in one batch call), any other
// WebAssembly builds given with --wasm-dir (to compare optimization levels), and, for `price`,
// the decimal.js reference (benchmarks/reference/), which must answer byte for byte as the core
// does before it is timed.

const fs = require('node:fs');
const path = require('node:path');
const { createRatecard } = require('../..');
const { wasmBinding } = require('../../lib/backends/wasm-binding.js');
const { evaluatePriceJson } = require('../reference/price-decimaljs.js');
const { timePerCall } = require('./measure.js');

const BATCH_SIZE = 100;

async function loadWasmDir(dir) {
  const createRatecardWasm = require(path.resolve(dir, 'ratecard_wasm.js'));
  const module = await createRatecardWasm({ wasmBinary: fs.readFileSync(path.resolve(dir, 'ratecard_wasm.wasm')) });
  return wasmBinding(module).evaluateJson;
}

/** The runtimes to compare: [{key, label, evaluateJson}], the addon first. */
async function loadBindings(extraWasmDirs) {
  const bindings = [
    { key: 'addon', label: 'native addon', evaluateJson: (await createRatecard({ backend: 'native' })).evaluateJson },
    { key: 'wasm', label: 'WebAssembly (dist/)', evaluateJson: (await createRatecard({ backend: 'wasm' })).evaluateJson },
  ];
  for (const dir of extraWasmDirs) {
    bindings.push({ key: `wasm:${dir}`, label: `WebAssembly (${dir})`, evaluateJson: await loadWasmDir(dir) });
  }
  return bindings;
}

// Runs every case through every binding and the reference for a while before anything is
// timed: V8 compiles hot JavaScript and WebAssembly again, optimized, on background threads,
// whose CPU time would otherwise land on the first cases measured.
function warmUp(cases, bindings, milliseconds = 60) {
  for (const benchCase of cases) {
    const text = JSON.stringify(benchCase.request);
    const runners = bindings.map(({ evaluateJson }) => () => evaluateJson(text));
    if (benchCase.op === 'price') runners.push(() => evaluatePriceJson(text));
    for (const run of runners) {
      const end = Date.now() + milliseconds;
      while (Date.now() < end) run();
    }
  }
}

/**
 * Loads the bindings, warms them up on `cases`, and returns {runtimes, batch_size, measure(benchCase)}: measure gives the
 * CPU and wall-clock microseconds per request ({cpu_us, wall_us}) of one case through every
 * binding, alone and batched, and of the reference for a price case. It throws when a binding
 * or the reference answers differently from the addon by a single byte.
 */
async function createBindingsBenchmark(cases, { quick, extraWasmDirs = [] }) {
  const bindings = await loadBindings(extraWasmDirs);
  const timing = quick ? { rounds: 1, roundMs: 2 } : { rounds: 7, roundMs: 40 };
  if (!quick) warmUp(cases, bindings);
  const measure = (benchCase) => {
    const text = JSON.stringify(benchCase.request);
    const batch = JSON.stringify({ op: 'batch', requests: Array(BATCH_SIZE).fill(benchCase.request) });
    const expected = bindings[0].evaluateJson(text);
    const entry = { name: benchCase.name, op: benchCase.op };
    for (const { key, label, evaluateJson } of bindings) {
      if (evaluateJson(text) !== expected) throw new Error(`${label} answers ${benchCase.name} differently from the addon`);
      entry[key] = {
        alone: timePerCall(() => evaluateJson(text), timing),
        batch100_per_request: timePerCall(() => evaluateJson(batch), { ...timing, perCall: BATCH_SIZE }),
      };
    }
    if (benchCase.op === 'price') {
      const reference = evaluatePriceJson(text);
      if (reference !== expected) {
        throw new Error(`the decimal.js reference answers ${benchCase.name} with\n  ${reference}\nthe core with\n  ${expected}`);
      }
      entry.reference_decimaljs = timePerCall(() => evaluatePriceJson(text), timing);
    }
    return entry;
  };
  return { batch_size: BATCH_SIZE, runtimes: bindings.map(({ key, label }) => ({ key, label })), measure };
}

module.exports = { createBindingsBenchmark };
