'use strict';
// The admin dashboard (web/src/dashboard/, served at /dashboard) in Debian's Chromium against
// ONE real server: `npm start`'s entry point on a fresh SQLite database with the demo data, its
// demo admin operator read from the data directory. An admin signs in with the form, reads the
// customers (search, a customer's subscriptions, invoices with a PDF, payments, entitlements,
// accounts), voids an invoice (checked through the API and in the audit log, which names the
// operator), reads the audit log page and invites a support operator from the Operators page;
// the invited operator accepts the invitation in the page, sees no write button and no audit
// log, and signs out everywhere; the admin then disables it from the Operators page. Every page: no
// console errors, axe-core with no serious or critical violation, no horizontal scrolling at
// 360 px; screenshots go to test-results/web/dashboard-*.png.
// The server charges through the real card vault and simulated gateways, started beside it
// (support/dashboard-payments.js).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { launchChromium, collectPageErrors } = require('./support/chromium.js');
const { seriousViolations, screenshots } = require('./support/page-checks.js');
const { startServerProcess } = require('../../server/test/support/server-process.js');
const { startDashboardPayments, cardOnFile } = require('./support/dashboard-payments.js');

const ROOT = path.join(__dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-results', 'web');
// The pages' policy; scripts may also connect to the card vault and the gateways (`origins`).
const expectedPolicy = (origins) => "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
  + `connect-src ${["'self'", ...origins].join(' ')}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;
const VIEWER_PASSWORD = 'a long viewer password';

let server;
let baseUrl;
let adminKey;
let operator;
let browser;
let dataDir;
let invitationLink; // made by the admin in the Operators page, opened by the invited operator
let payments; // the vault and gateways the server charges through

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) throw new Error('web/dist is not built: run bash scripts/build-web.sh');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-dashboard-'));
  payments = await startDashboardPayments(dataDir);
  server = startServerProcess({ RATECARD_DATA_DIR: dataDir, RATECARD_EXAMPLE_APP: 'false', LOG_LEVEL: 'warn', ...payments.env });
  ({ url: baseUrl, adminKey } = await server.ready);
  const [email, password] = fs.readFileSync(path.join(dataDir, 'admin-operator.txt'), 'utf8').trim().split('\n');
  operator = { email, password };
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await payments?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function api(method, urlPath, body) {
  const response = await fetch(baseUrl + urlPath, {
    method, headers: { authorization: `Bearer ${adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

async function openPage(urlPath) {
  const page = await browser.newPage();
  const errors = collectPageErrors(page);
  const response = await page.goto(baseUrl + urlPath);
  return { page, errors, response };
}

// The checks of every page, then its screenshots.
async function checkPage(page, name) {
  expect(await seriousViolations(page)).toEqual([]);
  expect(await screenshots(page, ARTIFACTS, `dashboard-${name}`)).toBeLessThanOrEqual(360);
}

async function signIn(page, email, password) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('operator').waitFor();
}

const navLinks = (page) => page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link').allTextContents();

describe('the dashboard, signed in as the demo admin', () => {
  let page;
  let errors;
  beforeAll(async () => {
    ({ page, errors } = await openPage('/dashboard'));
  });
  afterAll(async () => {
    await page?.close();
  });
  afterEach(() => {
    expect(errors).toEqual([]);
  });

  test('asks to sign in, under the strict policy, then shows the customers with navigation for the role', async () => {
    const response = await page.goto(`${baseUrl}/dashboard`);
    expect(response.headers()['content-security-policy']).toBe(expectedPolicy(payments.origins));
    await page.getByRole('heading', { name: 'Sign in to the dashboard' }).waitFor();
    await checkPage(page, 'sign-in');
    await signIn(page, operator.email, operator.password);
    expect(await page.getByTestId('operator').textContent()).toBe(`${operator.email} (admin)`);
    expect(await navLinks(page)).toEqual(['Customers', 'Invoices', 'Audit log', 'Operators', 'What-if pricing', 'Subscriptions', 'Payments', 'Reconciliation', 'Dunning', 'Fraud review']);
    await page.getByRole('heading', { name: 'All customers' }).waitFor();
    const total = (await api('GET', '/v1/customers?limit=50')).body.data.length;
    expect(total).toBeGreaterThan(0);
    const list = page.getByRole('region', { name: 'All customers' });
    await list.locator('tbody tr a').first().waitFor();
    expect(await list.locator('tbody tr').count()).toBe(total);
    await checkPage(page, 'customers');
  });

  test('searches customers and opens one: subscriptions, invoices with a PDF, payments, entitlements, accounts', async () => {
    const { body: customers } = await api('GET', '/v1/customers?limit=100');
    const target = customers.data.find((customer) => customer.name) ?? customers.data[0];
    const term = target.name.split(' ')[0];
    await page.getByLabel('Search customers').fill(term);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: `Customers matching “${term}”` }).waitFor();
    await page.getByRole('link', { name: target.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: target.name }).waitFor();
    for (const section of ['Subscriptions', 'Invoices', 'Payments', 'Entitlements', 'Provisioned accounts']) {
      await page.getByRole('region', { name: section }).locator('table').waitFor();
    }
    const { body: invoices } = await api('GET', `/v1/invoices?customer=${target.id}`);
    const { body: subscriptions } = await api('GET', `/v1/subscriptions?customer=${target.id}`);
    expect(await page.getByRole('region', { name: 'Subscriptions' }).locator('tbody tr').count()).toBe(Math.max(1, subscriptions.data.length));
    for (const subscription of subscriptions.data) {
      const { body: plan } = await api('GET', `/v1/plans/${subscription.plan}`);
      await page.getByRole('region', { name: 'Subscriptions' }).getByRole('cell', { name: plan.name, exact: true }).first().waitFor();
    }
    const pdf = page.getByRole('region', { name: 'Invoices' }).getByRole('link', { name: /^PDF/ }).first();
    if (invoices.data.some((invoice) => invoice.status !== 'draft')) {
      const href = await pdf.getAttribute('href');
      const type = await page.evaluate(async (url) => (await fetch(url)).headers.get('content-type'), href);
      expect(type).toBe('application/pdf');
    }
    await checkPage(page, 'customer');
  });

  test('voids an open invoice from its page; the API and the audit log show it, naming the operator', async () => {
    const { body: open } = await api('GET', '/v1/invoices?status=open&limit=1');
    expect(open.data.length).toBe(1);
    const invoice = open.data[0];
    await page.getByRole('link', { name: 'Invoices', exact: true }).click();
    await page.getByRole('heading', { name: 'All invoices' }).waitFor();
    await page.getByRole('region', { name: 'All invoices' }).locator('tbody tr a').first().waitFor();
    await checkPage(page, 'invoices');
    await page.goto(`${baseUrl}/dashboard/invoices/${invoice.id}`);
    await page.getByRole('heading', { name: 'Lines' }).waitFor();
    await checkPage(page, 'invoice');
    await page.getByRole('button', { name: 'Void invoice' }).click();
    await page.getByRole('button', { name: 'Void it' }).click();
    await page.getByText(/is void\.$/).waitFor();
    expect((await api('GET', `/v1/invoices/${invoice.id}`)).body.status).toBe('void');
    expect(await page.getByRole('button', { name: 'Void invoice' }).count()).toBe(0);

    const { body: audit } = await api('GET', `/v1/audit_log?object_id=${invoice.id}&method=POST`);
    const entry = audit.data.find((candidate) => candidate.action.route === '/v1/invoices/:id/void');
    expect(entry.actor.kind).toBe('operator');
    expect(entry.actor.role).toBe('admin');
    const { body: operators } = await api('GET', '/v1/operators');
    expect(entry.actor.operator).toBe(operators.data.find((candidate) => candidate.email === operator.email).id);

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Entries' }).waitFor();
    await page.getByText(`POST /v1/invoices/${invoice.id}/void`).waitFor();
    await page.getByText(`operator ${operator.email} (admin)`).first().waitFor();
    await checkPage(page, 'audit-log');
  });

  test('invites a support operator from the Operators page; the link is shown once', async () => {
    await page.getByRole('link', { name: 'Operators' }).click();
    await page.getByRole('region', { name: 'Accounts' }).getByRole('cell', { name: operator.email, exact: true }).waitFor();
    await page.getByLabel('Email').fill('viewer@example.com');
    await page.getByLabel('Name (optional)').fill('Viewer');
    await page.getByLabel('Role').selectOption('support');
    await page.getByRole('button', { name: 'Invite' }).click();
    invitationLink = await page.getByLabel('Invitation link').inputValue();
    expect(invitationLink).toMatch(new RegExp(`^${baseUrl}/dashboard/accept#token=rcoi_[0-9a-z]{10}_[0-9a-z]{40}$`));
    await page.getByRole('region', { name: 'Accounts' }).getByRole('cell', { name: 'viewer@example.com', exact: true }).waitFor();
    await checkPage(page, 'operators');
    const { body: operators } = await api('GET', '/v1/operators');
    expect(operators.data.find((candidate) => candidate.email === 'viewer@example.com')).toMatchObject({ role: 'support', status: 'invited' });
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in to the dashboard' }).waitFor();
  });
});

