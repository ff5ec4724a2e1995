'use strict';
// The web apps (web/: the start page, the hosted checkout and the customer portal) in Debian's
// Chromium, through playwright-core, against ONE real server: `npm start`'s entry point as a
// child process on a fresh SQLite database with the demo data, serving web/dist (built once per
// run by scripts/build.sh) under its strict Content-Security-Policy. Checks what a buyer and a
// customer see against what the server computes with the native core: the checkout quote's
// content hash is the first invoice's, a changed price is refused with the new quote, the
// portal's proration preview is the proration the server applies (and a downgrade waits for
// the period end, as previewed); plus cancel and resume, billing details, the portal's usage
// charts and next invoice against the server's figures, its team and access keys (against
// examples/provisioned-app), the checkout's card step and the hosted invoice page paying an
// invoice once and the portal's invoices and cards (against the card vault and the simulated
// gateways, started here as npm start does), no console errors, axe-core (no serious or
// critical violations) and 360 px layouts.
// Screenshots (desktop and phone) go to test-results/web/.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { launchChromium, collectPageErrors } = require('./support/chromium.js');
const { startServerProcess } = require('../../server/test/support/server-process.js');
const { spawnProvisionedApp } = require('../../server/test/support/provisioned-app.js');
const { startPaymentServices } = require('../../server/src/seed/payment-services.js');

const ROOT = path.join(__dirname, '..', '..');
const WEB = path.join(ROOT, 'web');
const ARTIFACTS = path.join(ROOT, 'test-results', 'web');
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 360, height: 780 } };
// connect-src also names the card vault and the gateways (3-D Secure) the checkout calls.
const expectedPolicy = (origins) => "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
  + `connect-src 'self' ${origins.join(' ')}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;

let server;
let baseUrl;
let adminKey;
let browser;
let dataDir;
let axeSource;
let payments;
const quoteTimes = [];

// A free loopback port for the server, known before it starts: the gateways post their
// webhooks there.
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = require('node:net').createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(WEB, 'dist', 'index.html'))) throw new Error('web/dist is not built: run bash scripts/build-web.sh (scripts/build.sh does)');
  axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js', { paths: [WEB] }), 'utf8');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-web-'));
  // The card vault and the simulated gateways, as npm start runs them, for the card forms.
  const port = await freePort();
  payments = await startPaymentServices({ webhookBaseUrl: `http://127.0.0.1:${port}/gateway_webhooks`, vaultDbFile: path.join(dataDir, 'vault.sqlite') });
  server = startServerProcess({
    RATECARD_DATA_DIR: dataDir, RATECARD_EXAMPLE_APP: 'false', LOG_LEVEL: 'warn', PORT: String(port),
    RATECARD_VAULT_URL: payments.payments.vaultUrl, RATECARD_VAULT_API_KEY: payments.payments.vaultApiKey,
    RATECARD_GATEWAYS: JSON.stringify(payments.payments.gateways),
  });
  ({ url: baseUrl, adminKey } = await server.ready);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await payments?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  if (quoteTimes.length) {
    const sorted = [...quoteTimes].sort((a, b) => a - b);
    console.log(`checkout: ${sorted.length} live quotes in Chromium (WebAssembly), median ${sorted[sorted.length >> 1].toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms per keystroke`);
  }
});

async function admin(method, urlPath, body) {
  const response = await fetch(baseUrl + urlPath, {
    method, headers: { authorization: `Bearer ${adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

// Reads until `done(value)` holds (work done by the server's job worker), at most 30 s.
async function eventually(read, done) {
  let value;
  for (let attempt = 0; attempt < 300; attempt += 1) {
    value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return value;
}

// Every charge the simulated gateways recorded (their operator API).
async function gatewayCharges() {
  const charges = [];
  for (const { url, apiKey } of Object.values(payments.gateways)) {
    const response = await fetch(`${url}/admin/charges`, { headers: { authorization: `Bearer ${apiKey}` } });
    charges.push(...(await response.json()).data);
  }
  return charges;
}

const planByCode = async (code) => (await admin('GET', `/v1/plans?code=${code}`)).body.data[0];

async function openPage(urlPath) {
  const page = await browser.newPage();
  await page.setViewportSize(VIEWPORTS.desktop);
  const errors = collectPageErrors(page);
  const response = await page.goto(baseUrl + urlPath);
  return { page, errors, response };
}

// axe-core in the page (evaluated through the DevTools protocol: the page's policy allows no
// injected script): the serious and critical violations, as { id, targets }.
async function seriousViolations(page) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((node) => node.target.join(' ')) })));
  return violations.filter((violation) => ['serious', 'critical'].includes(violation.impact));
}

// Screenshots at desktop and phone width; at 360 px nothing may be wider than the screen.
async function screenshots(page, name) {
  for (const [label, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${label}.png`), fullPage: true });
    if (label === 'phone') expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }
  await page.setViewportSize(VIEWPORTS.desktop);
}

// The request bodies the page sends to `origin` (to check that a card number never goes there).
function bodiesSentTo(page, origin) {
  const bodies = [];
  page.on('request', (request) => {
    if (request.url().startsWith(origin)) bodies.push(request.postData() || '');
  });
  return bodies;
}

