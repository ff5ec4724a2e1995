'use strict';
// The browser suite: Debian's Chromium (through playwright-core) loads pages that run the
// package's browser build (dist/ratecard.browser.mjs, the core as WebAssembly):
// - tests/browser/vectors.html runs every golden vector with the shared vector runner;
// - the same page answers the seeded random price requests, compared with the native addon;
// - examples/browser-quote.html shows the price the core computes as the quantity changes.
// Screenshots go to test-results/browser/.

const fs = require('node:fs');
const path = require('node:path');
const { createRatecard } = require('../..');
const { startStaticServer } = require('../../examples/serve.js');
const { launchChromium, collectPageErrors } = require('./support/chromium.js');
const { loadVectorFiles } = require('./support/vector-files.js');
const { randomPriceRequests } = require('./support/random-price-requests.js');

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-results', 'browser');
const plans = require('../../examples/plans.json');

let server;
let baseUrl;
let browser;
let native;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  ({ server, url: baseUrl } = await startStaticServer({ port: 0 }));
  browser = await launchChromium();
  native = await createRatecard({ backend: 'native' });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

describe('tests/browser/vectors.html in Chromium', () => {
  let page;
  let errors;
  beforeAll(async () => {
    page = await browser.newPage();
    errors = collectPageErrors(page);
    await page.goto(`${baseUrl}/tests/browser/vectors.html`);
    await page.waitForFunction(() => document.body.dataset.status !== 'running');
  });
  afterAll(async () => {
    await page.screenshot({ path: path.join(ARTIFACTS, 'vectors.png'), fullPage: true });
    await page.close();
  });

  test('the page ran on WebAssembly without errors', async () => {
    const { status, error, backend } = await page.evaluate(() => window.ratecardVectorPage);
    expect({ status, error }).toEqual({ status: 'done', error: undefined });
    expect(backend).toBe('wasm');
    expect(errors).toEqual([]);
  });

  test('the WebAssembly module names the core and tzdata versions the native addon names', async () => {
    const versions = await page.evaluate(() => window.ratecardVectorPage.versions);
    expect(versions).toEqual({ coreVersion: native.coreVersion, tzdataVersion: native.tzdataVersion });
  });

  test('every golden vector gives its response byte for byte', async () => {
    const results = await page.evaluate(() => window.ratecardVectorPage.results);
    const expectedNames = loadVectorFiles().flatMap(({ file, vectors }) => vectors.map((vector) => `${file}: ${vector.name}`));
    expect(expectedNames.length).toBeGreaterThan(0);
    expect(results.map((result) => `${result.file}: ${result.name}`)).toEqual(expectedNames);
    const failures = results.filter((result) => !result.pass)
      .map(({ file, name, request, expected, actual }) => ({ vector: `${file}: ${name}`, request, expected, actual }));
    expect(failures).toEqual([]);
  });

  test('12,000 random price requests give the native addon\'s bytes', async () => {
    const texts = randomPriceRequests(20261123, 12000).map((request) => request.text);
    const answers = await page.evaluate((requestTexts) => window.ratecardVectorPage.evaluateAll(requestTexts), texts);
    const differences = [];
    texts.forEach((text, index) => {
      const expected = native.evaluateJson(text);
      if (answers[index] !== expected && differences.length < 5) differences.push({ request: text, expected, actual: answers[index] });
    });
    expect(answers).toHaveLength(texts.length);
    expect(differences).toEqual([]);
  });
});

describe('examples/browser-quote.html in Chromium', () => {
  let page;
  let errors;
  beforeAll(async () => {
    page = await browser.newPage();
    errors = collectPageErrors(page);
    await page.goto(`${baseUrl}/examples/browser-quote.html`);
    await page.waitForSelector('body[data-ready="true"]');
  });
  afterAll(async () => page.close());

  const nativeTotal = (plan, quantity) => {
    const result = native.price({ currency: plan.currency, price: plan.price, quantity });
    return `${result.amount} ${result.currency}`;
  };

  test('shows each plan\'s default quote as the core computes it', async () => {
    for (const plan of plans) {
      await page.selectOption('#plan', plan.id);
      await expect(page.textContent('#total')).resolves.toBe(nativeTotal(plan, plan.quantity));
    }
    expect(errors).toEqual([]);
  });

  test('follows the quantity typed and the slider moved', async () => {
    const plan = plans.find((candidate) => candidate.id === 'api-calls');
    await page.selectOption('#plan', plan.id);
    for (const quantity of ['0', '10000', '10001', '100000.5', '123456']) {
      await page.fill('#quantity', quantity);
      await expect(page.textContent('#total')).resolves.toBe(nativeTotal(plan, quantity));
    }
    await page.locator('#slider').evaluate((slider) => {
      slider.value = '50000';
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expect(page.inputValue('#quantity')).resolves.toBe('50000');
    await expect(page.textContent('#total')).resolves.toBe(nativeTotal(plan, '50000'));
    await expect(page.locator('#lines tbody tr').count()).resolves.toBe(2);
    await page.screenshot({ path: path.join(ARTIFACTS, 'browser-quote.png'), fullPage: true });
  });

  test('shows the core\'s error for a quantity it refuses', async () => {
    await page.fill('#quantity', '1e3');
    await expect(page.textContent('#error')).resolves.toMatch(/^INVALID_ARGUMENT at \/quantity: /);
    await expect(page.isVisible('#error')).resolves.toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'browser-quote-error.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
