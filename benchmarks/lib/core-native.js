'use strict';
// The native core through Google Benchmark (build/bin/ratecard_bench, benchmarks/core/):
// CPU and wall-clock nanoseconds per request for each case, alone and batched, the stages of
// a request and the pricing engine without JSON; and, under valgrind's callgrind, instructions
// per request, which the load of a shared machine does not disturb.

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..', '..');
const BENCH_BINARY = path.join(ROOT, 'build', 'bin', 'ratecard_bench');

function requireBinary() {
  if (!fs.existsSync(BENCH_BINARY)) {
    throw new Error(`${path.relative(ROOT, BENCH_BINARY)} is missing: npm run bench builds it (scripts/bench.sh)`);
  }
}

// Google Benchmark's JSON: with repetitions, the median aggregate of each benchmark; without,
// its single run. Times are per iteration, in the unit the run names; cpu_time is the thread's
// CPU time (what the work costs), real_time the wall clock.
function timesByName(report) {
  const factor = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 };
  const byName = new Map();
  for (const run of report.benchmarks) {
    if (run.run_type === 'aggregate' && run.aggregate_name !== 'median') continue;
    const scale = factor[run.time_unit];
    byName.set(run.run_name, { cpu: run.cpu_time * scale, wall: run.real_time * scale });
  }
  return byName;
}

/**
 * Runs the Google Benchmark of the core on one case of requests.json and returns nanoseconds
 * ({cpu_ns, wall_ns}) per request alone and per request of a batch of 100, and the CPU
 * nanoseconds of the stages of a request ({parse_ns, op_ns, write_ns}) and of the pricing
 * engine alone (price cases). One case at a time, so that run.js can time each case natively
 * and from Node within the same few seconds, when the load of a shared machine is the same.
 */
function runCoreBenchmark({ name }, { quick }) {
  requireBinary();
  const args = ['--benchmark_format=json'];
  if (quick) args.push('--benchmark_min_time=0.005', `--benchmark_filter=^evaluate(_batch100)?/${name}$`);
  else {
    args.push('--benchmark_min_time=0.15', '--benchmark_repetitions=3', '--benchmark_report_aggregates_only=true');
    args.push(`--benchmark_filter=/${name}$`);
  }
  const output = execFileSync(BENCH_BINARY, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const times = timesByName(JSON.parse(output));
  const round = (value) => Number(value.toFixed(1));
  const time = (benchmark, perCall = 1) => {
    const entry = times.get(benchmark);
    return entry ? { cpu_ns: round(entry.cpu / perCall), wall_ns: round(entry.wall / perCall) } : null;
  };
  const cpu = (benchmark) => time(benchmark)?.cpu_ns ?? null;
  return {
    name,
    alone: time(`evaluate/${name}`),
    batch100_per_request: time(`evaluate_batch100/${name}`, 100),
    stages: { parse_ns: cpu(`stage_parse/${name}`), op_ns: cpu(`stage_op/${name}`), write_ns: cpu(`stage_write/${name}`) },
    engine_ns: cpu(`engine/${name}`),
  };
}

function valgrindAvailable() {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// Instructions callgrind counts for the whole process `ratecard_bench --repeat NAME COUNT`.
function instructionsOfProcess(name, count) {
  const { stderr } = spawnSync(
    'valgrind',
    ['--tool=callgrind', '--callgrind-out-file=/dev/null', BENCH_BINARY, '--repeat', name, String(count)],
    { encoding: 'utf8' },
  );
  const match = stderr.match(/Collected : (\d+)/);
  if (!match) throw new Error(`callgrind did not report on ${name}: ${stderr.slice(-500)}`);
  return Number(match[1]);
}

/**
 * Instructions per request for each case: the difference between evaluating it 1 + repeats
 * times and once, under callgrind, divided by repeats (so start-up does not count).
 */
function countInstructions(cases, { repeats = 20, progress = () => {} } = {}) {
  requireBinary();
  return cases.map(({ name }) => {
    progress(name);
    return {
      name,
      instructions: Math.round((instructionsOfProcess(name, 1 + repeats) - instructionsOfProcess(name, 1)) / repeats),
    };
  });
}

module.exports = { runCoreBenchmark, countInstructions, valgrindAvailable, BENCH_BINARY };
