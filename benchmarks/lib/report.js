'use strict';
// Prints a run of benchmarks/run.js as terminal tables: per request through every runtime side
// by side with the ratios, inside a native request, the WebAssembly module, the entitlement
// latency, usage ingestion over HTTP, the entitlement check over HTTP, billing runs, the mixed
// load, the targets and the machine.

const { formatTable, figure } = require('./table.js');
const { perRequestRows, PER_REQUEST_COLUMNS, machineLine } = require('./rows.js');
const { ingestionRows, INGESTION_COLUMNS } = require('./ingestion-rows.js');
const { billingRows, BILLING_COLUMNS, BILLING_MIX } = require('./billing-rows.js');
const { mixedLoadRows, MIXED_LOAD_COLUMNS, eventsLine } = require('./mixed-load-rows.js');

function printRuntimes(results) {
  const extra = (results.bindings?.runtimes ?? []).filter(({ key }) => key.startsWith('wasm:'));
  const header = ['request (us)', ...PER_REQUEST_COLUMNS.map(({ short }) => short), ...extra.map(({ key }) => key)];
  const rows = perRequestRows(results).map(({ name, cells }) => {
    const js = results.bindings?.cases.find((entry) => entry.name === name);
    return [name, ...cells, ...extra.map(({ key }) => figure(js?.[key].alone.cpu_us))];
  });
  console.log('\nPer request, CPU microseconds (median; latest.json also has the wall clock). Columns:');
  for (const { short, meaning } of PER_REQUEST_COLUMNS) console.log(`  ${short.padEnd(14)} ${meaning}`);
  console.log(formatTable(header, rows));
}

function printInsideNative(results) {
  if (!results.core && !results.instructions) return;
  const us = (nanoseconds) => (nanoseconds === null || nanoseconds === undefined ? null : nanoseconds / 1e3);
  const instructions = new Map((results.instructions ?? []).map((entry) => [entry.name, entry.instructions]));
  const rows = results.cases.map(({ name }) => {
    const core = results.core?.find((entry) => entry.name === name) ?? { stages: {} };
    const count = instructions.get(name);
    return [
      name,
      figure(us(core.stages.parse_ns)),
      figure(us(core.stages.op_ns)),
      figure(us(core.stages.write_ns)),
      figure(us(core.engine_ns)),
      count === undefined ? null : count.toLocaleString('en-US'),
    ];
  });
  console.log('\nInside a native request, CPU microseconds: parse the text, run the op on the parsed request,');
  console.log('write the answer; the pricing engine alone (price already read; charged and rounded); instructions per request (callgrind)');
  console.log(formatTable(['request', 'parse', 'op', 'write', 'engine', 'instructions'], rows));
}

function printWasm(results) {
  const wasm = results.wasm;
  if (wasm) {
    console.log('\nWebAssembly module');
    console.log(
      formatTable(
        ['file', 'raw KiB', 'gzip -9 KiB', 'instantiate ms', 'first request ms'],
        [[wasm.file, figure(wasm.raw_bytes / 1024), figure(wasm.gzip_bytes / 1024), figure(wasm.instantiate_ms), figure(wasm.first_request_ms)]],
      ),
    );
  }
  const latency = results.entitlements_in_process;
  if (latency) {
    console.log(`\nEntitlement check in process (addon, ${latency.samples} calls timed one by one): p50 ${latency.p50_us} us, p99 ${latency.p99_us} us, max ${latency.max_us} us`);
  }
}

function printIngestion(results) {
  const ingestion = results.usage_ingestion;
  if (!ingestion) return;
  console.log(`\nUsage ingestion over HTTP (batches of ${ingestion.batch_size}, ${ingestion.duplicate_share * 100} % duplicates, ${ingestion.connections} connections). Columns:`);
  for (const { short, meaning } of INGESTION_COLUMNS) console.log(`  ${short.padEnd(15)} ${meaning}`);
  console.log(formatTable(INGESTION_COLUMNS.map(({ short }) => short), ingestionRows(ingestion)));
  console.log(`uptime before: ${ingestion.uptime}\nuptime after:  ${ingestion.uptime_after}`);
}

