'use strict';
// The benchmark's correctness, not its speed (nothing here times anything): every benchmark
// request is one the core accepts; the decimal.js reference the core is compared with answers
// byte for byte as the core does, on the benchmark requests and on every golden price vector;
// the targets are judged as issue 9 states them, the server's reported as not measured; and the
// README's figures are the ones generated from benchmarks/results/latest.json.

const fs = require('node:fs');
const path = require('node:path');
const { createRatecard } = require('../..');
const { evaluatePriceJson } = require('../../benchmarks/reference/price-decimaljs.js');
const { assessTargets } = require('../../benchmarks/lib/targets.js');
const { renderReadmeBlock, readmeBlock, replaceReadmeBlock } = require('../../benchmarks/lib/readme.js');

const ROOT = path.join(__dirname, '..', '..');
const readJson = (...parts) => JSON.parse(fs.readFileSync(path.join(ROOT, ...parts), 'utf8'));
const CASES = readJson('benchmarks', 'requests.json');
const PRICE_CASES = CASES.filter((entry) => entry.op === 'price');
const PRICE_VECTORS = readJson('tests', 'vectors', 'pricing.json').filter(
  (vector) => vector.request && vector.request.op === 'price' && vector.response.ok,
);

let rc;
beforeAll(async () => {
  rc = await createRatecard({ backend: 'native' });
});

describe('the benchmark requests', () => {
  test('cover every model issue 9 names and the other ops', () => {
    const names = CASES.map((entry) => entry.name);
    expect(names).toEqual(expect.arrayContaining(['price_graduated_10', 'price_volume_10', 'prorate', 'tax', 'invoice_20', 'entitlements_check']));
    expect(new Set(names).size).toBe(names.length);
    const graduated = CASES.find((entry) => entry.name === 'price_graduated_10').request;
    expect(graduated.price.tiers).toHaveLength(10);
    expect(CASES.find((entry) => entry.name === 'price_volume_10').request.price.tiers).toHaveLength(10);
  });

  test.each(CASES.map((entry) => [entry.name, entry]))('the core accepts %s', (_, entry) => {
    const answer = JSON.parse(rc.evaluateJson(JSON.stringify(entry.request)));
    expect(answer).toEqual({ ok: true, result: expect.any(Object) });
    expect(entry.request.op).toBe(entry.op);
  });

  test('the invoice has 20 lines', () => {
    const invoice = CASES.find((entry) => entry.name === 'invoice_20').request;
    const { result } = JSON.parse(rc.evaluateJson(JSON.stringify(invoice)));
    expect(result.lines).toHaveLength(20);
  });
});

describe('the decimal.js reference answers byte for byte as the core', () => {
  test.each(PRICE_CASES.map((entry) => [entry.name, entry]))('benchmark request %s', (_, entry) => {
    const text = JSON.stringify(entry.request);
    expect(evaluatePriceJson(text)).toBe(rc.evaluateJson(text));
  });

  test('covers the golden price vectors', () => {
    expect(PRICE_VECTORS.length).toBeGreaterThanOrEqual(60);
  });

  test.each(PRICE_VECTORS.map((vector) => [vector.name, vector]))('golden vector "%s"', (_, vector) => {
    const text = JSON.stringify(vector.request);
    expect(evaluatePriceJson(text)).toBe(rc.evaluateJson(text));
  });
});

