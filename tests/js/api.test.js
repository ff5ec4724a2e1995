'use strict';
// The JavaScript package's API in Node, on both backends: createRatecard and its options,
// envelopes, BillingError, the typed helpers, the async entry points, and the fallback from the
// native addon to WebAssembly.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createRatecard, BillingError, entitlementsRequestForFeature } = require('../..');
const { loadVectorFiles } = require('./support/vector-files.js');

const ROOT = path.join(__dirname, '..', '..');

const graduated = {
  model: 'graduated',
  tiers: [
    { up_to: '5', unit_amount: '7' },
    { up_to: '10', unit_amount: '6.5' },
    { up_to: null, unit_amount: '6' },
  ],
};
const README_REQUEST = { op: 'price', currency: 'USD', price: graduated, quantity: '6' };
const README_RESPONSE = '{"ok":true,"result":{"amount":"41.50","currency":"USD","lines":['
  + '{"amount":"35.00","flat_amount":"0","kind":"tier","quantity":"5","tier_index":0,"unit_amount":"7","up_to":"5"},'
  + '{"amount":"6.50","flat_amount":"0","kind":"tier","quantity":"1","tier_index":1,"unit_amount":"6.5","up_to":"10"}],'
  + '"model":"graduated","quantity":"6","rounding":"half_up"}}';

// For every op, the first golden vector the core answers with a result and the first it refuses
// for one of the op's fields: [op, 'result' or 'error', fields (the request without `op`), the
// vector's response].
function helperCases() {
  const cases = new Map();
  for (const { vectors } of loadVectorFiles()) {
    for (const { request, response } of vectors) {
      if (typeof request?.op !== 'string' || request.op === 'batch') continue;
      if (!response.ok && response.error.path === '/op') continue;
      const { op, ...fields } = request;
      const outcome = response.ok ? 'result' : 'error';
      if (!cases.has(`${op} ${outcome}`)) cases.set(`${op} ${outcome}`, [op, outcome, fields, response]);
    }
  }
  return [...cases.values()].sort(([a, x], [b, y]) => a.localeCompare(b) || x.localeCompare(y));
}
const HELPER_CASES = helperCases();

describe('createRatecard', () => {
  test('uses the native addon by default in Node when it is built', async () => {
    expect((await createRatecard()).backend).toBe('native');
    expect((await createRatecard({})).backend).toBe('native');
  });

  test.each(['native', 'wasm'])('gives the %s backend when asked', async (backend) => {
    expect((await createRatecard({ backend })).backend).toBe(backend);
  });

  test('refuses an unknown backend, a misspelt option and options that are not an object', async () => {
    await expect(createRatecard({ backend: 'gpu' })).rejects.toThrow(/backend must be one of "auto", "native", "wasm", got "gpu"/);
    await expect(createRatecard({ backed: 'wasm' })).rejects.toThrow(/unknown createRatecard option "backed"/);
    await expect(createRatecard(null)).rejects.toThrow(TypeError);
  });
});

