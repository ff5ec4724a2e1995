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

  test('calls a section that loads the machine itself busy only by the load before it started', () => {
    const withLoad = (before, after) => renderReadmeBlock({
      ...latest,
      entitlements_http: { ...latest.entitlements_http, load_before: { one: before }, load_after: { one: after } },
      usage_ingestion: { ...latest.usage_ingestion, uptime: `load average: ${before}, 1, 1`, uptime_after: `load average: ${after}, 1, 1` },
    });
    const quiet = withLoad(0.5, 1.9);
    expect(quiet).not.toMatch(/machine was busy/);
    expect(quiet).toContain('(the load after is mostly the run\'s own)');
    const busy = withLoad(1.5, 1.9);
    expect(busy).toContain('The machine was busy (load 1.5 on 2 cores before the section started');
    expect(busy).toContain('(the machine was busy before the run, other work sharing it');
  });

  test('rewriting the block keeps the rest of the text', () => {
    const rewritten = replaceReadmeBlock(readme, latest);
    expect(rewritten).toBe(readme);
    expect(() => replaceReadmeBlock('no markers here', latest)).toThrow(/no benchmark block/);
  });
});