describe('the targets', () => {
  // A run where the core is 15x the reference, WebAssembly 2x the addon, the batched addon adds
  // 3 us, and the entitlement check's p99 is 40 us.
  // The tax request has no reference and must not count for the first target.
  const time = (cpu) => ({ cpu_us: cpu, wall_us: cpu * 2 });
  const run = {
    cases: [
      { name: 'price_a', op: 'price' },
      { name: 'tax_b', op: 'tax' },
    ],
    core: [
      { name: 'price_a', alone: { cpu_ns: 10000, wall_ns: 30000 }, batch100_per_request: { cpu_ns: 8000, wall_ns: 9000 } },
      { name: 'tax_b', alone: { cpu_ns: 20000, wall_ns: 30000 }, batch100_per_request: { cpu_ns: 20000, wall_ns: 20000 } },
    ],
    bindings: {
      cases: [
        { name: 'price_a', addon: { alone: time(12), batch100_per_request: time(11) }, wasm: { alone: time(24), batch100_per_request: time(20) }, reference_decimaljs: time(150) },
        { name: 'tax_b', addon: { alone: time(21), batch100_per_request: time(20.5) }, wasm: { alone: time(30), batch100_per_request: time(30) } },
      ],
    },
    entitlements_in_process: { samples: 100, p50_us: 20, p99_us: 40, max_us: 90 },
  };

  test('are judged from the worst case', () => {
    expect(assessTargets(run).slice(0, 4)).toEqual([
      { target: expect.stringMatching(/20x the decimal\.js/), measured: '15.0x (slowest: price_a)', status: 'missed' },
      { target: expect.stringMatching(/within 3x/), measured: '2.0x (worst: price_a)', status: 'met' },
      { target: expect.stringMatching(/<= 2 us per op when batched/), measured: '3.00 us (worst: price_a)', status: 'missed' },
      { target: expect.stringMatching(/p99 < 1 ms in process/), measured: 'p99 40 us, p50 20 us', status: 'met' },
    ]);
  });

  test("list the server's as not measured yet, with what they need", () => {
    const server = assessTargets(run).slice(4);
    expect(server.map((target) => target.target)).toEqual([
      expect.stringMatching(/ingestion >= 20,000 events\/s/),
      expect.stringMatching(/100,000 subscriptions billed in < 60 s on PostgreSQL/),
      expect.stringMatching(/over HTTP p99 < 5 ms/),
      expect.stringMatching(/^mixed load at 1\.5x ingestion/),
    ]);
    for (const target of server) expect(target.status).toMatch(/^not measured yet: needs /);
  });

  // Billing runs: 100,000 must take under 60 s and no more than 1.25x the time per subscription of 10,000.
  const billingRun = (subscriptions, wallS) => ({ subscriptions, wall_s: wallS, invoices_per_s: Math.round(subscriptions / wallS) });
  const billing = (runs) => ({ ...run, billing_runs: { machine: { cores: 2 }, load_before: { one: 0.2 }, runs } });
  const billingTarget = (results) => assessTargets(results).find((target) => /subscriptions billed/.test(target.target));

  test('billing: met at 100,000 in 55 s after 10,000 in 5 s (1.10x per subscription)', () => {
    expect(billingTarget(billing([billingRun(10000, 5), billingRun(100000, 55)]))).toEqual({
      target: expect.stringMatching(/100,000 subscriptions billed in < 60 s/),
      measured: expect.stringMatching(/^100,000 in 55 s \(1,818 invoices\/s\), 10,000 in 5 s \(2,000 invoices\/s\): 1\.10x the time per subscription/),
      status: 'met',
    });
  });

  test('billing: missed when 100,000 take 60 s or more, or when growth is worse than linear', () => {
    expect(billingTarget(billing([billingRun(10000, 5), billingRun(100000, 61)])).status).toBe('missed');
    expect(billingTarget(billing([billingRun(10000, 3), billingRun(100000, 45)])).status).toBe('missed'); // 1.5x per subscription
  });

  test('billing: not measured without the run of 100,000', () => {
    expect(billingTarget(billing([billingRun(500, 1)]))).toEqual({
      target: expect.any(String), measured: null, status: expect.stringMatching(/^not measured yet: needs the billing runs of 10,000 and 100,000 subscriptions/),
    });
  });

  // The mixed load: met when every database's run answered only 2xx and 429 and kept every
  // acknowledged event once; each other outcome misses it.
  const trafficOf = (statuses, noAnswer = 0) => ({
    rate: 100, sent: 100, ok: statuses['200'] ?? 0, statuses, no_answer: noAnswer, achieved_rate: 90, latency_ms: { p50: 12.5, p99: 480, max: 900 },
  });
  const loadRun = (database, { ingestion = { 200: 100 }, entitlements = { 200: 100 }, portal = { 200: 100 }, noAnswer = 0, events = {} } = {}) => ({
    database,
    ingestion: { sustainable_events_per_s: 5000, target_events_per_s: 7500, batches: 100, ...trafficOf(ingestion, noAnswer) },
    entitlements: trafficOf(entitlements),
    portal: trafficOf(portal),
    events: {
      sent_distinct: 9000, acknowledged: 9000, unanswered_stored: 0, unanswered_missing: 0, expected: 9000, stored: 9000, counted: 9000,
      reported: { accepted: 9000, duplicate: 1000, conflict: 0, error: 0 }, accepted_twice: 0, lost: 0, counted_twice: 0, failed_merges: 0, merged_s_after_run: 0.4, ...events,
    },
  });
  const mixedLoad = (sqlite, postgres = loadRun('postgres')) => ({
    ...run,
    mixed_load: {
      machine: { cores: 2, git_commit: 'abc', date: '2026-12-06T00:00:00.000Z' }, seconds: 20, factor: 1.5, batch_size: 100, duplicate_share: 0.1,
      rates: { entitlements: 100, portal: 20 }, sustainable_source: 'the rate this run\'s ingestion section measured',
      load_before: { one: 0.4 }, load_after: { one: 1.9 }, databases: [sqlite, postgres],
    },
  });
  const mixedTarget = (results) => assessTargets(results).find((target) => /^mixed load/.test(target.target));

  test('mixed load: met with only 2xx and 429 answers and every event once', () => {
    const target = mixedTarget(mixedLoad(loadRun('sqlite', { portal: { 200: 90, 429: 10 } })));
    expect(target.status).toBe('met');
    expect(target.measured).toMatch(/^SQLite 7,500 events\/s: 9,000 stored, 9,000 counted of 9,000, 0 lost, 0 twice; other than 2xx: none, 429 10; PostgreSQL /);
  });

  test.each([
    ['a 5xx answer', { entitlements: { 200: 99, 503: 1 } }, /other than 2xx: 503: 1/],
    ['a 4xx other than 429', { ingestion: { 200: 99, 400: 1 } }, /other than 2xx: 400: 1/],
    ['a request with no answer', { ingestion: { 200: 99 }, noAnswer: 1 }, /other than 2xx: no answer: 1/],
    ['an event lost', { events: { stored: 8999, counted: 8999, lost: 1 } }, /8,999 stored, 8,999 counted of 9,000, 1 lost/],
    ['an event counted twice', { events: { counted: 9001, counted_twice: 1 } }, /9,001 counted of 9,000, 0 lost, 1 twice/],
    ['an event that failed to merge', { events: { failed_merges: 1 } }, /SQLite/],
  ])('mixed load: missed with %s', (_, outcome, measured) => {
    const target = mixedTarget(mixedLoad(loadRun('sqlite', outcome)));
    expect(target.status).toBe('missed');
    expect(target.measured).toMatch(measured);
  });

  test('mixed load: missed when only the second database fails', () => {
    expect(mixedTarget(mixedLoad(loadRun('sqlite'), loadRun('postgres', { portal: { 200: 99, 500: 1 } }))).status).toBe('missed');
  });
});