test('every op of the core has a helper and an entry in the TypeScript declarations', async () => {
  const registry = fs.readFileSync(path.join(ROOT, 'core', 'src', 'ops', 'op_registry.cpp'), 'utf8');
  const ops = [...registry.matchAll(/\{"([a-z_]+)", run_/g)].map((match) => match[1]).filter((op) => op !== 'batch');
  expect(ops).toContain('price');
  const rc = await createRatecard({ backend: 'wasm' });
  expect(ops.filter((op) => typeof rc[op] !== 'function')).toEqual([]);
  const declarations = fs.readFileSync(path.join(ROOT, 'index.d.ts'), 'utf8');
  const opTypes = declarations.split('export interface OpTypes {')[1].split('\n}')[0];
  expect(ops.filter((op) => !new RegExp(`^  ${op}: \\{ request: `, 'm').test(opTypes))).toEqual([]);
});

describe('the package name', () => {
  // Run from the repository root, where `ratecard` resolves to this package through its exports.
  const node = (...args) => execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const script = 'const rc = await createRatecard(); console.log(rc.backend, typeof BillingError, rc.price({currency: "USD", price: {model: "flat", amount: "29"}}).amount);';

  test('require("ratecard") gives the CommonJS build', () => {
    expect(node('-e', `const { createRatecard, BillingError } = require('ratecard'); (async () => { ${script} })();`))
      .toBe('native function 29.00\n');
  });

  test('import from "ratecard" works in an ES module in Node', () => {
    expect(node('--input-type=module', '-e', `import { createRatecard, BillingError } from 'ratecard'; ${script}`))
      .toBe('native function 29.00\n');
  });
});

describe.each(['native', 'wasm'])('a Ratecard on the %s backend', (backend) => {
  let rc;
  beforeAll(async () => {
    rc = await createRatecard({ backend });
  });

  test('evaluateJson answers the canonical bytes', () => {
    expect(rc.evaluateJson(JSON.stringify(README_REQUEST))).toBe(README_RESPONSE);
  });

  test('evaluateJson takes only a string', () => {
    expect(() => rc.evaluateJson(README_REQUEST)).toThrow(TypeError);
    expect(() => rc.evaluateJson()).toThrow(TypeError);
  });

  test('evaluate returns the parsed envelope, errors included, without throwing', () => {
    expect(rc.evaluate(README_REQUEST)).toEqual(JSON.parse(README_RESPONSE));
    expect(rc.evaluate({ op: 'price', currency: 'USD', price: graduated, quantity: '-1' })).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'must not be negative, got -1', path: '/quantity' },
    });
    expect(() => rc.evaluate('{"op":"price"}')).toThrow(TypeError);
  });

  test('run returns the result or throws a BillingError with code, message and path', () => {
    expect(rc.run(README_REQUEST).amount).toBe('41.50');
    let thrown;
    try {
      rc.run({ op: 'price', currency: 'usd', price: graduated, quantity: 1 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BillingError);
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown.name).toBe('BillingError');
    expect(thrown.code).toBe('UNKNOWN_CURRENCY');
    expect(thrown.path).toBe('/currency');
    expect(thrown.message).toMatch(/"usd" is not an active ISO 4217 currency code/);
  });

  test('a JavaScript number with a fraction never becomes an amount', () => {
    expect(() => rc.price({ currency: 'USD', price: { model: 'per_unit', unit_amount: '1' }, quantity: 0.1 + 0.2 }))
      .toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', path: '/quantity' }));
    expect(() => rc.price({ currency: 'USD', price: { model: 'per_unit', unit_amount: 9.99 }, quantity: 1 }))
      .toThrow(expect.objectContaining({ code: 'INVALID_TYPE', path: '/price/unit_amount' }));
  });

  test('price(fields) is run({op: "price", ...fields}), whatever op the fields carry', () => {
    const { op, ...fields } = README_REQUEST;
    expect(rc.price(fields)).toEqual(rc.run(README_REQUEST));
    expect(rc.price({ ...fields, op: 'batch' })).toEqual(rc.run({ ...fields, op }));
  });

  test.each(HELPER_CASES)('rc.%s(fields) gives the %s evaluateJson gives to {op, ...fields}', (op, outcome, fields, response) => {
    const answer = JSON.parse(rc.evaluateJson(JSON.stringify({ op, ...fields })));
    expect(answer).toEqual(response);
    if (response.ok) {
      expect(rc[op](fields)).toEqual(answer.result);
    } else {
      expect(() => rc[op](fields)).toThrow(BillingError);
      expect(() => rc[op](fields)).toThrow(expect.objectContaining(response.error));
    }
  });

  test('batch returns one envelope per request, in order', () => {
    const { op, ...fields } = README_REQUEST;
    expect(rc.batch([README_REQUEST, { op: 'nope' }, { ...fields, op, quantity: 7 }])).toEqual([
      JSON.parse(README_RESPONSE),
      { ok: false, error: expect.objectContaining({ code: 'UNKNOWN_OP', path: '/op' }) },
      { ok: true, result: rc.price({ ...fields, quantity: 7 }) },
    ]);
    expect(rc.batch([])).toEqual([]);
    expect(() => rc.batch({})).toThrow(expect.objectContaining({ code: 'INVALID_TYPE', path: '/requests' }));
  });

  test('evaluateJsonAsync and evaluateAsync give the same answers, many at once', async () => {
    const quantities = Array.from({ length: 300 }, (_, index) => index);
    const requests = quantities.map((quantity) => JSON.stringify({ ...README_REQUEST, quantity }));
    const answers = await Promise.all(requests.map((request) => rc.evaluateJsonAsync(request)));
    expect(answers).toEqual(requests.map((request) => rc.evaluateJson(request)));
    expect(await rc.evaluateAsync(README_REQUEST)).toEqual(JSON.parse(README_RESPONSE));
    await expect(rc.evaluateJsonAsync(42)).rejects.toThrow(TypeError);
  });

  test('the Ratecard object cannot be changed', () => {
    expect(Object.isFrozen(rc)).toBe(true);
  });
});

