'use strict';
// What-if pricing in Chromium (web/src/dashboard/what-if/), against one real server process
// (`npm start`'s entry point, demo data, SQLite): 10,000 current customers of a graduated price
// (one subscribed through the API, the rest copies of it seeded straight into the database) are
// repriced, in the dashboard signed in as the demo admin operator, in the page by the WebAssembly core's prepared price on every edit; the page's totals
// and biggest change equal the native core's on the same quantities, the CSV adds up, and a
// smaller plan goes on from the page to a new version, a migration dry run and the migration,
// which a read-only (support) operator is not offered. A plan's customers are repriced onto a
// plan drafted in the page and onto another plan, every change equal to the native core's.
// The recomputation time is printed, never asserted. Screenshots go to test-results/web/.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { launchChromium, collectPageErrors } = require('./support/chromium.js');
const { cloneSubscriptions } = require('./support/what-if-seed.js');
const { startServerProcess } = require('../../server/test/support/server-process.js');
const { createRatecard } = require('../../lib/index.js');

const ROOT = path.join(__dirname, '..', '..');
const WEB = path.join(ROOT, 'web');
const ARTIFACTS = path.join(ROOT, 'test-results', 'web');
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 360, height: 780 } };
const CUSTOMERS = 10_000;
const TIERS = [{ up_to: '10', unit_amount: '4.00' }, { up_to: '100', unit_amount: '3.50' }, { up_to: null, unit_amount: '3.00' }];

let server;
let baseUrl;
let adminKey;
let browser;
let dataDir;
let axeSource;
let native;
let priced; // the distinct quantities the page priced per edit
const times = [];

beforeAll(async () => {
  if (!fs.existsSync(path.join(WEB, 'dist', 'index.html'))) throw new Error('web/dist is not built: run bash scripts/build-web.sh (scripts/build.sh does)');
  axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js', { paths: [WEB] }), 'utf8');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-what-if-'));
  server = startServerProcess({ RATECARD_DATA_DIR: dataDir, RATECARD_EXAMPLE_APP: 'false', LOG_LEVEL: 'warn' });
  ({ url: baseUrl, adminKey } = await server.ready);
  native = await createRatecard({ backend: 'native' });
  browser = await launchChromium();
  await signInAsAdmin();
});

// Signs in as `email` through the dashboard's page: its session cookie serves every page of the
// browser context.
async function signIn(email, password) {
  const page = await browser.newPage();
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/dashboard`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('operator').waitFor();
  await page.close();
}

// The demo admin operator (`npm start` writes its password beside the database).
function signInAsAdmin() {
  const [email, password] = fs.readFileSync(path.join(dataDir, 'admin-operator.txt'), 'utf8').trim().split('\n');
  return signIn(email, password);
}

afterAll(async () => {
  await browser?.close();
  // A server still busy after 10 s (a job over the 10,000 seeded subscriptions) is killed.
  await Promise.race([server?.stop(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  await server?.kill();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  if (times.length) {
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`what-if: ${CUSTOMERS} customers repriced in Chromium (WebAssembly prepared price + exact sums; ${priced} distinct quantities): median ${sorted[sorted.length >> 1]} ms, max ${sorted[sorted.length - 1]} ms per edit (${sorted.length} edits)`);
  }
});

async function admin(method, urlPath, body) {
  const response = await fetch(baseUrl + urlPath, {
    method, headers: { authorization: `Bearer ${adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${urlPath}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function planWithPrice(code, pricing) {
  const product = await admin('POST', '/v1/products', { name: `What-if ${code}` });
  const price = await admin('POST', '/v1/prices', { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing });
  const plan = await admin('POST', '/v1/plans', { code, name: `What-if ${code}`, product: product.id, currency: 'USD', interval: 'month', prices: [price.id] });
  return { price, plan };
}

async function subscribe(plan, quantity) {
  const customer = await admin('POST', '/v1/customers', { name: 'What-if', currency: 'USD' });
  return admin('POST', '/v1/subscriptions', { customer: customer.id, plan: plan.id, quantity });
}

// The native core's amounts of `pricing` at each quantity (prepared prices of 10,000).
function nativeAmounts(pricing, quantities) {
  const amounts = [];
  for (let i = 0; i < quantities.length; i += 10_000) {
    const outcome = native.evaluate({ op: 'price', currency: 'USD', price: pricing, quantities: quantities.slice(i, i + 10_000) });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
    amounts.push(...outcome.result.results.map((result) => result.amount));
  }
  return amounts;
}

const cents = (amount) => BigInt(amount.replace('.', ''));
const dollars = (units) => {
  const text = (units < 0n ? -units : units).toString().padStart(3, '0');
  return `${units < 0n ? '-' : ''}${text.slice(0, -2)}.${text.slice(-2)}`;
};
const total = (amounts) => dollars(amounts.reduce((sum, amount) => sum + cents(amount), 0n));

async function seriousViolations(page) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((node) => node.target.join(' ')) })));
  return violations.filter((violation) => ['serious', 'critical'].includes(violation.impact));
}

