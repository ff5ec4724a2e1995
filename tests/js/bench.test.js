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

  test('rewriting the block keeps the rest of the text', () => {
    const rewritten = replaceReadmeBlock(readme, latest);
    expect(rewritten).toBe(readme);
    expect(() => replaceReadmeBlock('no markers here', latest)).toThrow(/no benchmark block/);
  });
});
