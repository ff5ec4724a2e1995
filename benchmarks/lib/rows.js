'use strict';
// The figures of a run as rows, shared by the terminal report, the README block and the
// targets, so all show the same figures computed the same way: CPU time per request, which a
// busy shared machine disturbs far less than the wall clock (latest.json has both).

const { figure } = require('./table.js');

/** The per-request columns, in order: a short header and what it means. */
const PER_REQUEST_COLUMNS = [
  { short: 'C++', meaning: 'evaluate() in C++, JSON text in and out (Google Benchmark)' },
  { short: 'C++ batch', meaning: 'the same, per request of a batch of 100 in one call' },
  { short: 'addon', meaning: 'evaluateJson through the native addon from Node, one call per request' },
  { short: 'addon batch', meaning: 'the addon, per request of a batch of 100' },
  { short: 'addon-C++', meaning: 'what the addon adds to a call (addon minus C++)' },
  { short: 'batch addon-C++', meaning: 'what the addon adds per request of a batch (addon batch minus C++ batch)' },
  { short: 'wasm', meaning: 'evaluateJson through WebAssembly (dist/, -Os) in Node, one call per request' },
  { short: 'wasm batch', meaning: 'WebAssembly, per request of a batch of 100' },
  { short: 'wasm/addon', meaning: 'how many times slower WebAssembly is than the addon, one call per request' },
  { short: 'decimal.js', meaning: 'the plain JavaScript reference with decimal.js (price only), text in and out' },
  { short: 'decimal.js/C++', meaning: 'how many times faster the C++ core is than the reference' },
];

/** How the results' database keys read in tables and sentences. */
const DATABASE_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

const difference = (a, b) => (Number.isFinite(a) && Number.isFinite(b) ? a - b : null);
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${figure(a / b)}x` : null);

/**
 * The CPU microseconds per request of each case of a run, by runtime (null where not measured):
 * [{name, op, cpp, cppBatch, addon, addonBatch, wasm, wasmBatch, reference}].
 */
function perRequestFigures(results) {
  const native = new Map((results.core ?? []).map((entry) => [entry.name, entry]));
  const bindings = new Map((results.bindings?.cases ?? []).map((entry) => [entry.name, entry]));
  const us = (nanoseconds) => (Number.isFinite(nanoseconds) ? nanoseconds / 1e3 : null);
  return results.cases.map(({ name, op }) => {
    const core = native.get(name);
    const js = bindings.get(name);
    return {
      name,
      op,
      cpp: us(core?.alone?.cpu_ns),
      cppBatch: us(core?.batch100_per_request?.cpu_ns),
      addon: js?.addon.alone.cpu_us ?? null,
      addonBatch: js?.addon.batch100_per_request.cpu_us ?? null,
      wasm: js?.wasm.alone.cpu_us ?? null,
      wasmBatch: js?.wasm.batch100_per_request.cpu_us ?? null,
      reference: js?.reference_decimaljs?.cpu_us ?? null,
    };
  });
}

/** [{name, cells}] per case of the run, cells in the order of PER_REQUEST_COLUMNS (strings or null). */
function perRequestRows(results) {
  return perRequestFigures(results).map((f) => ({
    name: f.name,
    cells: [
      figure(f.cpp),
      figure(f.cppBatch),
      figure(f.addon),
      figure(f.addonBatch),
      figure(difference(f.addon, f.cpp)),
      figure(difference(f.addonBatch, f.cppBatch)),
      figure(f.wasm),
      figure(f.wasmBatch),
      ratio(f.wasm, f.addon),
      figure(f.reference),
      ratio(f.reference, f.cpp),
    ],
  }));
}

/** One line naming the machine, the checkout, the date and the load of a run. */
function machineLine({ machine, load_before: before, load_after: after }) {
  return (
    `${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB, ${machine.os}; ${machine.compiler}; ` +
    `${machine.emscripten ?? 'no Emscripten'}; Node ${machine.node}; commit ${machine.git_commit ?? 'unknown'}; ` +
    `${machine.date}; load average (1 min) ${before.one} before, ${after.one} after`
  );
}

module.exports = { PER_REQUEST_COLUMNS, perRequestFigures, perRequestRows, machineLine, DATABASE_NAMES };
