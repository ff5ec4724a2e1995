'use strict';
// Usage ingestion over HTTP: a real server process (`npm start`'s entry point, at the
// durability it ships with: SQLite in WAL mode with synchronous=FULL, PostgreSQL with its
// defaults, fsync and synchronous commits on) and autocannon beside it on loopback, sending
// batches of 100 events of which 10 % repeat earlier ones. Then a count check: every distinct
// event stored once and counted once in the aggregates, nothing lost, nothing twice.
// Where the time goes: the CPU each process used (server, PostgreSQL, the load tool) per event.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startServerProcess } = require('./server-process.js');
const autocannon = require('autocannon');
const { startPostgres } = require('../../server/test/support/postgres.js');
const { processCpu, clusterCpu } = require('./process-cpu.js');

const BATCH = 100;
const FRESH_PER_BATCH = 90; // and 10 repeats: 10 % duplicates
const CUSTOMERS = 20;
const CONNECTIONS = 8;

/// Measures SQLite and PostgreSQL in turn; `progress(step)` names each step.
async function measureUsageIngestion({ quick = false, progress = () => {} } = {}) {
  const batches = quick ? 50 : 1500;
  const result = { uptime: uptime(), batch_size: BATCH, duplicate_share: 0.1, connections: CONNECTIONS, databases: [] };
  for (const database of ['sqlite', 'postgres']) {
    progress(database);
    result.databases.push(await measureOne(database, batches));
  }
  result.uptime_after = uptime();
  return result;
}

async function measureOne(database, batchCount) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-bench-'));
  const postgres = database === 'postgres' ? await startPostgres({ durable: true }) : null;
  const server = startServerProcess({ databaseUrl: postgres ? postgres.url : null, sqliteFile: path.join(dir, 'bench.sqlite'), dataDir: dir });
  try {
    const { url: base, adminKey: key } = await server.ready;
    const { customers } = await setUpMeteredCustomers(base, key);
    const { bodies, unique } = makeBatches(customers, batchCount);

    const cpuBefore = cpuSeconds(server.child.pid, postgres);
    const statuses = { accepted: 0, duplicate: 0, conflict: 0, error: 0 };
    let next = 0;
    // The run lasts from its start to its last answer. (autocannon's own `duration` ends at the
    // tick of its once-a-second sampling after the last answer: up to a second more, 8 % of a
    // 12-second run.)
    const startedAt = performance.now();
    let answeredAt = startedAt;
    const run = await autocannon({
      url: base, connections: CONNECTIONS, amount: bodies.length, timeout: 60,
      requests: [{
        method: 'POST', path: '/v1/usage_events',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: bodies[next++] }),
        onResponse: (status, body) => {
          answeredAt = performance.now();
          if (status !== 200) return;
          const answer = JSON.parse(body);
          statuses.accepted += answer.accepted;
          statuses.duplicate += answer.duplicates;
          statuses.conflict += answer.conflicts;
          statuses.error += answer.errors;
        },
      }],
    });
    const seconds = (answeredAt - startedAt) / 1000;
    const cpuAfterIngestion = cpuSeconds(server.child.pid, postgres);
    const toolCpu = process.cpuUsage();
    const drainStart = Date.now();
    const status = await waitForMerged(base, key, unique.length);
    const drainSeconds = (Date.now() - drainStart) / 1000;
    const counted = await countedCalls(base, key, customers);

    const sent = bodies.length * BATCH;
    const perEvent = (seconds) => round((seconds * 1e6) / sent, 1);
    return {
      database,
      events_sent: sent,
      distinct_events: unique.length,
      requests: run.requests.total,
      non_2xx: run.non2xx + run.errors + run.timeouts,
      duration_s: round(seconds, 2),
      events_per_s: Math.round(sent / seconds),
      latency_ms: { p50: run.latency.p50, p90: run.latency.p90, p99: run.latency.p99, max: run.latency.max },
      results: statuses,
      stored: status.accepted,
      counted,
      lost: unique.length - status.accepted,
      counted_twice: Math.max(0, counted - unique.length),
      merged_s_after_last_request: round(drainSeconds, 2),
      cpu_us_per_event: {
        server: perEvent(cpuAfterIngestion.server - cpuBefore.server),
        postgres: postgres ? perEvent(cpuAfterIngestion.postgres - cpuBefore.postgres) : null,
        load_tool: perEvent((toolCpu.user + toolCpu.system) / 1e6 - cpuBefore.tool),
      },
    };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    if (postgres) postgres.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function call(base, key, method, url, body) {
  const response = await fetch(`${base}${url}`, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  });
  const answer = await response.json();
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** Metrics, a plan charging for them, and customers subscribed to it; resolves to { plan, customers } (ids). */
async function setUpMeteredCustomers(base, key) {
  await call(base, key, 'POST', '/v1/metrics', { code: 'api_calls', name: 'API calls', aggregation: 'count' });
  await call(base, key, 'POST', '/v1/metrics', { code: 'tokens', name: 'Tokens', aggregation: 'sum', property: 'tokens' });
  const product = await call(base, key, 'POST', '/v1/products', { name: 'Metered' });
  const prices = [];
  for (const metric of ['api_calls', 'tokens']) {
    prices.push((await call(base, key, 'POST', '/v1/prices', {
      product: product.id, currency: 'USD', type: 'usage', interval: 'month', metric, pricing: { model: 'per_unit', unit_amount: '0.001' },
    })).id);
  }
  const plan = await call(base, key, 'POST', '/v1/plans', { code: 'metered', name: 'Metered', product: product.id, currency: 'USD', interval: 'month', prices });
  const customers = [];
  for (let i = 0; i < CUSTOMERS; i += 1) {
    const customer = await call(base, key, 'POST', '/v1/customers', { name: `Bench ${i}`, currency: 'USD', external_id: `bench-${i}` });
    await call(base, key, 'POST', '/v1/subscriptions', { customer: customer.id, plan: plan.id });
    customers.push(customer.id);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000)); // events are dated after the subscriptions' start
  return { plan: plan.id, customers };
}

