'use strict';
// Billing runs on PostgreSQL with two worker processes (issue 17). For each size: a database
// on one PostgreSQL cluster (durability as shipped, pg_stat_statements loaded), two server
// processes on it (`npm start`'s entry point; the first sets up, both run jobs, so both claim
// the run's batch jobs), N subscriptions seeded (billing-seed.js: the catalog through the API, the subscriptions by the
// server's services in this process, in batches), the test
// clocks moved to February 1 so every subscription is due once, the job queue left to go
// quiet, then one billing run (`POST /v1/billing_runs`) timed until it succeeded. Then where
// the time went and whether the run billed right (billing-checks.js).
//
// Automatic billing (the every-minute `billing.bill_due` job) is off in both processes, as in
// the server's crash test: the run alone bills.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('../../server/node_modules/pg');
const { startPostgres } = require('../../server/test/support/postgres.js');
const { startServerProcess } = require('./server-process.js');
const { apiClient } = require('./api-client.js');
const { processCpu, clusterCpu } = require('./process-cpu.js');
const { progressLine } = require('./progress-line.js');
const { load } = require('./machine.js');
const { seedSubscriptions, sendUsage, BILLING_INSTANT, CLOCK_SIZE } = require('./billing-seed.js');
const { checkRun, replayCore, statementTotals, resetStatements, MONITOR_ROLE } = require('./billing-checks.js');

const PROCESSES = 2;
const POLL_MS = 100;
const ENV = { RATECARD_AUTO_BILLING: 'false', RATECARD_EXAMPLE_APP: 'false' };

/// Measures a billing run of each of `sizes` subscriptions, in turn, on one PostgreSQL.
async function measureBillingRuns({ sizes }) {
  const postgres = await startPostgres({ durable: true, settings: { shared_preload_libraries: 'pg_stat_statements' } });
  try {
    const admin = new Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query(`create role ${MONITOR_ROLE} login superuser`);
    await admin.end();
    const runs = [];
    for (const size of sizes) runs.push(await measureOne(postgres, size));
    return { processes: PROCESSES, clock_size: CLOCK_SIZE, runs };
  } finally {
    postgres.stop();
  }
}

