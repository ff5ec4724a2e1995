#!/usr/bin/env node
// Measures the core natively (Google Benchmark), the same requests through the addon and
// WebAssembly in Node next to a hand-written decimal.js reference (case by case, so each
// case's figures share the same moment of a shared machine's load), the WebAssembly module's
// size and cold start, the entitlement check's latency in process, and the server's usage
// ingestion over HTTP on SQLite and PostgreSQL, the entitlement check over HTTP, a mixed load
// (ingestion at 1.5x its sustainable rate with entitlement checks and portal traffic), and billing
// runs of 10,000 and 100,000 subscriptions on PostgreSQL with two server processes (the
// longest section: seeding 100,000 subscriptions takes minutes); prints the
// figures as tables and writes them to benchmarks/results/latest.json with the machine they came from,
// and the README's figures. Figures, not tests: nothing here fails because something is slow
// (it fails when a runtime or the reference answers differently from the core).
// `npm run bench` (scripts/bench.sh) builds what this needs, then runs it.
//
//   node benchmarks/run.js [--quick] [--out FILE] [--only SECTION,...] [--wasm-dir DIR]...
//                          [--no-instructions] [--merge] [--billing-sizes N,...]
//
// --quick            a smoke run of a few seconds (build/bench-quick.json)
// --out FILE         where to write the JSON (default benchmarks/results/latest.json for a
//                    complete run, build/bench-partial.json for --only or --no-instructions)
// --only             sections among core, instructions, bindings, wasm, ingestion,
//                    entitlements_http, load, billing (default all)
// --merge            with --only: measure those sections and put them into
//                    benchmarks/results/latest.json beside its other figures (each section
//                    carries the load it was measured at), then rewrite the README's figures
// --wasm-dir DIR     also time another WebAssembly build (ratecard_wasm.js and .wasm in DIR),
//                    e.g. -O3 against the shipped -Os (README, "JavaScript package")
// --no-instructions  skip the callgrind instruction counts (about a minute)
// --billing-sizes    the billing runs' sizes (default 10000,100000; 500 with --quick); a run
//                    with other sizes is not a complete run
//
// Only a complete run (or --merge) writes benchmarks/results/latest.json and the README's figures.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { describeMachine, load } = require('./lib/machine.js');
const { runCoreBenchmark, countInstructions, valgrindAvailable } = require('./lib/core-native.js');
const { createBindingsBenchmark } = require('./lib/bindings.js');
const { callLatency } = require('./lib/latency.js');
const { measureWasmStartup } = require('./lib/wasm-startup.js');
const { assessTargets } = require('./lib/targets.js');
const { printReport } = require('./lib/report.js');
const { writeReadme, LATEST } = require('./report.js');
const { measureUsageIngestion } = require('./lib/usage-ingestion.js');
const { measureEntitlementsHttp } = require('./lib/entitlements-http.js');
const { measureBillingRuns } = require('./lib/billing-run.js');
const { measureMixedLoad, FACTOR } = require('./lib/mixed-load.js');

const SECTIONS = ['core', 'instructions', 'bindings', 'wasm', 'ingestion', 'entitlements_http', 'load', 'billing'];
const BILLING_SIZES = { full: [10000, 100000], quick: [500] };
const CASES = JSON.parse(fs.readFileSync(path.join(__dirname, 'requests.json'), 'utf8'));
const BUILD = path.join(__dirname, '..', 'build');