describe('the dashboard for the invited support operator (read-only)', () => {
  test('accepts the invitation, sees no write button and no audit log, and signs out everywhere', async () => {
    await browser.clearCookies();
    expect(invitationLink).toBeDefined();
    const { page, errors } = await openPage(invitationLink.slice(baseUrl.length));
    await page.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    await checkPage(page, 'accept');
    await page.getByLabel('Choose a password').fill(VIEWER_PASSWORD);
    await page.getByLabel('The same password again').fill(VIEWER_PASSWORD);
    await page.getByRole('button', { name: 'Set my password' }).click();
    await page.getByText('Your password is set for viewer@example.com.').waitFor();
    await page.getByRole('link', { name: 'Sign in to the dashboard' }).click();
    await signIn(page, 'viewer@example.com', VIEWER_PASSWORD);
    expect(await navLinks(page)).toEqual(['Customers', 'Invoices', 'What-if pricing', 'Subscriptions', 'Payments', 'Reconciliation', 'Dunning', 'Fraud review']);

    const { body: open } = await api('GET', '/v1/invoices?status=open&limit=1');
    await page.goto(`${baseUrl}/dashboard/invoices/${open.data[0].id}`);
    await page.getByRole('heading', { name: 'Lines' }).waitFor();
    expect(await page.getByRole('button', { name: 'Void invoice' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Download the PDF' }).waitFor();
    await checkPage(page, 'invoice-read-only');
    await page.goto(`${baseUrl}/dashboard/audit-log`);
    await page.getByText('Your role (support) does not show this page.').waitFor();

    const cookie = (await browser.cookies(baseUrl)).find((candidate) => candidate.name === 'rc_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('heading', { name: 'Sign in to the dashboard' }).waitFor();
    const replayed = await fetch(`${baseUrl}/v1/customers`, { headers: { cookie: `rc_session=${cookie.value}` } });
    expect(replayed.status).toBe(401);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the dashboard: disabling an operator', () => {
  test('the admin disables the support operator from the Operators page; it can no longer sign in', async () => {
    const { page, errors } = await openPage('/dashboard/operators');
    await signIn(page, operator.email, operator.password);
    await page.getByRole('button', { name: 'Disable viewer@example.com' }).click();
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    await page.getByText('viewer@example.com is disabled.').waitFor();
    expect(await page.getByRole('button', { name: `Disable ${operator.email}` }).count()).toBe(0); // never oneself
    const { body: operators } = await api('GET', '/v1/operators');
    expect(operators.data.find((candidate) => candidate.email === 'viewer@example.com').status).toBe('disabled');
    const refused = await fetch(`${baseUrl}/auth/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'viewer@example.com', password: VIEWER_PASSWORD }),
    });
    expect(refused.status).toBe(401);
    await checkPage(page, 'operators-disabled');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the dashboard: subscriptions and money pages', () => {
  const SUPPORT = { email: 'support-money@example.com', password: 'a long support password' };
  let page;
  let errors;
  beforeAll(async () => {
    await browser.clearCookies();
    ({ page, errors } = await openPage('/dashboard/subscriptions'));
    await signIn(page, operator.email, operator.password);
  });
  afterAll(async () => {
    await page?.close();
  });
  afterEach(() => {
    expect(errors).toEqual([]);
  });

  test('subscriptions: listed by status and plan; one shows its items, schedule and upcoming invoice; cancel at period end, then resume', async () => {
    const { body: active } = await api('GET', '/v1/subscriptions?status=active&limit=100');
    expect(active.data.length).toBeGreaterThan(0);
    const target = active.data.find((subscription) => !subscription.cancel_at) ?? active.data[0];
    const { body: plan } = await api('GET', `/v1/plans/${target.plan}`);
    const list = page.getByRole('region', { name: 'Subscriptions found' });
    await list.locator('tbody tr a').first().waitFor();
    await page.getByLabel('Status').selectOption('active');
    await page.getByLabel('Plan').selectOption(target.plan);
    const { body: matching } = await api('GET', `/v1/subscriptions?status=active&plan=${target.plan}&limit=50`);
    await list.getByRole('link', { name: target.id }).waitFor();
    await page.waitForFunction((rows) => document.querySelectorAll('section[aria-labelledby="subscription-list"] tbody tr').length === rows, matching.data.length);
    expect(await list.getByRole('cell', { name: plan.name, exact: true }).count()).toBe(matching.data.length);
    await checkPage(page, 'subscriptions');

    await list.getByRole('link', { name: target.id }).click();
    await page.getByRole('heading', { level: 1, name: `Subscription to ${plan.name}` }).waitFor();
    await page.getByRole('region', { name: 'Items' }).getByRole('cell', { name: `${plan.name} (plan` }).waitFor();
    await page.getByRole('region', { name: 'Schedule' }).locator('table').waitFor();
    const upcoming = page.getByRole('region', { name: 'Upcoming invoice' });
    await upcoming.locator('table').waitFor();
    const { body: next } = await api('GET', `/v1/invoices/upcoming?customer=${target.customer}`);
    expect(await upcoming.locator('tbody tr').count()).toBeGreaterThanOrEqual(next.lines.length);
    await checkPage(page, 'subscription');

    await page.getByRole('button', { name: 'Cancel at period end' }).click();
    await page.getByRole('button', { name: 'Cancel it then' }).click();
    await page.getByText('The subscription will cancel at the end of its period.').waitFor();
    const canceled = (await api('GET', `/v1/subscriptions/${target.id}`)).body;
    expect(canceled).toMatchObject({ status: 'active', cancel_at_period_end: true, cancel_at: target.current_period_end });
    await page.getByRole('region', { name: 'Schedule' }).getByRole('cell', { name: 'Cancellation' }).waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByText('The subscription renews again.').waitFor();
    expect((await api('GET', `/v1/subscriptions/${target.id}`)).body).toMatchObject({ cancel_at_period_end: false, cancel_at: null });
    await page.getByRole('button', { name: 'Cancel at period end' }).waitFor();
  });

  test('payments: listed; one shows its attempts; a partial refund after confirmation, a capture and a canceled authorization', async () => {
    const { body: customers } = await api('GET', '/v1/customers?limit=1');
    const customer = customers.data[0];
    await cardOnFile(api, payments.vaultUrl, customer.id, '4242424242424242');
    const charge = async (extra) => {
      const { status, body } = await api('POST', '/v1/payments', { customer: customer.id, amount: '25.00', currency: customer.currency, ...extra });
      expect(status).toBe(201);
      return body;
    };
    const paid = await charge({});
    expect(paid.status).toBe('succeeded');
    const [toCapture, toCancel] = [await charge({ capture_method: 'manual' }), await charge({ capture_method: 'manual' })];
    expect([toCapture.status, toCancel.status]).toEqual(['requires_capture', 'requires_capture']);

    await page.getByRole('link', { name: 'Payments', exact: true }).click();
    const list = page.getByRole('region', { name: 'Payments found' });
    await list.getByRole('link', { name: paid.id }).waitFor();
    const { body: all } = await api('GET', '/v1/payments?limit=50');
    expect(await list.locator('tbody tr').count()).toBe(all.data.length);
    await checkPage(page, 'payments');

    await list.getByRole('link', { name: paid.id }).click();
    const attempts = page.getByRole('region', { name: 'Attempts' });
    await attempts.locator('tbody tr').first().waitFor();
    expect(await attempts.locator('tbody tr').count()).toBe(paid.attempts.length);
    await page.getByLabel(/^Amount/).fill('5.00');
    await page.getByRole('button', { name: 'Refund…' }).click();
    await page.getByText(/^Refund 5\.00 [A-Z]{3} for good\?$/).waitFor();
    await page.getByRole('button', { name: 'Refund it' }).click();
    await page.getByText(/^Refund re_\S+ is (pending|succeeded)\.$/).waitFor();
    const { body: refunds } = await api('GET', `/v1/payments/${paid.id}/refunds`);
    expect(refunds.data.map((refund) => refund.amount)).toEqual(['5.00']);
    await page.getByRole('region', { name: 'Refunds' }).getByRole('cell', { name: refunds.data[0].id }).waitFor();
    await checkPage(page, 'payment');

    await page.goto(`${baseUrl}/dashboard/payments/${toCapture.id}`);
    await page.getByRole('button', { name: 'Capture', exact: true }).click();
    await page.getByRole('button', { name: 'Capture it' }).click();
    await page.getByText('The payment is captured.').waitFor();
    expect((await api('GET', `/v1/payments/${toCapture.id}`)).body.status).toBe('succeeded');
    await page.goto(`${baseUrl}/dashboard/payments/${toCancel.id}`);
    await page.getByRole('button', { name: 'Cancel authorization' }).click();
    await page.getByRole('button', { name: 'Void it' }).click();
    await page.getByText('The authorization is canceled.').waitFor();
    expect((await api('GET', `/v1/payments/${toCancel.id}`)).body.status).toBe('canceled');
  });

  test('reconciliation: the received payments by status, what each pays, and the same report as CSV', async () => {
    const { body: open } = await api('GET', '/v1/invoices?status=open&limit=1');
    const invoice = open.data[0];
    const receive = async (extra) => {
      const { status, body } = await api('POST', '/v1/received_payments', {
        method: 'bank_transfer', amount: '1.00', currency: invoice.currency, received_on: '2026-12-01', ...extra,
      });
      expect(status).toBe(201);
      return body;
    };
    const applied = await receive({ reference: 'DASH-APPLIED', invoices: [invoice.id] });
    expect(applied.applications.map((application) => application.invoice)).toEqual([invoice.id]);
    const unmatched = await receive({ reference: 'DASH-UNMATCHED' });
    expect(unmatched.status).toBe('unmatched');

    await page.getByRole('link', { name: 'Reconciliation', exact: true }).click();
    const report = page.getByRole('region', { name: 'Received payments' });
    await report.getByRole('cell', { name: 'DASH-APPLIED' }).waitFor();
    const { body: all } = await api('GET', '/v1/reconciliation?limit=50');
    expect(await report.locator('tbody tr').count()).toBe(all.data.length);
    const appliedRow = report.locator('tbody tr').filter({ hasText: 'DASH-APPLIED' });
    await appliedRow.getByRole('link', { name: invoice.number ?? invoice.id }).waitFor();
    await checkPage(page, 'reconciliation');

    await page.getByLabel('Status').selectOption('unmatched');
    const { body: onlyUnmatched } = await api('GET', '/v1/reconciliation?status=unmatched&limit=50');
    await page.waitForFunction((rows) => document.querySelectorAll('section[aria-labelledby="received-list"] tbody tr').length === rows, onlyUnmatched.data.length);
    expect(await report.getByRole('cell', { name: 'DASH-APPLIED' }).count()).toBe(0);
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(href).toBe('/v1/reconciliation?status=unmatched&format=csv');
    const csv = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return { type: response.headers.get('content-type'), text: await response.text() };
    }, href);
    expect(csv.type).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines[0].startsWith('id,received_on,origin')).toBe(true);
    expect(lines.length - 1).toBe(onlyUnmatched.data.length);
    expect(csv.text).toContain(unmatched.id);
    expect(csv.text).not.toContain(applied.id);
  });

  test('dunning: a subscription whose first charge fails is an open case in the queue, with its next attempt', async () => {
    const created = async (urlPath, body) => {
      const { status, body: object } = await api('POST', urlPath, body);
      expect(status).toBe(201);
      return object;
    };
    const product = await created('/v1/products', { name: 'Dunned product' });
    const price = await created('/v1/prices', { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'per_unit', unit_amount: '10.00' } });
    const plan = await created('/v1/plans', { code: 'dashboard-dunned', name: 'Dunned plan', product: product.id, currency: 'USD', interval: 'month', prices: [price.id] });
    const customer = await created('/v1/customers', { name: 'Dunned customer', currency: 'USD' });
    await cardOnFile(api, payments.vaultUrl, customer.id, '4000000000009995'); // insufficient funds
    await created('/v1/subscriptions', { customer: customer.id, plan: plan.id, quantity: '1' });
    let dunned = [];
    while (dunned.length === 0) { // the case opens when the server's worker handles the failure
      dunned = (await api('GET', `/v1/dunning_cases?customer=${customer.id}&status=open`)).body.data;
      if (dunned.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(dunned[0].next_attempt_at).not.toBeNull();

    await page.getByRole('link', { name: 'Dunning', exact: true }).click();
    const queue = page.getByRole('region', { name: 'Cases open' });
    const row = queue.locator('tbody tr').filter({ hasText: dunned[0].invoice });
    await row.getByRole('cell', { name: 'insufficient_funds' }).waitFor();
    const { body: open } = await api('GET', '/v1/dunning_cases?status=open&limit=50');
    expect(await queue.locator('tbody tr').count()).toBe(open.data.length);
    expect(await row.getByRole('link', { name: customer.id }).count()).toBe(1);
    await checkPage(page, 'dunning');
  });

  test('fraud review: two charges held by a rule wait in the queue; one approved, one rejected from the page', async () => {
    const { status, body: customer } = await api('POST', '/v1/customers', { name: 'Reviewed customer', currency: 'USD' });
    expect(status).toBe(201);
    const currency = customer.currency.toUpperCase();
    const ruled = await api('PUT', '/v1/fraud_rules', { rules: [{ name: 'large', type: 'amount_over', amount: '1000', currency, score: 0, action: 'review' }] });
    expect(ruled.status).toBe(200);
    await cardOnFile(api, payments.vaultUrl, customer.id, '4242424242424242');
    const held = [];
    for (const amount of ['1500.00', '1600.00']) {
      const { body } = await api('POST', '/v1/payments', { customer: customer.id, amount, currency: customer.currency });
      expect(body.status).toBe('requires_review');
      held.push(body);
    }
    const [approveMe, rejectMe] = held;

    await page.getByRole('link', { name: 'Fraud review', exact: true }).click();
    const queue = page.getByRole('region', { name: 'Reviews pending' });
    await queue.getByText(/large \(\+0\): /).first().waitFor();
    const { body: pending } = await api('GET', '/v1/fraud_decisions?review=pending&limit=50');
    expect(await queue.locator('ul.rows > li').count()).toBe(pending.data.length);
    await checkPage(page, 'fraud-review');

    await page.getByRole('button', { name: `Approve ${approveMe.id}` }).click();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByText(`Approved: payment ${approveMe.id} is succeeded.`).waitFor();
    await page.getByRole('button', { name: `Reject ${rejectMe.id}` }).click();
    await page.getByRole('button', { name: 'Reject', exact: true }).click();
    await page.getByText(`Rejected: payment ${rejectMe.id} is failed.`).waitFor();
    expect((await api('GET', `/v1/payments/${approveMe.id}`)).body.status).toBe('succeeded');
    expect((await api('GET', `/v1/payments/${rejectMe.id}`)).body).toMatchObject({ status: 'failed', failure_code: 'fraud_rejected' });
    expect(await page.getByRole('button', { name: `Approve ${approveMe.id}` }).count()).toBe(0);
    expect((await api('PUT', '/v1/fraud_rules', { rules: [] })).status).toBe(200);
  });

  test('a support operator (read-only) reads these pages without any write button', async () => {
    const { status, body: invited } = await api('POST', '/v1/operators', { email: SUPPORT.email, role: 'support' });
    expect(status).toBe(201);
    const accepted = await fetch(`${baseUrl}/auth/invitations/accept`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: invited.invitation_token, password: SUPPORT.password }),
    });
    expect(accepted.status).toBe(200);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in to the dashboard' }).waitFor();
    await signIn(page, SUPPORT.email, SUPPORT.password);

    const { body: active } = await api('GET', '/v1/subscriptions?status=active&limit=1');
    await page.goto(`${baseUrl}/dashboard/subscriptions/${active.data[0].id}`);
    await page.getByRole('region', { name: 'Upcoming invoice' }).locator('table').waitFor();
    expect(await page.getByRole('button', { name: 'Cancel at period end' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Resume' }).count()).toBe(0);
    await checkPage(page, 'subscription-read-only');

    const { body: succeeded } = await api('GET', '/v1/payments?status=succeeded&limit=1');
    await page.goto(`${baseUrl}/dashboard/payments/${succeeded.data[0].id}`);
    await page.getByRole('region', { name: 'Refunds' }).locator('table').waitFor();
    expect(await page.getByRole('button', { name: /^(Refund|Capture|Cancel authorization)/ }).count()).toBe(0);
    await checkPage(page, 'payment-read-only');

    const { body: decided } = await api('GET', '/v1/fraud_decisions?review=approved&limit=50');
    expect(decided.data.length).toBeGreaterThan(0);
    await page.goto(`${baseUrl}/dashboard/fraud-review`);
    await page.getByLabel('Reviews', { exact: true }).selectOption('approved');
    await page.getByRole('region', { name: 'Reviews approved' }).locator('ul.rows > li').first().waitFor();
    expect(await page.getByRole('button', { name: /^(Approve|Reject)/ }).count()).toBe(0);
  });
});