async function measureOne(postgres, size) {
  const name = `bench_${size}`;
  const admin = new Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const databaseUrl = postgres.url.replace(/\/postgres$/, `/${name}`);
  const monitor = new Client({ connectionString: databaseUrl.replace('postgres@', `${MONITOR_ROLE}@`) });
  await monitor.connect();
  await monitor.query('create extension pg_stat_statements');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-bench-billing-'));
  const servers = [];
  const line = progressLine();
  const label = `bench:   billing ${size.toLocaleString('en-US')}:`;
  try {
    // The second process starts once the first has migrated the database and written the key.
    for (let i = 0; i < PROCESSES; i += 1) {
      servers.push(startServerProcess({ databaseUrl, dataDir, env: ENV }));
      servers[i].api = apiClient(await servers[i].ready);
    }
    const apis = servers.map((server) => server.api);
    const [api] = apis;

    const seeded = await seedSubscriptions(apis, size, { databaseUrl, dataDir, progress: (text) => line.update(`${label} seeding ${text}`) });
    line.done(`${label} seeded ${size.toLocaleString('en-US')} customers and subscriptions (first invoices included) in ${seeded.seconds.toFixed(1)} s`);
    const started = Date.now();
    const events = await sendUsage(apis, seeded.customers, (text) => line.update(`${label} sending ${text}`));
    await waitForUsage(api, events, (text) => line.update(`${label} ${text}`));
    await moveClocks(api, seeded.clocks, BILLING_INSTANT, (text) => line.update(`${label} ${text}`));
    const usageAndClocks = (Date.now() - started) / 1000;
    line.done(`${label} ${events.toLocaleString('en-US')} usage events merged, ${seeded.clocks.length} test clocks moved to ${BILLING_INSTANT} in ${usageAndClocks.toFixed(1)} s`);
    const quiet = await waitForQuietQueue(monitor, (text) => line.update(`${label} ${text}`));
    line.done(`${label} job queue quiet after ${quiet.toFixed(1)} s (the outbox events of the seeding and the clocks' renewals delivered)`);

    const loadBefore = load(); // the seeding's own load fades over minutes: read the 1-minute figure with that in mind
    const run = await timeRun(api, monitor, servers, postgres, size, (text) => line.update(`${label} billing ${text}`));
    line.done(`${label} billed ${run.invoices.toLocaleString('en-US')} invoices in ${run.wall_s} s (${run.invoices_per_s.toLocaleString('en-US')} invoices/s)`);

    const checks = await checkRun(monitor, run.id, size);
    const core = await replayCore(monitor, run.id);
    if (core.mismatched) checks.problems.push(`${core.mismatched} invoices replayed through the core gave another total`);
    if (checks.problems.length) throw new Error(`the billing run of ${size} subscriptions billed wrong: ${checks.problems.join('; ')}`);
    line.done(`${label} checked: ${checks.invoices.toLocaleString('en-US')} invoices, one per subscription and period, numbers gapless`);
    return {
      subscriptions: size,
      load_before: loadBefore,
      customers: size,
      test_clocks: seeded.clocks.length,
      usage_events: events,
      seeding_s: { subscriptions: round(seeded.seconds, 1), usage_and_clocks: round(usageAndClocks, 1), queue_quiet: round(quiet, 1) },
      seeding_subscriptions_per_s: Math.round(size / seeded.seconds),
      ...run,
      time: breakdown(run, core),
      core_replay: { invoices: core.invoices, cpu_s: round(core.cpu_s, 3), wall_s: round(core.wall_s, 3) },
      checks,
      load_after: load(),
    };
  } finally {
    for (const server of servers) await server.stop();
    await monitor.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// Times one billing run from its request until it succeeded: the server's own timestamps
// (created_at to finished_at), the CPU of the server processes and of PostgreSQL, and the
// statements PostgreSQL executed (pg_stat_statements, the monitor's own queries left out).
async function timeRun(api, monitor, servers, postgres, size, progress) {
  await resetStatements(monitor);
  const cpu = () => ({ servers: servers.reduce((sum, server) => sum + processCpu(server.child.pid), 0), postgres: clusterCpu(postgres.dataDir) });
  const before = cpu();
  const queued = await api.call('POST', '/v1/billing_runs', {});
  let run;
  for (;;) {
    run = await api.call('GET', `/v1/billing_runs/${queued.id}`);
    if (run.status === 'succeeded' || run.status === 'failed') break;
    const { rows: [{ n }] } = await monitor.query('select count(*)::int as n from invoices where billing_run_id = $1', [queued.id]);
    progress(`${n.toLocaleString('en-US')}/${size.toLocaleString('en-US')} invoices (${run.status})`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const after = cpu();
  const jobsLeft = await queuedJobs(monitor);
  const statements = await statementTotals(monitor);
  if (run.status !== 'succeeded') throw new Error(`the billing run ${run.id} ${run.status}: ${JSON.stringify(run.failures).slice(0, 1000)}`);
  const wall = (Date.parse(run.finished_at) - Date.parse(run.created_at)) / 1000;
  return {
    id: run.id,
    wall_s: round(wall, 2),
    invoices: run.invoices,
    billed_subscriptions: run.subscriptions,
    invoices_per_s: Math.round(run.invoices / wall),
    totals: run.totals,
    failures: run.failures.length,
    jobs_queued_at_success: jobsLeft,
    cpu_s: { servers: round(after.servers - before.servers, 2), postgres: round(after.postgres - before.postgres, 2) },
    statements,
  };
}

// Where the two workers' time went: the core (its invoice requests replayed in this process,
// the same call the server makes), the rest of the server processes' CPU (Node: routing, SQL
// building, JSON, the pg driver), PostgreSQL executing statements, and what is left of the
// workers' wall time (round trips, commits waiting for the WAL flush, locks, polling, and on a
// busy machine waiting for a CPU).
function breakdown(run, core) {
  const workers = run.wall_s * PROCESSES;
  const node = Math.max(0, run.cpu_s.servers - core.cpu_s);
  const database = run.statements.exec_ms / 1000;
  const seconds = { core: core.cpu_s, node, database, other: Math.max(0, workers - core.cpu_s - node - database) };
  const perInvoice = (value) => round((value * 1000) / run.invoices, 3);
  return {
    worker_s: round(workers, 2),
    seconds: Object.fromEntries(Object.entries(seconds).map(([key, value]) => [key, round(value, 2)])),
    share: Object.fromEntries(Object.entries(seconds).map(([key, value]) => [key, round(value / workers, 3)])),
    ms_per_invoice: Object.fromEntries(Object.entries(seconds).map(([key, value]) => [key, perInvoice(value)])),
    postgres_cpu_ms_per_invoice: perInvoice(run.cpu_s.postgres),
    statements_per_invoice: round(run.statements.calls / run.invoices, 1),
  };
}

// Moves every test clock to `instant` and waits until each is ready (its customers caught up).
async function moveClocks(api, clocks, instant, progress) {
  for (const id of clocks) await api.call('POST', `/v1/test_clocks/${id}/advance`, { frozen_time: instant });
  const waiting = new Set(clocks);
  while (waiting.size) {
    for (const id of [...waiting]) if ((await api.call('GET', `/v1/test_clocks/${id}`)).status === 'ready') waiting.delete(id);
    progress(`moving clocks to ${instant}: ${clocks.length - waiting.size}/${clocks.length} ready`);
    if (waiting.size) await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function waitForUsage(api, expected, progress) {
  for (;;) {
    const status = await api.call('GET', '/v1/usage/status');
    if (status.failed > 0) throw new Error(`usage events failed to merge: ${JSON.stringify(status)}`);
    if (status.pending === 0 && status.accepted >= expected) return;
    progress(`merging usage: ${status.pending.toLocaleString('en-US')} events waiting`);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the status lists every customer waiting: not too often
  }
}

// One-off jobs queued or running (mostly outbox deliveries); recurring jobs keep their rows.
async function queuedJobs(monitor) {
  const { rows: [{ n }] } = await monitor.query("select count(*)::int as n from jobs where recurring = 0 and status in ('queued', 'running')");
  return n;
}

// Waits until no one-off job is queued or running (the outbox deliveries of what was just
// done); returns the seconds waited.
async function waitForQuietQueue(monitor, progress) {
  const start = Date.now();
  for (;;) {
    const n = await queuedJobs(monitor);
    if (n === 0) return (Date.now() - start) / 1000;
    progress(`waiting for the job queue: ${n.toLocaleString('en-US')} jobs left`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const round = (value, digits) => Number(value.toFixed(digits));

module.exports = { measureBillingRuns, PROCESSES };