test('the native evaluateJsonAsync leaves the event loop free while it works', async () => {
  const rc = await createRatecard({ backend: 'native' });
  // The largest batch the core accepts (limits.hpp kMaxBatchRequests).
  const requests = Array.from({ length: 10000 }, (_, quantity) => ({ ...README_REQUEST, quantity }));
  const batch = JSON.stringify({ op: 'batch', requests });
  let ticks = 0;
  const ticker = setInterval(() => { ticks += 1; }, 0);
  const answer = await rc.evaluateJsonAsync(batch);
  clearInterval(ticker);
  expect(JSON.parse(answer).result.responses).toHaveLength(requests.length);
  expect(ticks).toBeGreaterThan(0);
});

// The server's check and the local helper send requests narrowed to the asked feature: the
// core must answer them as it answers the whole request. Each vector that asks about a feature
// gets the terms of every answered vector added under other names and ids (after its own, so the
// paths of its own entries stay), and unless the core refuses an added term its answer, the
// narrowed request's and the vector's must be one.
const ENTRY_LISTS = ['overrides', 'grants', 'seat_assignments', 'usage'];
function renamed(entries, suffix) {
  const renames = (entry, field) => (typeof entry[field] === 'string' ? { [field]: entry[field] + suffix } : {});
  return (entries || []).map((entry) => ({ ...entry, ...renames(entry, 'key'), ...renames(entry, 'feature'), ...renames(entry, 'id') }));
}
function withTermsOf(request, other, suffix) {
  const joined = { ...request, plan: { ...request.plan, features: [...(request.plan?.features || []), ...renamed(other.plan?.features, suffix)] } };
  for (const list of ENTRY_LISTS) joined[list] = [...(request[list] || []), ...renamed(other[list], suffix)];
  joined.add_ons = [...(request.add_ons || []), ...renamed(other.add_ons, suffix).map((addOn) => ({ ...addOn, features: renamed(addOn.features, suffix) }))];
  return joined;
}

// Does the core's answer refuse a term withTermsOf added (it names it, or points past the
// request's own entries)?
function refusesAddedTerm(envelope, request) {
  if (envelope.ok) return false;
  const { message, path: at } = envelope.error;
  if (message.includes('__other')) return true;
  const [, list, index] = at.match(/^\/(plan\/features|overrides|grants|seat_assignments|usage|add_ons)\/(\d+)/) || [];
  const own = list === 'plan/features' ? request.plan?.features : request[list];
  return list !== undefined && Number(index) >= (own || []).length;
}