/**
 * Request bodies of 100 events: 90 new ones and 10 repeats of the previous batch's (of its own
 * for the first), across the customers, half API calls and half token counts. Resolves to
 * { bodies, unique }: batch b's new events are unique[90 b] to unique[90 b + 89].
 */
function makeBatches(customers, count) {
  const start = Date.now();
  const unique = [];
  const bodies = [];
  let previous = [];
  for (let b = 0; b < count; b += 1) {
    const fresh = [];
    for (let i = 0; i < FRESH_PER_BATCH; i += 1) {
      const n = unique.length;
      const event = {
        id: `evt-${n}`, customer: customers[n % customers.length], metric: n % 2 ? 'tokens' : 'api_calls',
        timestamp: new Date(start + (n % 60000)).toISOString(),
      };
      if (n % 2) event.properties = { tokens: n % 1000 };
      fresh.push(event);
      unique.push(event);
    }
    const repeats = (b ? previous : fresh).filter((_, i) => i % 9 === 0);
    bodies.push(JSON.stringify({ events: [...fresh, ...repeats] }));
    previous = fresh;
  }
  return { bodies, unique };
}

/** Waits until no event waits to be merged and at least `expected` are stored; resolves to /v1/usage/status. */
async function waitForMerged(base, key, expected) {
  const deadline = Date.now() + 600000;
  for (;;) {
    const status = await call(base, key, 'GET', '/v1/usage/status');
    if ((status.pending === 0 && status.accepted >= expected) || status.failed > 0) return status;
    if (Date.now() > deadline) throw new Error(`events still waiting after 10 minutes: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The events counted in the customers' aggregates (each distinct event counts 1). */
async function countedCalls(base, key, customers) {
  let calls = 0;
  let tokens = 0;
  for (const customer of customers) {
    const usage = await call(base, key, 'GET', `/v1/customers/${customer}/usage`);
    for (const item of usage.items) {
      if (item.metric === 'api_calls') calls += Number(item.quantity);
      if (item.metric === 'tokens') tokens += Number(item.event_count);
    }
  }
  return calls + tokens;
}

// CPU seconds used so far by the server process, the PostgreSQL cluster and this process.
function cpuSeconds(serverPid, postgres) {
  const usage = process.cpuUsage();
  return {
    server: processCpu(serverPid),
    postgres: postgres ? clusterCpu(postgres.dataDir) : 0,
    tool: (usage.user + usage.system) / 1e6,
  };
}

function uptime() {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${os.loadavg().map((value) => value.toFixed(2)).join(', ')}`;
  }
}

const round = (value, digits) => Number(value.toFixed(digits));

module.exports = {
  measureUsageIngestion, setUpMeteredCustomers, makeBatches, waitForMerged, countedCalls, FRESH_PER_BATCH, BATCH, CUSTOMERS,
};