async function checkoutLinks() {
  const { page, errors } = await openPage('/');
  await page.getByRole('link', { name: /Subscribe to/ }).first().waitFor();
  const links = await page.getByRole('link', { name: /Subscribe to/ }).evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
  await page.close();
  expect(errors).toEqual([]);
  return Object.fromEntries(links.map((href) => [/^\/checkout\/([^#]+)#/.exec(href)[1], href]));
}

// Types into a field key by key, reading the time the page's quote took after each keystroke.
async function typeAndTime(page, label, text) {
  const field = page.getByLabel(label, { exact: true });
  await field.fill('');
  for (const character of text) {
    await field.press(character);
    quoteTimes.push(Number(await page.getByTestId('quote-ms').textContent()));
  }
}

// The card fields of the checkout (components/card-form.tsx).
async function fillCard(page, number, legend = 'Card') {
  const fields = page.getByRole('group', { name: legend });
  await fields.getByLabel('Card number').fill(number);
  await fields.getByLabel('Expiry (MM/YY)').fill('12/40');
  await fields.getByLabel('Security code (CVC)').fill('123');
}

async function fillCheckout(page, { seats, addOns = [], coupon, country, region, postal, taxId, card = '4242424242424242' }) {
  await page.getByTestId('quote-hash').waitFor();
  if (seats) await typeAndTime(page, 'Seats', seats);
  for (const addOn of addOns) await page.getByLabel(addOn, { exact: true }).check();
  if (coupon) {
    await page.getByLabel('Coupon code').fill(coupon);
    await page.getByRole('button', { name: 'Apply coupon' }).click();
    await page.getByRole('button', { name: 'Remove coupon' }).waitFor();
  }
  await page.getByLabel('Name or company').fill('Web Test GmbH');
  await page.getByLabel('Billing email').fill('web-test@example.com');
  await page.getByLabel('Country').selectOption(country);
  if (region) await page.getByLabel(/^State, province or region/).fill(region);
  if (postal) await typeAndTime(page, 'Postal code (optional)', postal);
  if (taxId) await page.getByLabel(/^Tax id/).fill(taxId);
  if (card) await fillCard(page, card);
  return page.getByTestId('quote-hash').textContent();
}

describe('the start page', () => {
  test('is served with the strict policy, links every demo plan\'s checkout and opens a demo portal', async () => {
    const { page, errors, response } = await openPage('/');
    const origins = [payments.vaultUrl, ...payments.payments.gateways.map((gateway) => gateway.url)].map((url) => new URL(url).origin);
    expect(response.headers()['content-security-policy']).toBe(expectedPolicy(origins));
    await page.getByRole('link', { name: /Subscribe to/ }).first().waitFor();
    const hrefs = await page.getByRole('link', { name: /Subscribe to/ }).evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    expect(hrefs.map((href) => href.split('#')[0])).toEqual(['starter-monthly', 'team-monthly', 'team-annual', 'api-usage', 'scale-monthly'].map((code) => `/checkout/${code}`));
    for (const href of hrefs) expect(href).toMatch(/#key=rcpk_[0-9a-z]{10}_[0-9a-z]{40}$/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'start');
    await page.getByRole('button', { name: 'Open the portal of a demo customer' }).click();
    await page.waitForURL(`${baseUrl}/portal`); // the token left the address bar
    await page.getByTestId('status').waitFor();
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Team (monthly, per seat)');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the hosted checkout', () => {
  let links;
  beforeAll(async () => {
    links = await checkoutLinks();
  });

  const cases = [
    { code: 'starter-monthly', paid: 'paid', choice: { country: 'GB', postal: 'SW1A 2AA' } },
    { code: 'team-monthly', paid: 'no_payment_required', choice: { seats: '12', addOns: ['Priority support'], coupon: 'welcome20', country: 'US', region: 'NY', postal: '10001' } },
    { code: 'scale-monthly', paid: 'paid', choice: { addOns: ['Extra storage (per 100 GB)'], coupon: 'nonprofit15', country: 'DE', postal: '10115', taxId: 'DE123456789' } },
  ];
  for (const { code, paid, choice } of cases) {
    test(`${code}: the quote computed in the page is, by content hash, the first invoice the server computes`, async () => {
      const { page, errors } = await openPage(links[code]);
      const sentToRatecard = bodiesSentTo(page, baseUrl);
      const quoted = await fillCheckout(page, choice);
      expect(quoted).toMatch(/^[0-9a-f]{64}$/);
      const completion = page.waitForResponse((response) => response.url().endsWith('/complete'));
      await page.getByRole('button', { name: 'Subscribe' }).click();
      const server = await (await completion).json();
      expect(server.status).toBe('complete');
      expect(server.payment_status).toBe(paid); // charged now, or the card kept for the trial's end
      expect(sentToRatecard.join('\n')).not.toContain('4242424242424242'); // the card went to the vault only
      expect(server.quote.invoice.content_hash).toBe(quoted);
      expect(await page.getByTestId('server-hash').textContent()).toBe(quoted);
      const subscription = await admin('GET', `/v1/subscriptions/${server.subscription}`);
      expect(subscription.status).toBe(200);
      expect(subscription.body.customer).toBe(server.customer);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  test('a price changed between quote and submit is refused with the new quote, which then goes through', async () => {
    const { page, errors } = await openPage(links['team-monthly']);
    const shown = await fillCheckout(page, { seats: '4', country: 'FR', postal: '75011' });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'checkout');
    const plan = await planByCode('team-monthly');
    expect((await admin('PATCH', `/v1/plans/${plan.id}`, { trial_days: 0 })).status).toBe(200);
    try {
      const refusal = page.waitForResponse((response) => response.url().endsWith('/complete'));
      await page.getByRole('button', { name: 'Subscribe' }).click();
      const refused = await refusal;
      expect(refused.status()).toBe(409);
      const body = await refused.json();
      expect(body.error.code).toBe('QUOTE_CHANGED');
      await page.getByTestId('quote-changed').waitFor();
      const requoted = await page.getByTestId('quote-hash').textContent();
      expect(requoted).not.toBe(shown);
      expect(requoted).toBe(body.quote.invoice.content_hash); // the page's new quote is the server's
      await screenshots(page, 'checkout-quote-changed');
      const completion = page.waitForResponse((response) => response.url().endsWith('/complete'));
      await page.getByRole('button', { name: 'Subscribe' }).click();
      expect((await (await completion).json()).quote_hash).toBe(requoted);
      await page.getByTestId('server-hash').waitFor();
    } finally {
      await admin('PATCH', `/v1/plans/${plan.id}`, { trial_days: 14 });
    }
    // The refusal itself is the one 4xx response (Chromium also logs it to the console).
    const expected = (error) => /^HTTP 409: .*\/complete$/.test(error) || /^console error: Failed to load resource: .* 409 \(Conflict\)$/.test(error);
    expect(errors.filter((error) => !expected(error))).toEqual([]);
    await page.close();
  });
});

describe('the checkout\'s card step', () => {
  let links;
  beforeAll(async () => {
    links = await checkoutLinks();
  });

  const paymentsOf = async (customer) => (await admin('GET', `/v1/payments?customer=${customer}`)).body.data.map((payment) => payment.status).sort();

  test('a declined card is said so; another card then pays the same order', async () => {
    const { page, errors } = await openPage(links['starter-monthly']);
    await fillCheckout(page, { country: 'US', region: 'CA', postal: '94105', card: '4000000000009995' });
    const placed = page.waitForResponse((response) => response.url().endsWith('/complete'));
    await page.getByRole('button', { name: 'Subscribe' }).click();
    const session = await (await placed).json();
    expect([session.status, session.payment_status, session.payment.decline_code]).toEqual(['open', 'unpaid', 'insufficient_funds']);
    expect(await page.getByTestId('payment-failed').textContent()).toContain('insufficient funds');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'checkout-declined');
    await fillCard(page, '5555555555554444', 'Another card');
    await page.getByRole('button', { name: 'Pay with this card' }).click();
    await page.getByTestId('paid-amount').waitFor();
    expect(await page.getByTestId('invoice-number').textContent()).toMatch(/\S/);
    expect((await admin('GET', `/v1/subscriptions/${session.subscription}`)).body.status).toBe('active');
    expect(await paymentsOf(session.customer)).toEqual(['failed', 'succeeded']);
    const customers = (await admin('GET', `/v1/customers?email=${encodeURIComponent('web-test@example.com')}&limit=100`)).body.data;
    expect(customers.filter((customer) => customer.metadata.checkout_session === session.id).map((customer) => customer.id)).toEqual([session.customer]);
    await screenshots(page, 'checkout-paid');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('3-D Secure: the bank\'s challenge is shown, confirmed, and the payment goes through', async () => {
    const { page, errors } = await openPage(links['starter-monthly']);
    await fillCheckout(page, { country: 'GB', postal: 'SW1A 2AA', card: '4000002760003184' });
    const placed = page.waitForResponse((response) => response.url().endsWith('/complete'));
    await page.getByRole('button', { name: 'Subscribe' }).click();
    const session = await (await placed).json();
    expect(session.payment_status).toBe('requires_action');
    await page.getByTestId('three-d-secure').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'checkout-3ds');
    await page.getByRole('button', { name: 'Confirm payment' }).click();
    await page.getByTestId('paid-amount').waitFor();
    expect((await admin('GET', `/v1/subscriptions/${session.subscription}`)).body.status).toBe('active');
    expect(await paymentsOf(session.customer)).toEqual(['succeeded']);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a US bank account: the order awaits the micro-deposits (a wrong try on the invoice\'s page, the right one in the portal), then debited once', async () => {
    const { page, errors } = await openPage(links['starter-monthly']);
    const sentToServer = bodiesSentTo(page, baseUrl);
    await fillCheckout(page, { country: 'US', region: 'NY', postal: '10001', card: null });
    await page.getByLabel('US bank account').check();
    await page.getByLabel('Account holder name').fill('Web Test GmbH');
    await page.getByLabel('Routing number').fill('110000000');
    await page.getByLabel('Account number').fill('000123456789');
    await page.getByLabel(/^I authorize debits/).check();
    const placed = page.waitForResponse((response) => response.url().endsWith('/complete'));
    await page.getByRole('button', { name: 'Subscribe' }).click();
    const session = await (await placed).json();
    expect([session.status, session.payment_status, session.bank_account.verification_status]).toEqual(['complete', 'requires_verification', 'pending']);
    await page.getByTestId('awaiting-verification').getByText('ending in 6789').waitFor();
    expect(sentToServer.some((body) => body.includes('000123456789'))).toBe(false); // the account number went to the vault only
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'checkout-bank-account');

    // The link is the server's public URL (RATECARD_PUBLIC_URL); its path is opened here.
    const href = await page.getByTestId('verify-link').getAttribute('href');
    expect(href).toBe(session.hosted_invoice_url);
    await page.goto(baseUrl + new URL(href).pathname);
    const panel = page.getByRole('heading', { name: 'Verify your bank account' });
    await panel.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'invoice-verify-bank-account');
    const enter = async (first, second) => {
      await page.getByLabel('First deposit (USD)').fill(first);
      await page.getByLabel('Second deposit (USD)').fill(second);
      await page.getByRole('button', { name: 'Verify account' }).click();
    };
    await enter('0.12', '0.45');
    await page.getByText(/2 tries left/).waitFor();
    // The right amounts, in the customer's portal this time (its payment methods).
    const portalToken = (await admin('POST', '/v1/portal_sessions', { customer: session.customer })).body.token;
    await page.goto(`${baseUrl}/portal#token=${portalToken}`);
    const pending = page.getByTestId('payment-methods').locator('li', { hasText: 'ending in 6789 (awaiting its deposits)' });
    await pending.waitFor();
    await screenshots(page, 'portal-verify-bank-account');
    await enter('0.32', '0.45');
    await page.getByText('Bank account ending in 6789 is verified.').waitFor();
    expect(await page.getByRole('button', { name: 'Verify account' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    // The verification's job debits the first invoice, once, by the gateway's records.
    const debits = await eventually(async () => (await admin('GET', `/v1/payments?invoice=${session.invoice}`)).body.data, (found) => found.length > 0 && found[0].status !== 'processing');
    expect(debits.map((payment) => [payment.status, payment.payment_method])).toEqual([['pending', session.bank_account.id]]);
    expect((await gatewayCharges()).filter((charge) => charge.reference === debits[0].id).length).toBe(1);
    expect((await admin('GET', `/v1/subscriptions/${session.subscription}`)).body.status).toBe('incomplete'); // until the debit clears
    // The wrong amounts are the one 4xx response (Chromium also logs it to the console).
    const expected = (error) => /^HTTP 400: .*\/verify_bank_account$/.test(error) || /^console error: Failed to load resource: .* 400 \(Bad Request\)$/.test(error);
    expect(errors.filter((error) => !expected(error))).toEqual([]);
    await page.close();
  });
});

describe('the customer portal', () => {
  let subscription;
  let token;
  beforeAll(async () => {
    const plan = await planByCode('team-monthly');
    const customer = await admin('POST', '/v1/customers', { name: 'Portal Test AG', email: 'portal@example.com', currency: 'USD', timezone: 'Europe/Berlin' });
    subscription = (await admin('POST', '/v1/subscriptions', { customer: customer.body.id, plan: plan.id, quantity: '5', trial_days: 0 })).body;
    token = (await admin('POST', '/v1/portal_sessions', { customer: customer.body.id })).body.token;
  });

  test('previews a seat change in the page, and the server applies exactly that proration', async () => {
    const { page, errors } = await openPage(`/portal#token=${token}`);
    await page.getByTestId('status').waitFor();
    await page.getByLabel('Seats', { exact: true }).fill('8');
    const preview = page.getByTestId('preview');
    await preview.waitFor();
    const previewed = await preview.getAttribute('data-lines');
    expect(JSON.parse(previewed).map((line) => [line.kind, line.quantity])).toEqual([['credit', '5'], ['charge', '8']]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'portal-preview');
    const change = page.waitForResponse((response) => response.url().endsWith('/change'));
    await page.getByRole('button', { name: 'Confirm change' }).click();
    const changed = await (await change).json();
    expect(changed.quantity).toBe('8');
    expect(JSON.stringify(changed.pending_prorations.slice(-2))).toBe(previewed);
    expect(await page.getByTestId('notice').textContent()).toContain('exactly the one previewed');
    expect(await page.getByTestId('seats').textContent()).toBe('8');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('cancels at period end and resumes', async () => {
    const { page, errors } = await openPage(`/portal#token=${token}`);
    await page.getByTestId('status').waitFor();
    await page.getByRole('button', { name: 'Cancel at period end' }).click();
    await page.getByRole('button', { name: 'Resume subscription' }).waitFor();
    expect(await page.getByTestId('status').textContent()).toMatch(/^active, cancels on /);
    expect((await admin('GET', `/v1/subscriptions/${subscription.id}`)).body.cancel_at_period_end).toBe(true);
    await screenshots(page, 'portal-canceling');
    await page.getByRole('button', { name: 'Resume subscription' }).click();
    await page.getByRole('button', { name: 'Cancel at period end' }).waitFor();
    expect(await page.getByTestId('status').textContent()).toBe('active');
    expect((await admin('GET', `/v1/subscriptions/${subscription.id}`)).body.cancel_at_period_end).toBe(false);
    await page.getByLabel('Billing email').fill('accounts@portal-test.example');
    await page.getByLabel('Postal code').fill('10117');
    await page.getByRole('button', { name: 'Save billing details' }).click();
    await page.getByText('Your billing details were saved.').waitFor();
    const customer = (await admin('GET', `/v1/customers/${subscription.customer}`)).body;
    expect([customer.email, customer.address.postal_code]).toEqual(['accounts@portal-test.example', '10117']);
    expect(errors).toEqual([]);
    await page.close();
  });
});

// A plan of another billing interval restarts the cycle at the change (the server's
// subscriptions/change.js): the page previews the credit of the unused current cycle.
describe('the customer portal: a switch to another billing interval', () => {
  test('previews the restarted cycle with the unused month credited, and the server applies exactly that', async () => {
    const monthly = await planByCode('team-monthly');
    const annual = await planByCode('team-annual');
    const portal = { allowed_plans: [annual.id], quantity: { adjustable: true, minimum: '1', maximum: '200' } };
    expect((await admin('PATCH', `/v1/plans/${monthly.id}`, { portal })).status).toBe(200);
    const customer = (await admin('POST', '/v1/customers', { name: 'Interval Switch Ltd', email: 'switch@example.com', currency: 'USD', timezone: 'Europe/London' })).body;
    expect((await admin('POST', '/v1/subscriptions', { customer: customer.id, plan: monthly.id, quantity: '3', trial_days: 0 })).status).toBe(201);
    const { token } = (await admin('POST', '/v1/portal_sessions', { customer: customer.id })).body;

    // An allowed plan of another interval is offered only when the policy lists that interval.
    const { page, errors } = await openPage(`/portal#token=${token}`);
    await page.getByTestId('status').waitFor();
    expect(await page.locator('#target-plan option').evaluateAll((options) => options.map((option) => option.value))).toEqual([monthly.id]);
    const allowed = { portal: { ...portal, allowed_intervals: [{ interval: 'year' }] } };
    expect((await admin('PATCH', `/v1/plans/${monthly.id}`, allowed)).status).toBe(200);
    await page.reload();
    await page.getByTestId('status').waitFor();
    await page.getByLabel('Plan', { exact: true }).selectOption(annual.id);
    const preview = page.getByTestId('preview');
    await preview.waitFor();
    const previewed = await preview.getAttribute('data-lines');
    expect(JSON.parse(previewed).map((line) => [line.kind, line.item, line.quantity])).toEqual([['credit', `price:${monthly.prices[0].id}`, '3']]);
    expect(await preview.textContent()).toContain('Your billing cycle restarts');
    const change = page.waitForResponse((response) => response.url().endsWith('/change'));
    const changedFrom = Math.floor(Date.now() / 1000) * 1000; // periods start on whole seconds
    await page.getByRole('button', { name: 'Confirm change' }).click();
    const changed = await (await change).json();
    expect(changed).toMatchObject({ plan: annual.id });
    expect(JSON.stringify(changed.pending_prorations.slice(-1))).toBe(previewed);
    // The cycle restarted at the change, a year long. (The change may fall in the second the
    // subscription started, so the two starts may be equal.)
    expect(Date.parse(changed.current_period_start)).toBeGreaterThanOrEqual(changedFrom);
    expect(Date.parse(changed.current_period_end) - Date.parse(changed.current_period_start)).toBeGreaterThan(360 * 24 * 3600 * 1000);
    expect(await page.getByTestId('notice').textContent()).toContain('exactly the one previewed');
    expect(errors).toEqual([]);
    await page.close();
  });
});

// The portal's usage charts, next invoice and add-ons, on a demo customer of the pay-as-you-go
// plan: events sent through the API and merged by the server's job worker, a limit from an
// entitlement override, and the plan's portal policy opened to one add-on.
describe('the customer portal: usage, next invoice and add-ons', () => {
  let customer;
  let token;
  let addOn;
  const dailyUsage = async () => (await admin('GET', `/v1/customers/${customer.id}/usage/daily`)).body;
  const upcoming = async () => (await admin('POST', '/v1/invoices/upcoming', { customer: customer.id })).body;

  beforeAll(async () => {
    customer = (await admin('GET', '/v1/customers?external_id=demo-004')).body.data[0];
    const plan = await planByCode('api-usage');
    addOn = (await admin('GET', '/v1/add_ons?limit=100')).body.data.find((candidate) => candidate.name === 'Priority support');
    expect((await admin('PATCH', `/v1/plans/${plan.id}`, { portal: { allowed_add_ons: [addOn.id] } })).status).toBe(200);
    const overrides = { overrides: [{ key: 'api_calls', kind: 'metered', included: '1000' }] };
    expect((await admin('PUT', `/v1/customers/${customer.id}/entitlement_overrides`, overrides)).status).toBe(200);
    const before = (await dailyUsage()).metrics.find((metric) => metric.metric === 'api_calls').total;
    const now = new Date().toISOString();
    const events = ['web-1', 'web-2', 'web-3'].map((id) => ({ id, customer: customer.id, metric: 'api_calls', timestamp: now }));
    expect((await admin('POST', '/v1/usage_events', { events })).status).toBe(200);
    const merged = await eventually(dailyUsage, (usage) => usage.metrics.find((metric) => metric.metric === 'api_calls').total !== before);
    expect(BigInt(merged.metrics.find((metric) => metric.metric === 'api_calls').total)).toBe(BigInt(before) + 3n);
    token = (await admin('POST', '/v1/portal_sessions', { customer: customer.id })).body.token;
  });

  test('charts each metric by day, with the server\'s figures as the chart\'s text, and shows the next invoice as the server computes it', async () => {
    const { page, errors } = await openPage(`/portal#token=${token}`);
    const figure = page.getByTestId('usage-api_calls');
    await figure.locator('canvas').first().waitFor();
    const server = (await dailyUsage()).metrics.find((metric) => metric.metric === 'api_calls');
    const rows = figure.getByTestId('usage-day');
    expect(await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-value')))).toEqual(server.days.map((day) => day.value));
    const summary = await figure.getByTestId('usage-summary').textContent();
    const formatted = (value) => new Intl.NumberFormat('en-US').format(value);
    expect(summary).toContain(`${formatted(server.total)} used of ${formatted(server.limit)} available`);
    expect(server.limit).toBe('1000');
    const shown = page.getByTestId('next-invoice');
    await shown.waitFor();
    const invoice = await upcoming();
    expect(await shown.getAttribute('data-content-hash')).toBe(invoice.content_hash);
    expect(await shown.getByTestId('total').textContent()).toBe(new Intl.NumberFormat('en-US', { style: 'currency', currency: invoice.currency, maximumFractionDigits: 4 }).format(invoice.total));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'portal-usage');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('adds an add-on with the previewed proration applied; its removal, a downgrade, waits for the period end; the next invoice follows', async () => {
    const { page, errors } = await openPage(`/portal#token=${token}`);
    await page.getByTestId('next-invoice').waitFor();
    const before = await upcoming();
    const confirm = async () => {
      const change = page.waitForResponse((response) => response.url().endsWith('/change'));
      await page.getByRole('button', { name: 'Confirm change' }).click();
      const changed = await (await change).json();
      // The next invoice is read again after the change: the server's upcoming invoice.
      const invoice = await upcoming();
      await page.locator(`[data-testid="next-invoice"][data-content-hash="${invoice.content_hash}"]`).waitFor();
      return { changed, invoice };
    };

    await page.getByLabel('Priority support').check();
    const preview = page.getByTestId('preview');
    await preview.waitFor();
    const previewed = await preview.getAttribute('data-lines');
    const lines = JSON.parse(previewed);
    expect(lines.map((line) => [line.item, line.kind])).toEqual([[`add_on:${addOn.id}`, 'charge']]);
    const added = await confirm();
    expect(added.changed.add_ons.map((entry) => entry.add_on)).toEqual([addOn.id]);
    expect(JSON.stringify(added.changed.pending_prorations.slice(-lines.length))).toBe(previewed);
    expect(await page.getByTestId('notice').textContent()).toContain('exactly the one previewed');
    expect(added.invoice.content_hash).not.toBe(before.content_hash); // the add-on and its proration are on it
    await screenshots(page, 'portal-add-on');

    await page.getByLabel('Priority support').uncheck();
    await page.locator('[data-testid="preview"][data-timing="period_end"]').waitFor();
    const removed = await confirm();
    expect(removed.changed.add_ons.map((entry) => entry.add_on)).toEqual([addOn.id]); // until the period's end
    const [scheduled] = removed.changed.scheduled_changes;
    expect([scheduled.timing, scheduled.add_ons, scheduled.effective_at]).toEqual(['period_end', [], removed.changed.current_period_end]);
    expect(removed.changed.pending_prorations).toEqual(added.changed.pending_prorations);
    expect(await page.getByTestId('notice').textContent()).toContain('unprorated, as previewed');
    expect(await page.getByTestId('scheduled-changes').textContent()).toContain('no add-ons');
    expect(await page.getByLabel('Priority support').isChecked()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

// The portal's team and access keys, on an account that a real activation order made in the
// example provisioned app (its own process, a provisioning target of this server): every change
// goes through the page and is checked through the API, and the key is used against the app.
describe('the customer portal: team and access keys', () => {
  const OWNER = 'owner@portal-team.example';
  const DEV = 'dev@portal-team.example';
  let app;
  let customer;
  let account;
  let token;
  // A customer on a new plan with seats (past the limit: `overLimit`), whose account an
  // activation order made in the app with OWNER seated; with a portal token.
  async function activatedCustomer(code, { quantity, overLimit }) {
    const product = (await admin('POST', '/v1/products', { name: code })).body;
    const price = (await admin('POST', '/v1/prices', { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'per_unit', unit_amount: '10.00' } })).body;
    const plan = (await admin('POST', '/v1/plans', { code, name: code, product: product.id, currency: 'USD', interval: 'month', prices: [price.id], trial_days: 0 })).body;
    const features = [{ key: 'seats', kind: 'limit', limit: 0 }, { key: 'reports', kind: 'boolean' }];
    expect((await admin('PUT', `/v1/plans/${plan.id}/entitlements`, { features, seats: { over_limit: overLimit } })).status).toBe(200);
    const created = (await admin('POST', '/v1/customers', { name: `${code} SA`, currency: 'USD', timezone: 'Europe/Madrid' })).body;
    const subscription = (await admin('POST', '/v1/subscriptions', { customer: created.id, plan: plan.id, quantity, trial_days: 0 })).body;
    const order = (await admin('POST', '/v1/orders', { type: 'activate', customer: created.id, target: 'portal-app', users: [{ email: OWNER, role: 'owner' }], welcome: false })).body;
    const done = await eventually(async () => (await admin('GET', `/v1/orders/${order.id}`)).body, (o) => ['completed', 'failed', 'blocked'].includes(o.status));
    expect(done.status).toBe('completed');
    return {
      customer: created, subscription,
      account: (await admin('GET', `/v1/customers/${created.id}/account`)).body,
      token: (await admin('POST', '/v1/portal_sessions', { customer: created.id })).body.token,
    };
  }

  beforeAll(async () => {
    const appKey = (await admin('POST', '/v1/api_keys', { name: 'portal test app', role: 'provisioning' })).body.secret;
    app = await spawnProvisionedApp({ ratecardUrl: baseUrl, apiKey: appKey });
    expect((await admin('PUT', '/v1/provisioning_targets/portal-app', { base_url: app.url })).status).toBe(200);
    ({ customer, account, token } = await activatedCustomer('portal-team', { quantity: '2', overLimit: 'refuse' }));
  });
  afterAll(async () => {
    await app?.stop();
  });

  const users = async () => Object.fromEntries((await admin('GET', `/v1/customers/${customer.id}/account/users`)).body.data
    .filter((user) => user.status === 'active').map((user) => [user.email, [user.role, user.seat]]));
  const seatsUsed = async () => (await admin('GET', `/v1/customers/${customer.id}/seats`)).body.used;
  const keys = async () => (await admin('GET', `/v1/customers/${customer.id}/access_keys`)).body.data;
  // The app learns of keys through sync jobs: the status a key gets there once they ran.
  const appStatus = (secret, wanted) => eventually(async () => (await app.use(account.id, 'reports', { key: secret })).status, (s) => s === wanted);
  const member = (page, email) => page.getByTestId(`user-${email}`);

  test('adds a user, changes a role, refuses the last owner, assigns and frees seats; creates, uses, rotates and revokes a key', async () => {
    const { page, errors } = await openPage(`/portal#token=${token}`);
    await page.getByRole('heading', { name: 'Team', exact: true }).waitFor();
    await page.getByTestId('seat-count').waitFor();
    expect(await page.getByTestId('seat-count').textContent()).toMatch(/^Seats: 1 used of 2/);

    await page.getByLabel('Email', { exact: true }).fill(DEV);
    await page.getByLabel('Role', { exact: true }).selectOption('admin');
    await page.getByLabel('Give them a seat now').uncheck();
    await page.getByRole('button', { name: 'Add user' }).click();
    await member(page, DEV).waitFor();
    expect(await users()).toEqual({ [OWNER]: ['owner', true], [DEV]: ['admin', false] });

    await page.getByLabel(`Role of ${DEV}`, { exact: true }).selectOption('member');
    await page.getByRole('button', { name: `Change role of ${DEV}` }).click();
    await page.getByTestId('team-notice').getByText(`${DEV} is now member.`).waitFor();
    expect((await users())[DEV]).toEqual(['member', false]);

    // The last owner: neither demoted nor removed, with the server's coded error shown.
    await page.getByLabel(`Role of ${OWNER}`, { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: `Change role of ${OWNER}` }).click();
    await page.getByRole('alert').getByText('INVALID_STATE at /role').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('an account keeps at least one owner');
    expect(await page.getByLabel(`Role of ${OWNER}`, { exact: true }).inputValue()).toBe('owner'); // the choice is put back
    await member(page, OWNER).getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('button', { name: `Remove ${OWNER}` }).click();
    await page.getByRole('alert').getByText(/^INVALID_STATE/).waitFor();
    expect((await users())[OWNER]).toEqual(['owner', true]);

    await page.getByRole('button', { name: `Assign seat to ${DEV}` }).click();
    await page.getByRole('button', { name: `Free seat of ${DEV}` }).waitFor();
    expect(await page.getByTestId('seat-count').textContent()).toMatch(/^Seats: 2 used of 2/);
    expect([await seatsUsed(), (await users())[DEV]]).toEqual(['2', ['member', true]]);
    // Past the limit this plan refuses: the new user is not added either.
    await page.getByLabel('Email', { exact: true }).fill('third@portal-team.example');
    await page.getByLabel('Give them a seat now').check();
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('alert').getByText('SEAT_LIMIT_REACHED at /seat').waitFor();
    expect(Object.keys(await users())).toEqual([OWNER, DEV]);
    await page.getByRole('button', { name: `Free seat of ${DEV}` }).click();
    await page.getByRole('button', { name: `Assign seat to ${DEV}` }).waitFor();
    expect(await page.getByTestId('seat-count').textContent()).toMatch(/^Seats: 1 used of 2/);
    expect(await seatsUsed()).toBe('1');

    await page.getByLabel('Name', { exact: true }).fill('CI');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByTestId('secret-value').inputValue();
    expect(secret).toMatch(/^rcak_[0-9a-z]{10}_[0-9a-z]{40}$/);
    expect(await page.getByTestId('new-secret').textContent()).toContain('you will not see it again');
    const [created] = await keys();
    expect([created.name, created.status, created.scopes, secret.startsWith(`${created.prefix}_`)]).toEqual(['CI', 'active', ['*'], true]);
    expect(await appStatus(secret, 200)).toBe(200);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'portal-team');

    await page.reload(); // the secret is gone for good
    await page.getByTestId(`key-${created.prefix}`).waitFor();
    expect(await page.getByTestId('new-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret.slice(created.prefix.length));

    await page.getByLabel('When a key is rotated, the old one keeps working for').selectOption({ label: 'one hour' });
    await page.getByRole('button', { name: `Rotate the key CI (${created.prefix})` }).click();
    await page.getByTestId('overlap-note').waitFor();
    const rotatedSecret = await page.getByTestId('secret-value').inputValue();
    const [successor, old] = await keys();
    expect([successor.rotated_from, successor.status, old.id, old.status]).toEqual([created.id, 'active', created.id, 'expiring']);
    expect(rotatedSecret.startsWith(`${successor.prefix}_`)).toBe(true);
    expect(Date.parse(old.expires_at) - Date.parse(successor.created_at)).toBeLessThanOrEqual(3600 * 1000);
    expect(await page.getByTestId('overlap-note').textContent()).toContain(`The previous key ${created.prefix} keeps working until`);
    expect([await appStatus(rotatedSecret, 200), await appStatus(secret, 200)]).toEqual([200, 200]);

    await page.getByTestId(`key-${successor.prefix}`).getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('button', { name: `Revoke ${successor.prefix}` }).click();
    await page.getByTestId('keys-notice').getByText(`The key ${successor.prefix} was revoked`).waitFor();
    expect((await keys())[0].status).toBe('revoked');
    expect(await appStatus(rotatedSecret, 401)).toBe(401);

    // The three refusals above are the only 4xx responses (Chromium logs each to the console too).
    const expected = (error) => /^HTTP 409: .*\/(account\/users(\/[^/]+(\/remove)?)?)$/.test(error)
      || /^console error: Failed to load resource: .* 409 \(Conflict\)$/.test(error);
    expect(errors.filter((error) => !expected(error))).toEqual([]);
    expect(errors.length).toBe(6);
    await page.close();
  });

  test('on a plan that bills extra seats, a seat past the limit raises the subscription, as the server answers', async () => {
    const billed = await activatedCustomer('portal-team-billed', { quantity: '1', overLimit: 'bill' });
    const { page, errors } = await openPage(`/portal#token=${billed.token}`);
    await page.getByTestId('seat-count').waitFor();
    expect(await page.getByTestId('seat-count').textContent()).toMatch(/^Seats: 1 used of 1/);
    await page.getByText('All seats are taken').waitFor();
    // Added with a seat: the answer is the user; the page reads the raised limit and says so.
    await page.getByLabel('Email', { exact: true }).fill(DEV);
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByTestId('team-notice').getByText('your subscription now has 2 seats').waitFor();
    expect((await admin('GET', `/v1/subscriptions/${billed.subscription.id}`)).body.quantity).toBe('2');
    expect(await page.getByTestId('seats').textContent()).toBe('2'); // the subscription panel follows
    // A seat assigned on its own: the server's answer carries the raised subscription.
    await page.getByLabel('Email', { exact: true }).fill('third@portal-team.example');
    await page.getByLabel('Give them a seat now').uncheck();
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('button', { name: 'Assign seat to third@portal-team.example' }).click();
    await page.getByTestId('team-notice').getByText('your subscription now has 3 seats').waitFor();
    const subscription = (await admin('GET', `/v1/subscriptions/${billed.subscription.id}`)).body;
    expect([subscription.quantity, subscription.pending_prorations.length]).toEqual(['3', 4]);
    expect(await page.getByTestId('seats').textContent()).toBe('3');
    expect(await page.getByTestId('seat-count').textContent()).toMatch(/^Seats: 3 used of 3/);
    expect(errors).toEqual([]);
    await page.close();
  });
});

// The hosted invoice page (paid by card through the real vault and a simulated gateway, once)
// and the portal's invoices and payment methods.
describe('the hosted invoice page and the portal\'s invoices and cards', () => {
  let customer;
  let invoice;
  let token;
  beforeAll(async () => {
    customer = (await admin('POST', '/v1/customers', { name: 'Invoice Reader Ltd', email: 'reader@example.com', currency: 'USD', timezone: 'America/New_York' })).body;
    invoice = (await admin('POST', '/v1/invoices', {
      customer: customer.id, collection_method: 'send_invoice', days_until_due: 30, auto_finalize: true,
      lines: [{ description: 'Onboarding workshop', unit_amount: '450.00' }, { description: 'Support hours', unit_amount: '80.00', quantity: '3' }],
    })).body;
    expect([invoice.status, invoice.total]).toEqual(['open', '690.00']);
    // The customer's subscription, so the portal opens; its first invoice stays open (no card yet).
    await admin('POST', '/v1/subscriptions', { customer: customer.id, plan: (await planByCode('starter-monthly')).id, quantity: '1' });
    token = (await admin('POST', '/v1/portal_sessions', { customer: customer.id })).body.token;
  });

  test('pays an open invoice with a new card, exactly once', async () => {
    const link = (await admin('GET', `/v1/invoices/${invoice.id}`)).body.hosted_invoice_url;
    const { page, errors } = await openPage(new URL(link).pathname);
    await page.getByTestId('invoice-status').waitFor();
    expect(await page.getByTestId('invoice-status').textContent()).toBe('Open');
    expect(await page.getByTestId('total').textContent()).toBe('$690.00');
    expect(await page.getByTestId('amount-remaining').textContent()).toBe('$690.00');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'invoice-open');

    const pdf = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download PDF' }).click();
    expect((await pdf).suggestedFilename()).toBe(`${invoice.number}.pdf`);

    await page.locator('#pay-card-number').fill('4242 4242 4242 4242');
    await page.locator('#pay-card-expiry').fill('12/40');
    await page.locator('#pay-card-cvc').fill('123');
    await page.getByRole('button', { name: 'Pay $690.00' }).click();
    await page.getByTestId('notice').getByText('$690.00 was paid').waitFor();
    expect(await page.getByTestId('invoice-status').textContent()).toBe('Paid');
    expect(await page.getByTestId('amount-remaining').textContent()).toBe('$0.00');
    expect(await page.getByRole('button', { name: /^Pay / }).count()).toBe(0);
    // The page sends the payment again (a retry): the same payment answers.
    const again = await page.evaluate(async (credential) => (await fetch('/v1/hosted_invoice/pay', {
      method: 'POST', headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' }, body: '{}',
    })).json(), new URL(link).pathname.split('/').pop());
    const payments = (await admin('GET', `/v1/payments?invoice=${invoice.id}`)).body.data;
    expect(payments.map((payment) => [payment.status, payment.amount])).toEqual([['succeeded', '690.00']]);
    expect(again.payment.id).toBe(payments[0].id);
    expect((await admin('GET', `/v1/invoices/${invoice.id}`)).body.status).toBe('paid');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'invoice-paid');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('3-D Secure: the bank\'s challenge, shown again after a reload, is answered on the page and the invoice is paid once', async () => {
    const buyer = (await admin('POST', '/v1/customers', { name: 'Secure Payer Inc', email: 'secure@example.com', currency: 'USD', timezone: 'America/New_York' })).body;
    const open = (await admin('POST', '/v1/invoices', {
      customer: buyer.id, collection_method: 'send_invoice', days_until_due: 30, auto_finalize: true,
      lines: [{ description: 'Audit', unit_amount: '120.00' }],
    })).body;
    expect(open).toMatchObject({ status: 'open', total: '120.00' });
    const link = (await admin('GET', `/v1/invoices/${open.id}`)).body.hosted_invoice_url;
    const { page, errors } = await openPage(new URL(link).pathname);
    await page.locator('#pay-card-number').waitFor();
    await page.locator('#pay-card-number').fill('4000 0027 6000 3184');
    await page.locator('#pay-card-expiry').fill('12/40');
    await page.locator('#pay-card-cvc').fill('123');
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.getByTestId('three-d-secure').waitFor();
    // The payer reloads mid-step: the page shows the same step again (the server's waiting
    // payment), and offers no other payment meanwhile.
    await page.reload();
    await page.getByTestId('three-d-secure').getByText('card ending 3184').waitFor();
    expect(await page.getByRole('button', { name: /^Pay / }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'invoice-3ds');
    await page.getByRole('button', { name: 'Confirm payment' }).click();
    await page.getByTestId('notice').getByText('was paid').waitFor();
    expect(await page.getByTestId('invoice-status').textContent()).toBe('Paid');
    const payments = (await admin('GET', `/v1/payments?invoice=${open.id}`)).body.data;
    expect(payments.map((payment) => [payment.status, payment.amount])).toEqual([['succeeded', '120.00']]);
    // The gateways' own records: one charge for the invoice, succeeded.
    const charges = (await gatewayCharges()).filter((charge) => charge.reference === payments[0].id);
    expect(charges.map((charge) => [charge.status, charge.amount])).toEqual([['succeeded', '120.00']]);
    expect((await admin('GET', `/v1/invoices/${open.id}`)).body.status).toBe('paid');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the portal lists the invoices with their PDFs and manages the cards on file', async () => {
    const { page, errors } = await openPage(`/portal#token=${token}`);
    const table = page.getByTestId('invoices');
    await table.waitFor();
    const listed = (await admin('GET', `/v1/invoices?customer=${customer.id}`)).body.data;
    expect(await table.locator('tbody tr').count()).toBe(listed.length);
    const open = listed.find((entry) => entry.status === 'open');
    const payLink = page.getByRole('link', { name: `Pay invoice ${open.number}` });
    expect(await payLink.getAttribute('href')).toBe(open.hosted_invoice_url);
    expect(await page.getByRole('link', { name: `Pay invoice ${invoice.number}` }).count()).toBe(0); // paid: nothing to pay
    const pdf = page.waitForEvent('download');
    await page.getByRole('button', { name: `Download invoice ${invoice.number} as PDF` }).click();
    expect((await pdf).suggestedFilename()).toBe(`${invoice.number}.pdf`);

    // The card the invoice was paid with is on file (the first, so the default); add another,
    // make it the default, remove the first.
    const methods = page.getByTestId('payment-methods');
    await methods.getByText('ending in 4242').waitFor();
    await page.locator('#portal-card-number').fill('5555555555554444');
    await page.locator('#portal-card-expiry').fill('11/39');
    await page.locator('#portal-card-cvc').fill('321');
    await page.getByRole('button', { name: 'Add card' }).click();
    await methods.getByText('ending in 4444').waitFor();
    await page.getByRole('button', { name: /^Make .* ending in 4444, .* the default$/ }).click();
    await page.getByText('ending in 4444, expires 11/2039 is now your default').waitFor();
    const first = methods.locator('li', { hasText: 'ending in 4242' });
    await first.getByRole('button', { name: 'Remove' }).click();
    await first.getByRole('button', { name: 'Remove it' }).click();
    await page.getByText(/^Removed .* ending in 4242/).waitFor();
    const onFile = (await admin('GET', `/v1/customers/${customer.id}/payment_methods`)).body.data;
    expect(onFile.map((method) => [method.card.last4, method.default])).toEqual([['4444', true]]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'portal-invoices-cards');
    expect(errors).toEqual([]);
    await page.close();
  });
});