test('an entitlements request narrowed to its feature gets the answer of the whole request', async () => {
  const rc = await createRatecard({ backend: 'native' });
  const vectors = loadVectorFiles().flatMap(({ vectors: list }) => list).filter(({ request }) => request?.op === 'entitlements');
  const asking = vectors.filter(({ request }) => typeof request.feature === 'string');
  const answered = vectors.filter(({ response }) => response.ok).map(({ request }) => request);
  expect(asking.length).toBeGreaterThan(50);
  let compared = 0;
  for (const { request, response } of asking) {
    const expected = JSON.stringify(response);
    expect(rc.evaluateJson(JSON.stringify(entitlementsRequestForFeature(request, request.feature)))).toBe(expected);
    for (const [index, other] of answered.entries()) {
      const whole = withTermsOf(request, other, `__other${index}`);
      const wholeAnswer = rc.evaluateJson(JSON.stringify(whole));
      if (refusesAddedTerm(JSON.parse(wholeAnswer), request)) continue; // the added terms do not fit this request's
      expect([request.feature, index, wholeAnswer]).toEqual([request.feature, index, expected]);
      expect(rc.evaluateJson(JSON.stringify(entitlementsRequestForFeature(whole, request.feature)))).toBe(expected);
      compared += 1;
    }
  }
  expect(compared).toBeGreaterThan(asking.length * 20);
  const twoFeatures = { plan: { features: [{ key: 'a', kind: 'boolean' }, { key: 'b', kind: 'boolean' }] }, add_ons: [{ id: 'x', quantity: 1, features: [{ key: 'b', kind: 'boolean' }] }], usage: [{ feature: 'a', amount: '1', at: '2026-01-01T00:00:00Z' }], billing: { interval: 'month' } };
  // The schedule goes only with a feature that may reset on it (a metered one).
  expect(entitlementsRequestForFeature(twoFeatures, 'a')).toEqual({ plan: { features: [{ key: 'a', kind: 'boolean' }] }, add_ons: [], usage: [{ feature: 'a', amount: '1', at: '2026-01-01T00:00:00Z' }] });
  const metered = { ...twoFeatures, plan: { features: [{ key: 'a', kind: 'metered', included: '5' }, { key: 'b', kind: 'boolean' }] } };
  expect(entitlementsRequestForFeature(metered, 'a').billing).toEqual({ interval: 'month' });
  expect(entitlementsRequestForFeature({ ...twoFeatures, overrides: [{ key: 'a', enabled: false }] }, 'a').billing).toEqual({ interval: 'month' });
});

// A copy of the package whose dist/ holds only what the test puts there, run in a child
// process so its one-time log line and module state are its own.
describe('without a usable native addon', () => {
  let packageDir;
  beforeEach(() => {
    packageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-package-'));
    fs.cpSync(path.join(ROOT, 'lib'), path.join(packageDir, 'lib'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(packageDir, 'package.json'));
    fs.mkdirSync(path.join(packageDir, 'dist'));
    for (const file of ['ratecard_wasm.js', 'ratecard_wasm.wasm']) {
      fs.copyFileSync(path.join(ROOT, 'dist', file), path.join(packageDir, 'dist', file));
    }
  });
  afterEach(() => fs.rmSync(packageDir, { recursive: true, force: true }));

  // Runs createRatecard(options) twice in a fresh Node; returns {stdout, stderr}.
  function createTwice(options) {
    const script = `
      const { createRatecard } = require(${JSON.stringify(packageDir)});
      (async () => {
        for (let i = 0; i < 2; i += 1) {
          try { console.log((await createRatecard(${JSON.stringify(options)})).backend); }
          catch (error) { console.log('rejected: ' + error.message); }
        }
      })();`;
    const stderrFile = path.join(packageDir, 'stderr.txt');
    const stdout = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', fs.openSync(stderrFile, 'w')] });
    return { stdout, stderr: fs.readFileSync(stderrFile, 'utf8') };
  }

  test('auto falls back to WebAssembly with one log line when the addon is not built', () => {
    const { stdout, stderr } = createTwice({});
    expect(stdout).toBe('wasm\nwasm\n');
    expect(stderr).toBe('ratecard: the native addon is not built (run npm run build); using the WebAssembly backend (same results, slower)\n');
  });

  test('auto falls back with one log line when the addon does not load', () => {
    fs.writeFileSync(path.join(packageDir, 'dist', 'ratecard.node'), 'not a shared object');
    const { stdout, stderr } = createTwice({ backend: 'auto' });
    expect(stdout).toBe('wasm\nwasm\n');
    expect(stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^ratecard: the native addon did not load \(.+\); using the WebAssembly backend/)]);
  });

  test('asking for the native backend fails clearly instead of falling back', () => {
    const { stdout, stderr } = createTwice({ backend: 'native' });
    expect(stdout).toMatch(/^rejected: the ratecard native addon is not built \(.*ratecard\.node is missing\): run npm run build\n/);
    expect(stderr).toBe('');
  });
});