function printEntitlementsHttp(results) {
  const http = results.entitlements_http;
  if (!http) return;
  console.log(`\nEntitlement check over HTTP at ${http.rate} requests/s for ${http.seconds} s (latency from when each request was due), load ${http.load_before.one} before, ${http.load_after.one} after`);
  const cpu = (f, name) => (f.cpu_us_per_request && f.cpu_us_per_request[name] !== null ? f.cpu_us_per_request[name] : '-');
  const rows = Object.entries(http.databases).map(([name, f]) => [name, f.achieved_rate, f.errors, figure(f.p50_ms), figure(f.p99_ms), figure(f.p999_ms), figure(f.max_ms),
    cpu(f, 'server'), cpu(f, 'postgres'), cpu(f, 'load_tool')]);
  console.log(formatTable(['database', 'achieved/s', 'errors', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'server CPU us/req', 'PostgreSQL CPU us/req', 'load tool CPU us/req'], rows));
  if (http.local_helper) console.log(`Local helper in process: p50 ${http.local_helper.p50_us} us, p99 ${http.local_helper.p99_us} us, max ${http.local_helper.max_us} us`);
}

function printBilling(results) {
  const billing = results.billing_runs;
  if (!billing) return;
  console.log(`\nBilling runs on PostgreSQL, ${billing.processes} server processes sharing the run's batch jobs (${BILLING_MIX}); load ${billing.load_before.one} before, ${billing.load_after.one} after. Columns:`);
  for (const { short, meaning } of BILLING_COLUMNS) console.log(`  ${short.padEnd(17)} ${meaning}`);
  console.log(formatTable(BILLING_COLUMNS.map(({ short }) => short), billingRows(billing)));
  for (const run of billing.runs) {
    const checks = run.checks;
    console.log(`${run.subscriptions.toLocaleString('en-US')}: ${checks.invoices.toLocaleString('en-US')} invoices, ${checks.distinct_subscriptions.toLocaleString('en-US')} subscriptions billed once, `
      + `${checks.duplicate_periods} periods billed twice, ${checks.still_due} still due, ${checks.numbered_invoices.toLocaleString('en-US')} numbers ${checks.numbers_gapless ? 'gapless' : 'WITH GAPS'}; `
      + `totals ${JSON.stringify(run.totals)}; the workers' time: ${Object.entries(run.time.share).map(([part, share]) => `${part} ${(share * 100).toFixed(1)} %`).join(', ')}; `
      + `${run.jobs_queued_at_success.toLocaleString('en-US')} jobs (outbox deliveries) still queued at the run's success; slowest statements: ${run.statements.top.slice(0, 3).map((top) => `${top.total_ms} ms in ${top.calls} × ${top.query.slice(0, 60)}`).join(' | ')}`);
  }
}

function printMixedLoad(results) {
  const mixed = results.mixed_load;
  if (!mixed) return;
  console.log(`\nMixed load for ${mixed.seconds} s per database: ingestion at ${mixed.factor}x ${mixed.sustainable_source}, ${mixed.rates.entitlements} entitlement checks/s, `
    + `${mixed.rates.portal} portal requests/s; load ${mixed.load_before.one} before, ${mixed.load_after.one} after. Columns:`);
  for (const { short, meaning } of MIXED_LOAD_COLUMNS) console.log(`  ${short.padEnd(9)} ${meaning}`);
  console.log(formatTable(MIXED_LOAD_COLUMNS.map(({ short }) => short), mixedLoadRows(mixed), { leftColumns: 2 }));
  for (const entry of mixed.databases) console.log(eventsLine(entry));
}

function printTargets(results) {
  console.log('\nTargets');
  const rows = results.targets.map((target) => [target.target, target.measured, target.status]);
  console.log(formatTable(['target', 'measured', 'status'], rows, { leftColumns: 3 }));
  console.log(`\n${machineLine(results)}`);
}

/** Prints every table of a results object to stdout. */
function printReport(results) {
  printRuntimes(results);
  printInsideNative(results);
  printWasm(results);
  printIngestion(results);
  printEntitlementsHttp(results);
  printBilling(results);
  printMixedLoad(results);
  printTargets(results);
}

module.exports = { printReport };
