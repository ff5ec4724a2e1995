#!/usr/bin/env node
// Measures the core natively (Google Benchmark), the same requests through the addon and
// WebAssembly in Node next to a hand-written decimal.js reference (case by case, so each
// case's figures share the same moment of a shared machine's load), the WebAssembly module's
// size and cold start, the entitlement check's latency in process, and the server's usage
// ingestion over HTTP on SQLite and PostgreSQL; prints the figures as
// tables and writes them to benchmarks/results/latest.json with the machine they came from,
// and the README's figures. Figures, not tests: nothing here fails because something is slow
// (it fails when a runtime or the reference answers differently from the core).
// `npm run bench` (scripts/bench.sh) builds what this needs, then runs it.
//
//   node benchmarks/run.js [--quick] [--out FILE] [--only SECTION,...] [--wasm-dir DIR]...
//                          [--no-instructions] [--into-latest]
//
// --quick            a smoke run of a few seconds (build/bench-quick.json)
// --out FILE         where to write the JSON (default benchmarks/results/latest.json for a
//                    complete run, build/bench-partial.json for --only or --no-instructions)
// --only             sections among core, instructions, bindings, wasm, ingestion (default all)
// --wasm-dir DIR     also time another WebAssembly build (ratecard_wasm.js and .wasm in DIR),
//                    e.g. -O3 against the shipped -Os (README, "JavaScript package")
// --no-instructions  skip the callgrind instruction counts (about a minute)
// --into-latest      with --only ingestion: put the figures measured into latest.json in place
//                    of that section's (the others keep theirs), then rewrite the README's
//                    figures; the section records its own machine, commit and load
//
// Only a complete run (or --into-latest) writes benchmarks/results/latest.json and the
// README's figures.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { describeMachine, load } = require('./lib/machine.js');
const { runCoreBenchmark, countInstructions, valgrindAvailable } = require('./lib/core-native.js');
const { createBindingsBenchmark } = require('./lib/bindings.js');
const { callLatency } = require('./lib/latency.js');
const { measureWasmStartup } = require('./lib/wasm-startup.js');
const { measureUsageIngestion } = require('./lib/usage-ingestion.js');
const { assessTargets } = require('./lib/targets.js');
const { printReport } = require('./lib/report.js');
const { writeReadme, LATEST } = require('./report.js');

const SECTIONS = ['core', 'instructions', 'bindings', 'wasm', 'ingestion'];
/// Sections --into-latest may replace on their own: they carry their own machine and load.
const SELF_DESCRIBED_SECTIONS = { ingestion: 'usage_ingestion' };
const CASES = JSON.parse(fs.readFileSync(path.join(__dirname, 'requests.json'), 'utf8'));
const BUILD = path.join(__dirname, '..', 'build');

function parseArguments(argv) {
  const options = { quick: false, out: null, only: SECTIONS, extraWasmDirs: [], instructions: true, intoLatest: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--no-instructions') options.instructions = false;
    else if (arg === '--into-latest') options.intoLatest = true;
    else if (arg === '--out' && argv[i + 1]) options.out = path.resolve(argv[(i += 1)]);
    else if (arg === '--wasm-dir' && argv[i + 1]) options.extraWasmDirs.push(argv[(i += 1)]);
    else if (arg === '--only' && argv[i + 1]) {
      options.only = argv[(i += 1)].split(',');
      const unknown = options.only.filter((name) => !SECTIONS.includes(name));
      if (unknown.length > 0) throw new Error(`unknown section ${unknown.join(', ')}; sections: ${SECTIONS.join(', ')}`);
    } else throw new Error(`unknown argument ${arg} (see the top of benchmarks/run.js)`);
  }
  if (options.intoLatest && (options.quick || options.only.some((name) => !SELF_DESCRIBED_SECTIONS[name]))) {
    throw new Error(`--into-latest replaces only ${Object.keys(SELF_DESCRIBED_SECTIONS).join(', ')} (with --only, without --quick)`);
  }
  // Only a complete run stands for the project, in latest.json and the README.
  const complete = !options.quick && options.only.length === SECTIONS.length && options.instructions;
  options.out ??= complete ? LATEST : path.join(BUILD, options.quick ? 'bench-quick.json' : 'bench-partial.json');
  options.readme = complete && options.out === LATEST;
  return options;
}