function parseArguments(argv) {
  const options = { quick: false, out: null, only: SECTIONS, extraWasmDirs: [], instructions: true, merge: false, billingSizes: null };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--no-instructions') options.instructions = false;
    else if (arg === '--merge') options.merge = true;
    else if (arg === '--out' && argv[i + 1]) options.out = path.resolve(argv[(i += 1)]);
    else if (arg === '--wasm-dir' && argv[i + 1]) options.extraWasmDirs.push(argv[(i += 1)]);
    else if (arg === '--billing-sizes' && argv[i + 1]) {
      options.billingSizes = argv[(i += 1)].split(',').map(Number);
      if (options.billingSizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error('--billing-sizes takes positive whole numbers, e.g. 10000,100000');
    }
    else if (arg === '--only' && argv[i + 1]) {
      options.only = argv[(i += 1)].split(',');
      const unknown = options.only.filter((name) => !SECTIONS.includes(name));
      if (unknown.length > 0) throw new Error(`unknown section ${unknown.join(', ')}; sections: ${SECTIONS.join(', ')}`);
    } else throw new Error(`unknown argument ${arg} (see the top of benchmarks/run.js)`);
  }
  // Only a complete run stands for the project, in latest.json and the README.
  const complete = !options.quick && options.only.length === SECTIONS.length && options.instructions && !options.billingSizes;
  if (options.merge && (complete || options.quick)) throw new Error('--merge takes --only with some sections, without --quick');
  options.out ??= complete || options.merge ? LATEST : path.join(BUILD, options.quick ? 'bench-quick.json' : 'bench-partial.json');
  options.readme = (complete || options.merge) && options.out === LATEST;
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

// The check over HTTP on SQLite and on a PostgreSQL started for the run (the server tests'
// throwaway cluster), then the local helper.
async function entitlementsHttp(options, progress) {
  const { startPostgres } = require('../server/test/support/postgres.js');
  const { Client } = require('../server/node_modules/pg');
  const postgres = await startPostgres();
  const sqliteDir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'ratecard-bench-sqlite-'));
  try {
    const admin = new Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('create database bench');
    await admin.end();
    const databases = [
      { name: 'sqlite', sqliteFile: path.join(sqliteDir, 'bench.sqlite') },
      { name: 'postgres', databaseUrl: postgres.url.replace(/\/postgres$/, '/bench'), postgresDataDir: postgres.dataDir },
    ];
    return await measureEntitlementsHttp({
      databases, progress, rate: 2000, seconds: options.quick ? 2 : 10, warmupSeconds: options.quick ? 1 : 3, samples: options.quick ? 2000 : 20000,
    });
  } finally {
    postgres.stop();
    fs.rmSync(sqliteDir, { recursive: true, force: true });
  }
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const wants = (name) => options.only.includes(name);
  let results = {
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
  if (wants('entitlements_http')) {
    results.entitlements_http = await section('entitlement check over HTTP at 2,000 requests/s (SQLite, PostgreSQL), local helper',
      (progress) => entitlementsHttp(options, progress));
  }

  if (wants('ingestion')) {
    results.usage_ingestion = await section('usage ingestion over HTTP (a server process, autocannon; SQLite, PostgreSQL)', async (progress) => ({
      machine: describeMachine(), load_before: load(), ...await measureUsageIngestion({ quick: options.quick, progress }), load_after: load(),
    }));
  }

  if (wants('load')) {
    const sustainable = await sustainableIngestion(results);
    const seconds = options.quick ? 3 : 20;
    results.mixed_load = await section(`mixed load for ${seconds} s: ingestion at ${FACTOR}x ${sustainable.source}, entitlement checks and portal traffic (SQLite, PostgreSQL)`,
      async (progress) => ({ machine: describeMachine(), ...await measureMixedLoad({ ...sustainable, seconds, progress }) }));
  }

  if (wants('billing')) {
    const sizes = options.billingSizes ?? (options.quick ? BILLING_SIZES.quick : BILLING_SIZES.full);
    results.billing_runs = await section(`billing runs of ${sizes.map((size) => size.toLocaleString('en-US')).join(' and ')} subscriptions (PostgreSQL, two server processes)`, async () => {
      process.stderr.write('\n'); // the steps' progress lines follow
      return { machine: describeMachine(), load_before: load(), ...await measureBillingRuns({ sizes }), load_after: load() };
    });
  }

  results.load_after = load();
  if (options.merge) results = mergedInto(JSON.parse(fs.readFileSync(LATEST, 'utf8')), results, options.only);
  results.targets = assessTargets(results);
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

// The events per second each database sustains, for the mixed load: this run's ingestion
// section, else the saved run's, else a quick measurement now.
async function sustainableIngestion(results) {
  const saved = fs.existsSync(LATEST) ? JSON.parse(fs.readFileSync(LATEST, 'utf8')).usage_ingestion : undefined;
  let ingestion = results.usage_ingestion ?? saved;
  let source = results.usage_ingestion ? 'the rate this run\'s ingestion section measured' : `the rate the saved ingestion section measured at ${saved?.machine.date}`;
  if (!ingestion) {
    ingestion = await section('usage ingestion, quick, for the mixed load\'s rate', (progress) => measureUsageIngestion({ quick: true, progress }));
    source = 'the rate a quick ingestion run measured';
  }
  const sustainable = Object.fromEntries(ingestion.databases.map((entry) => [entry.database, entry.events_per_s]));
  return { sustainable, source };
}

// What each section writes into the results.
const SECTION_KEYS = {
  core: ['core'], instructions: ['instructions'], bindings: ['bindings', 'entitlements_in_process'], wasm: ['wasm'],
  ingestion: ['usage_ingestion'],
  entitlements_http: ['entitlements_http'],
  load: ['mixed_load'],
  billing: ['billing_runs'],
};

// The saved run with the sections measured now in place of its own; everything else (the
// machine, the other figures and the load they were taken at) stays the saved run's.
function mergedInto(saved, measured, sections) {
  const merged = { ...saved };
  for (const section of sections) {
    for (const key of SECTION_KEYS[section]) if (measured[key] !== undefined) merged[key] = measured[key];
  }
  return merged;
}

main().catch((error) => {
  console.error(`\nbench: ${error.stack || error.message}`);
  process.exit(1);
});