async function screenshots(page, name) {
  for (const [label, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${label}.png`), fullPage: true });
    if (label === 'phone') expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }
  await page.setViewportSize(VIEWPORTS.desktop);
}

async function openWhatIf(priceId) {
  const page = await browser.newPage();
  await page.setViewportSize(VIEWPORTS.desktop);
  const errors = collectPageErrors(page);
  await page.goto(`${baseUrl}/dashboard/what-if${priceId ? `?price=${priceId}` : ''}`);
  await page.getByRole('link', { name: 'What-if pricing' }).waitFor(); // in the dashboard's navigation
  return { page, errors };
}

describe('what-if pricing', () => {
  test('goes on from an edit to a new plan version, a migration dry run and the migration', async () => {
    const { price, plan } = await planWithPrice('whatif-seats', { model: 'per_unit', unit_amount: '10.00' });
    const subs = [await subscribe(plan, 2), await subscribe(plan, 3)];
    // From the navigation: the page lists the active prices; the new one opens.
    const { page, errors } = await openWhatIf('');
    await page.getByRole('link', { name: price.id }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'what-if-prices');
    await page.getByRole('link', { name: price.id }).click();
    await page.locator('.what-if-result[data-customers="2"]').waitFor();
    await page.getByLabel('unit amount', { exact: true }).fill('12.00');
    await page.locator('.what-if-result[data-change="10.00"]').waitFor(); // (2 + 3) × 2.00
    await page.getByRole('button', { name: "Make this the plan's next version and dry-run the migration" }).click();
    await page.getByRole('button', { name: 'Create version' }).click();
    await page.locator('.dry-run, .migration .error').first().waitFor();
    expect(await page.locator('.migration .error').allTextContents()).toEqual([]);
    await page.getByText('Dry run: 2 subscriptions would move to version 2 at their next renewal.').waitFor();
    const rows = await page.locator('.dry-run tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
    expect(rows.map((row) => row[0]).sort()).toEqual(subs.map((sub) => sub.id).sort());
    const repriced = await admin('GET', `/v1/plans/${plan.id}`);
    expect([repriced.version, repriced.prices[0].pricing]).toEqual([2, { model: 'per_unit', unit_amount: '12.00' }]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'what-if-migration');
    await page.getByRole('button', { name: 'Start the migration' }).click();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const id = await page.locator('[data-migration]').getAttribute('data-migration');
    const migration = await admin('GET', `/v1/plan_migrations/${id}`);
    expect([migration.plan, migration.to_version, migration.total]).toEqual([plan.id, 2, 2]);
    await page.close();
    expect(errors).toEqual([]);
  }, 90_000);

  test('shows a read-only role the what-if and no migration', async () => {
    const { price, plan } = await planWithPrice('whatif-read-only', { model: 'flat', amount: '20.00' });
    await subscribe(plan, 1);
    const invited = await admin('POST', '/v1/operators', { email: 'support@what-if.example', role: 'support' });
    const password = 'what-if support operator password';
    const accepted = await fetch(`${baseUrl}/auth/invitations/accept`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: invited.invitation_token, password }),
    });
    expect(accepted.status).toBe(200);
    await signIn('support@what-if.example', password);
    const { page, errors } = await openWhatIf(price.id);
    await page.getByLabel('amount', { exact: true }).fill('25.00');
    await page.locator('.what-if-result[data-change="5.00"]').waitFor();
    expect(await page.getByRole('heading', { name: 'Price migration' }).count()).toBe(0);
    await page.close();
    expect(errors).toEqual([]);
    await signInAsAdmin();
  }, 90_000);

  // Issue 26, part B: what-if of a new plan.
  test("reprices a plan's customers onto a drafted plan and onto another plan, at the same quantities, as the native core does", async () => {
    const recurring = (product, nickname, pricing) => admin('POST', '/v1/prices', { product, nickname, currency: 'USD', type: 'recurring', interval: 'month', pricing });
    const { plan: from, price: fromPrice } = await planWithPrice('whatif-from', { model: 'per_unit', unit_amount: '10.00' });
    const product = await admin('POST', '/v1/products', { name: 'What-if target' });
    const base = await recurring(product.id, 'Target base fee', { model: 'flat', amount: '5.00' });
    const seat = await recurring(product.id, 'Target seat', { model: 'per_unit', unit_amount: '9.00' });
    const to = await admin('POST', '/v1/plans', { code: 'whatif-to', name: 'What-if target plan', product: product.id, currency: 'USD', interval: 'month', prices: [base.id, seat.id] });
    const yearlyPrice = await admin('POST', '/v1/prices', { product: product.id, currency: 'USD', type: 'recurring', interval: 'year', pricing: { model: 'flat', amount: '100.00' } });
    await admin('POST', '/v1/plans', { code: 'whatif-yearly', name: 'What-if yearly', product: product.id, currency: 'USD', interval: 'year', prices: [yearlyPrice.id] });
    const quantities = ['2', '3', '7'];
    const subs = [];
    for (const quantity of quantities) subs.push(await subscribe(from, Number(quantity)));
    const sum = (...columns) => columns[0].map((_, i) => dollars(columns.reduce((total, column) => total + cents(column[i]), 0n)));
    const old = nativeAmounts({ model: 'per_unit', unit_amount: '10.00' }, quantities);

    const { page, errors } = await openWhatIf('');
    await page.getByRole('link', { name: 'What-if whatif-from' }).click();
    const result = page.locator('.what-if-result');
    await page.locator('.what-if-result[data-customers="3"]').waitFor();
    expect([await result.getAttribute('data-old'), await result.getAttribute('data-change')]).toEqual([total(old), '0.00']);

    // A draft: the plan's own price edited.
    await page.getByRole('region', { name: `Target price ${fromPrice.id}` }).getByLabel('unit amount', { exact: true }).fill('11.00');
    const drafted = nativeAmounts({ model: 'per_unit', unit_amount: '11.00' }, quantities);
    await page.locator(`.what-if-result[data-new="${total(drafted)}"]`).waitFor();

    // Another plan: its two prices at each subscription's seats.
    const options = await page.getByLabel('Target plan').locator('option').allTextContents();
    expect(options).toContain('What-if target plan (whatif-to)');
    expect(options.some((option) => option.includes('whatif-yearly'))).toBe(false); // per-period amounts compare: same interval only
    await page.getByLabel('Target plan').selectOption(to.id);
    const target = sum(nativeAmounts({ model: 'flat', amount: '5.00' }, quantities), nativeAmounts({ model: 'per_unit', unit_amount: '9.00' }, quantities));
    await page.locator(`.what-if-result[data-new="${total(target)}"]`).waitFor();
    const changes = target.map((amount, i) => cents(amount) - cents(old[i]));
    expect(await result.getAttribute('data-change')).toBe(dollars(changes.reduce((a, b) => a + b, 0n)));
    const rows = await page.locator('tbody tr[data-customer]').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-customer'), tr.getAttribute('data-change')]));
    expect(rows.sort()).toEqual(subs.map((sub, i) => [sub.customer, dollars(changes[i])]).sort());

    // A target price the core refuses: its coded error and path, naming the price.
    await page.getByRole('region', { name: 'Target price Target seat' }).getByLabel('unit amount', { exact: true }).fill('nine');
    await page.getByRole('alert').getByText('INVALID_ARGUMENT at /unit_amount').waitFor();
    await page.getByRole('region', { name: 'Target price Target seat' }).getByLabel('unit amount', { exact: true }).fill('9.00');
    await page.locator(`.what-if-result[data-new="${total(target)}"]`).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'what-if-plan');
    await page.close();
    expect(errors).toEqual([]);
  }, 90_000);

  test('reprices 10,000 customers in the page on each edit, with the native core\'s totals, a sortable table, a histogram and a CSV', async () => {
    const { price, plan } = await planWithPrice('whatif-tiers', { model: 'graduated', tiers: TIERS });
    const first = await subscribe(plan, 7);
    // Half the customers on seat counts from 1 to 50 (many share one), half on distinct decimal quantities.
    const quantities = ['7', ...Array.from({ length: CUSTOMERS - 1 }, (_, i) => (i % 2 ? String((i % 50) + 1) : `${(i * 37) % 400}.${i}`))];
    const old = nativeAmounts({ model: 'graduated', tiers: TIERS }, quantities);
    // One copy was billed 1.00 less than the price gives (as if by hand): the page counts it.
    const billed = old.slice(1).map((amount, i) => (i === 0 ? dollars(cents(amount) - 100n) : amount));
    cloneSubscriptions(path.join(dataDir, 'ratecard.sqlite'), { subscriptionId: first.id, quantities: quantities.slice(1), amounts: billed });

    const { page, errors } = await openWhatIf(price.id);
    const result = page.locator('.what-if-result');
    await result.and(page.locator(`[data-customers="${CUSTOMERS}"]`)).waitFor({ timeout: 60_000 });
    expect(await result.getAttribute('data-old')).toBe(total(old));
    expect(await result.getAttribute('data-change')).toBe('0.00');
    expect(await page.locator('[data-differ]').getAttribute('data-differ')).toBe('1');

    // Edits: the middle tier up, then down, then a flat fee on the first tier; each checked.
    const edits = [['Tier 2 unit amount', '3.75', (t) => { t[1].unit_amount = '3.75'; }], ['Tier 2 unit amount', '3.25', (t) => { t[1].unit_amount = '3.25'; }],
      ['Tier 1 flat amount', '5.00', (t) => { t[0].flat_amount = '5.00'; }]];
    const tiers = TIERS.map((tier) => ({ ...tier, flat_amount: '0' }));
    let edited;
    for (const [label, value, apply] of edits) {
      apply(tiers);
      edited = nativeAmounts({ model: 'graduated', tiers }, quantities);
      await page.getByLabel(label, { exact: true }).fill(value);
      await page.locator(`.what-if-result[data-new="${total(edited)}"]`).waitFor();
      times.push(Number(await result.getAttribute('data-ms')));
      priced = Number(await result.getAttribute('data-priced'));
    }
    const changes = edited.map((amount, i) => cents(amount) - cents(old[i]));
    expect(await result.getAttribute('data-change')).toBe(dollars(changes.reduce((sum, change) => sum + change, 0n)));
    const biggest = changes.reduce((max, change) => (change > max ? change : max));
    expect(await page.locator('tbody tr[data-customer]').first().getAttribute('data-change')).toBe(dollars(biggest));
    await page.getByRole('button', { name: 'Change', exact: true }).click(); // ascending now
    const smallest = changes.reduce((min, change) => (change < min ? change : min));
    expect(await page.locator('tbody tr[data-customer]').first().getAttribute('data-change')).toBe(dollars(smallest));
    expect(await page.getByRole('columnheader', { name: 'Change' }).getAttribute('aria-sort')).toBe('ascending');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByText(`Page 2 of ${CUSTOMERS / 50}`).waitFor();

    const counts = await page.locator('.histogram details tbody td.amount').allTextContents();
    expect(counts.reduce((sum, count) => sum + Number(count), 0)).toBe(CUSTOMERS);
    expect(await page.locator('.histogram svg rect').count()).toBe(counts.length);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = fs.readFileSync(await download.path(), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('customer,subscriptions,quantities,currency,old_amount,new_amount,change');
    expect(csv.length).toBe(CUSTOMERS + 1);
    expect(dollars(csv.slice(1).reduce((sum, row) => sum + cents(row.split(',')[6]), 0n))).toBe(await result.getAttribute('data-change'));

    // A price the core refuses shows its coded error at the field's path, and the last result stays.
    await page.getByLabel('Tier 1 up to', { exact: true }).fill('ten');
    await page.getByRole('alert').getByText('INVALID_ARGUMENT at /tiers/0/up_to').waitFor();
    await page.getByLabel('Tier 1 up to', { exact: true }).fill('10');
    await result.waitFor();

    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'what-if');
    await page.close();
    expect(errors).toEqual([]);
  }, 180_000);


});