describe('the README', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const latest = readJson('benchmarks', 'results', 'latest.json');

  test('shows the figures of benchmarks/results/latest.json, as node benchmarks/report.js --readme writes them', () => {
    expect(readmeBlock(readme)).toBe(renderReadmeBlock(latest));
  });

  test('latest.json is a full run with the machine it came from', () => {
    expect(latest.quick).toBe(false);
    for (const field of ['cpu', 'os', 'compiler', 'node', 'date', 'git_commit']) expect(typeof latest.machine[field]).toBe('string');
    expect(latest.machine.cores).toBeGreaterThan(0);
    expect(typeof latest.load_before.one).toBe('number');
    expect(latest.cases.map((entry) => entry.name)).toEqual(CASES.map((entry) => entry.name));
  });

  test('shows the billing runs when a run measured them', () => {
    const time = { ms_per_invoice: { core: 0.17, node: 3.5, database: 1.2, other: 2.1 }, statements_per_invoice: 40.4, postgres_cpu_ms_per_invoice: 3.3 };
    const billing = {
      machine: { git_commit: 'abc', date: '2026-12-06T00:00:00.000Z' }, load_before: { one: 0.3 }, load_after: { one: 0.9 }, processes: 2,
      runs: [{ subscriptions: 10000, wall_s: 34.2, invoices_per_s: 292, time, seeding_subscriptions_per_s: 120 }],
    };
    const block = renderReadmeBlock({ ...latest, billing_runs: billing });
    expect(block).toContain('| subscriptions | run s | invoices/s | core ms | Node ms | database ms | other ms | statements | PostgreSQL CPU ms | seeding/s |');
    expect(block).toContain('| 10,000 | 34.2 | 292 | 0.17 | 3.5 | 1.2 | 2.1 | 40.4 | 3.3 | 120 |');
    expect(block).toContain('with 2 server processes sharing each run\'s batch jobs, measured on their own at commit abc');
  });

  test('shows the mixed load when a run measured it', () => {
    const traffic = (statuses, p50) => ({ rate: 74.9, sent: 1500, ok: statuses['200'], statuses, no_answer: 0, achieved_rate: 60, latency_ms: { p50, p99: 2400.5, max: 3100 } });
    const events = {
      sent_distinct: 135000, acknowledged: 135000, unanswered_stored: 0, unanswered_missing: 0, expected: 135000, stored: 135000, counted: 135000,
      reported: { accepted: 135000, duplicate: 15000, conflict: 0, error: 0 }, accepted_twice: 0, lost: 0, counted_twice: 0, failed_merges: 0, merged_s_after_run: 1.25,
    };
    const mixed = {
      machine: { git_commit: 'abc', date: '2026-12-06T00:00:00.000Z', cores: 2 }, seconds: 20, factor: 1.5, batch_size: 100, duplicate_share: 0.1,
      rates: { entitlements: 100, portal: 20 }, sustainable_source: 'the rate this run\'s ingestion section measured', load_before: { one: 0.3 }, load_after: { one: 1.8 },
      databases: [{
        database: 'sqlite', ingestion: { sustainable_events_per_s: 4993, target_events_per_s: 7490, batches: 1500, ...traffic({ 200: 1500 }, 412.3) },
        entitlements: traffic({ 200: 1990, 503: 10 }, 35), portal: traffic({ 200: 390, 429: 10 }, 20.25), events,
      }],
    };
    const block = renderReadmeBlock({ ...latest, mixed_load: mixed });
    expect(block).toContain('usage ingestion at 1.5x the rate this run\'s ingestion section measured (batches of 100, 10 % repeats)');
    expect(block).toContain('| database | traffic | rate/s | sent | 2xx | 429 | other | p50 ms | p99 ms | max ms |');
    expect(block).toContain('| SQLite | usage ingestion (batches) | 74.9 | 1,500 | 1,500 | 0 | none | 412 | 2401 | 3100 |');
    expect(block).toContain('| SQLite | entitlement checks | 74.9 | 1,500 | 1,990 | 0 | 503: 10 | 35.0 | 2401 | 3100 |');
    expect(block).toContain('| SQLite | portal reads | 74.9 | 1,500 | 390 | 10 | none | 20.3 | 2401 | 3100 |');
    expect(block).toContain('The events afterwards: SQLite: 7,490 events/s sent (4,993 sustainable), 135,000 distinct events, 135,000 acknowledged, 135,000 stored, 135,000 counted: 0 lost, 0 counted twice; all merged 1.25 s after the run.');
    expect(block).toContain('Measured on its own at commit abc, 2026-12-06T00:00:00.000Z, load average (1 min) 0.3 before, 1.8 after');
    expect(block).not.toContain('`node benchmarks/run.js --only load --merge`');
  });

  test('calls a section that loads the machine itself busy only by the load before it started', () => {
    const withLoad = (before, after) => renderReadmeBlock({
      ...latest,
      entitlements_http: { ...latest.entitlements_http, load_before: { one: before }, load_after: { one: after } },
      usage_ingestion: { ...latest.usage_ingestion, uptime: `load average: ${before}, 1, 1`, uptime_after: `load average: ${after}, 1, 1` },
      mixed_load: { ...latest.mixed_load, load_before: { one: before }, load_after: { one: after } },
      billing_runs: { ...latest.billing_runs, load_before: { one: before }, load_after: { one: after } },
    });
    const quiet = withLoad(0.5, 1.9);
    expect(quiet).not.toMatch(/machine was busy/);
    expect(quiet).toContain('(the load after is mostly the run\'s own)');
    const busy = withLoad(1.5, 1.9);
    expect(busy).toContain('The machine was busy (load 1.5 on 2 cores before the section started');
    expect(busy).toContain('(the machine was busy before the run, other work sharing it');
    expect(busy).toContain('measure again on a quiet machine with `node benchmarks/run.js --only load --merge`');
  });

  test('rewriting the block keeps the rest of the text', () => {
    const rewritten = replaceReadmeBlock(readme, latest);
    expect(rewritten).toBe(readme);
    expect(() => replaceReadmeBlock('no markers here', latest)).toThrow(/no benchmark block/);
  });
});