// Runs one section under a progress heading on stderr (the tables go to stdout at the end).
async function section(title, run) {
  const start = Date.now();
  process.stderr.write(`bench: ${title}...`);
  const result = await run((step) => process.stderr.write(` ${step}`));
  process.stderr.write(` (${((Date.now() - start) / 1000).toFixed(1)} s)\n`);
  return result;
}

async function entitlementLatency(options) {
  const { createRatecard } = require('..');
  const rc = await createRatecard({ backend: 'native' });
  const check = JSON.stringify(CASES.find((entry) => entry.op === 'entitlements').request);
  return callLatency(() => rc.evaluateJson(check), options.quick ? { samples: 200, warmup: 20 } : {});
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const wants = (name) => options.only.includes(name);
  const results = {
    schema: 3,
    quick: options.quick,
    machine: describeMachine(),
    load_before: load(),
    cases: CASES.map(({ name, op, description }) => ({ name, op, description })),
  };

  if (wants('core') || wants('bindings')) {
    results.bindings = wants('bindings') ? { cases: [] } : undefined;
    results.core = wants('core') ? [] : undefined;
    await section('per request, case by case: C++ (Google Benchmark), then addon, WebAssembly, decimal.js in Node', async (progress) => {
      const bindings = wants('bindings') ? await createBindingsBenchmark(CASES, options) : null;
      if (bindings) Object.assign(results.bindings, { batch_size: bindings.batch_size, runtimes: bindings.runtimes });
      for (const benchCase of CASES) {
        progress(benchCase.name);
        if (results.core) results.core.push(runCoreBenchmark(benchCase, options));
        if (bindings) results.bindings.cases.push(bindings.measure(benchCase));
      }
    });
  }
  if (wants('instructions') && options.instructions && !options.quick) {
    if (valgrindAvailable()) {
      results.instructions = await section('instructions per request (callgrind)', (progress) => countInstructions(CASES, { progress }));
    } else {
      process.stderr.write('bench: valgrind is not installed; no instruction counts\n');
    }
  }
  if (wants('bindings')) {
    results.entitlements_in_process = await section('entitlement check latency in process', () => entitlementLatency(options));
  }
  if (wants('wasm')) {
    results.wasm = await section('WebAssembly size and cold start', () => measureWasmStartup(CASES[0].request, options));
  }
  if (wants('ingestion')) {
    results.usage_ingestion = await section('usage ingestion over HTTP (server process, autocannon)', async (progress) => ({
      machine: describeMachine(), load_before: load(), ...await measureUsageIngestion({ quick: options.quick, progress }), load_after: load(),
    }));
  }

  results.load_after = load();
  results.targets = assessTargets(results);
  if (options.intoLatest) {
    const latest = JSON.parse(fs.readFileSync(LATEST, 'utf8'));
    for (const name of options.only) latest[SELF_DESCRIBED_SECTIONS[name]] = results[SELF_DESCRIBED_SECTIONS[name]];
    latest.targets = assessTargets(latest);
    fs.writeFileSync(LATEST, `${JSON.stringify(latest, null, 2)}\n`);
    printReport(latest);
    writeReadme(latest);
    console.log(`\nbench: ${options.only.join(', ')} replaced in ${path.relative(process.cwd(), LATEST)}; README.md figures rewritten`);
    return;
  }
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  printReport(results);
  console.log(`\nbench: wrote ${path.relative(process.cwd(), options.out)}`);
  if (options.readme) {
    writeReadme(results);
    console.log('bench: README.md figures rewritten');
  } else {
    console.log('bench: README.md left alone (only a complete run rewrites it)');
  }
}

main().catch((error) => {
  console.error(`\nbench: ${error.stack || error.message}`);
  process.exit(1);
});
