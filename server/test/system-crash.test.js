'use strict';
// The whole product through SIGKILLs: a month of mixed traffic on a test clock (usage with
// retried ids, subscriptions and an upgrade, renewals, payments that succeed, are declined and
// time out, activations through the default workflows, webhook deliveries) while the server
// (and, on PostgreSQL, a second worker process) is killed at moments a seeded generator picks.
// Afterwards the books balance, and no raw secret is in any table or log line.
// RATECARD_CRASH_SEED=<n> replays a run; the seed is in the suite's name.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const crypto = require('node:crypto');
const Database = require('better-sqlite3');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { startServerProcess } = require('./support/server-process');
const { startWebhookReceiver } = require('./support/webhooks');
const { spawnProvisionedApp } = require('./support/provisioned-app');
const { tokenizeOk } = require('./support/payments');
const { waitFor } = require('./support/wait-for');
const { everyTable } = require('./support/table-scan');
const { startPaymentServices } = require('../src/seed/payment-services');
const { openDatabase } = require('../src/db/database');
const { migrateToLatest } = require('../src/db/migrate');
const { createApiKey } = require('../src/auth/api-keys');

const SEED = Number(process.env.RATECARD_CRASH_SEED || crypto.randomInt(2 ** 31));
// One card per customer: two that pay, a decline, one the gateway charges without answering,
// an amex only beacon takes (beacon times out on every second charge), one more that pays.
const CARDS = ['4242424242424242', '5555555555554444', '4000000000000002', '4000000000007775', '378282246310005', '5555555555554444'];
// The month: the clock's moves (each followed by a billing run), usage sent on each day reached.
const START = '2026-03-02T09:00:00.000Z';
const MOVES = ['2026-03-06T09:00:00.000Z', '2026-03-12T09:00:00.000Z', '2026-03-19T09:00:00.000Z', '2026-03-26T09:00:00.000Z', '2026-04-02T10:00:00.000Z'];
const KILLS = 3;
const SETTLE_MS = 90000;

/// A small seeded generator (mulberry32): the same seed picks the same kill moments.
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

for (const backend of BACKENDS) {
  describe(`the whole product through SIGKILLs [${backend}] (RATECARD_CRASH_SEED=${SEED})`, () => {
    it('balances the books after a month of mixed traffic and kills, and no secret is in a table or a log', async () => {
      console.log(`system-crash [${backend}]: RATECARD_CRASH_SEED=${SEED}`);
      const random = generator(SEED);
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-system-'));
      const vaultDbFile = path.join(dataDir, 'vault.sqlite');
      const vaultKeyFile = path.join(dataDir, 'vault-key');
      const database = openDatabase(target);
      const { db } = database;
      const encryptionKey = crypto.randomBytes(32).toString('base64');
      const ports = [await freePort(), await freePort()];
      const base = `http://127.0.0.1:${ports[0]}`;
      const processes = [];
      let servers = [];
      let receiver = null;
      let app = null;
      let payments = null;
      try {
        await migrateToLatest(db);
        const admin = (await createApiKey(db, { name: 'system admin', role: 'admin' }, new Date())).secret;
        const provisioningKey = (await createApiKey(db, { name: 'system app', role: 'provisioning' }, new Date())).secret;
        payments = await startPaymentServices({
          webhookBaseUrl: `${base}/gateway_webhooks`, vaultDbFile, vaultKeyFile, gatewayEnv: { beacon: { GATEWAY_TIMEOUT_EVERY: '2' } },
        });
        const secrets = { admin, provisioningKey, vaultKey: fs.readFileSync(vaultKeyFile, 'utf8').trim(), encryptionKey };

        // The server, and on PostgreSQL a second process sharing the job queue.
        const start = (port) => {
          const server = startServerProcess({
            DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '', RATECARD_DATA_DIR: dataDir,
            PORT: String(port), RATECARD_SEED: 'false', RATECARD_EXAMPLE_APP: 'false', LOG_LEVEL: 'debug',
            RATECARD_WORKER_POLL_MS: '50', RATECARD_JOB_VISIBILITY_MS: '1500', RATECARD_ENCRYPTION_KEY: encryptionKey,
            RATECARD_WEBHOOK_ALLOW_PRIVATE_URLS: 'true', RATECARD_WEBHOOK_TIMEOUT_MS: '3000',
            RATECARD_VAULT_URL: payments.payments.vaultUrl, RATECARD_VAULT_API_KEY: payments.payments.vaultApiKey,
            RATECARD_GATEWAYS: JSON.stringify(payments.payments.gateways),
            RATECARD_GATEWAY_TIMEOUT_MS: '2000', RATECARD_PAYMENT_RECOVERY_DELAY_MS: '3000',
          });
          processes.push(server);
          return server;
        };
        let up = null;
        const startAll = () => {
          servers = (backend === 'postgres' ? ports : ports.slice(0, 1)).map(start);
          up = Promise.all(servers.map((server) => server.ready));
          return up;
        };
        const kills = [];
        const crash = async (moment) => {
          kills.push(moment);
          await Promise.all(servers.map((server) => server.kill()));
          await startAll();
        };
        await startAll();
        secrets.startAdmin = (await servers[0].ready).adminKey;

        // A client as a real one: every POST carries an Idempotency-Key (usage events their ids);
        // a call the kill cut off is sent again, the same, once the server is back.
        const call = async (method, route, body, { key = admin, idempotencyKey = null } = {}) => {
          const deadline = Date.now() + SETTLE_MS;
          for (;;) {
            try {
              const response = await fetch(`${base}${route}`, {
                method, body: body === undefined ? undefined : JSON.stringify(body),
                headers: {
                  authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }),
                  ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
                },
              });
              const parsed = response.status === 204 ? null : await response.json();
              // The first attempt died with its process: its key is taken over after 60 s.
              if (response.status === 409 && parsed.error?.code === 'IDEMPOTENCY_KEY_IN_USE' && Date.now() < deadline) {
                await sleep(500);
                continue;
              }
              assert.ok(response.status < 500, `${method} ${route} answered ${response.status}: ${JSON.stringify(parsed)}`);
              return { status: response.status, body: parsed };
            } catch (error) {
              if (error instanceof assert.AssertionError || Date.now() > deadline) throw error;
              await sleep(50);
              await up;
            }
          }
        };
        let posts = 0;
        const ok = async (method, route, body, options = {}) => {
          posts += 1;
          const idempotencyKey = method === 'POST' ? `system-${posts}` : null;
          const response = await call(method, route, body, { idempotencyKey, ...options });
          assert.ok(response.status < 300, `${method} ${route}: ${response.status} ${JSON.stringify(response.body)}`);
          return response.body;
        };

        // The receiver of every event, and the provisioned app.
        receiver = await startWebhookReceiver();
        const endpoint = await ok('POST', '/v1/webhook_endpoints', { url: receiver.url, event_types: ['*'] });
        secrets.webhookSecret = endpoint.secret;
        await receiver.setSecrets([endpoint.secret]);
        const eventsBefore = new Set((await db.selectFrom('events').select('id').execute()).map((row) => row.id));
        app = await spawnProvisionedApp({ ratecardUrl: base, apiKey: provisioningKey });
        await ok('PUT', '/v1/provisioning_targets/app', { base_url: app.url });

        // The catalog: Basic and Pro, a monthly fee, calls in arrears, a seat per unit.
        await ok('POST', '/v1/metrics', { code: 'calls', name: 'Calls', aggregation: 'count' });
        const product = await ok('POST', '/v1/products', { name: 'Service' });
        const usagePrice = await ok('POST', '/v1/prices', {
          product: product.id, currency: 'USD', type: 'usage', interval: 'month', metric: 'calls', pricing: { model: 'per_unit', unit_amount: '0.10' },
        });
        const plans = {};
        for (const [code, fee] of [['basic', '10.00'], ['pro', '25.00']]) {
          const price = await ok('POST', '/v1/prices', { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'flat', amount: fee } });
          plans[code] = await ok('POST', '/v1/plans', { code, name: code, product: product.id, currency: 'USD', interval: 'month', prices: [price.id, usagePrice.id] });
          await ok('PUT', `/v1/plans/${plans[code].id}/entitlements`, { features: [{ key: 'seats', kind: 'limit', limit: 0 }] });
        }
        const clock = await ok('POST', '/v1/test_clocks', { frozen_time: START });

        // Six customers, each a card on file and a subscription: the first invoice is charged
        // at once and, once paid, the default workflow activates the customer's account.
        const customers = [];
        for (const [i, number] of CARDS.entries()) {
          const customer = await ok('POST', '/v1/customers', { name: `System ${i}`, email: `owner${i}@example.com`, currency: 'USD', test_clock: clock.id });
          const card = await tokenizeOk(payments.vaultUrl, number);
          await ok('POST', `/v1/customers/${customer.id}/payment_methods`, { vault_token: card.token });
          const subscription = await ok('POST', '/v1/subscriptions', { customer: customer.id, plan: plans.basic.id });
          customers.push({ ...customer, subscription });
        }
        const portal = await ok('POST', '/v1/portal_sessions', { customer: customers[0].id, return_url: 'https://example.com/back' });
        secrets.portalToken = portal.token;

        // Usage: each customer a few calls a day, every batch sent twice (a client's retry).
        const acknowledged = new Map(); // event id -> customer
        let sent = 0;
        const sendUsage = async (now) => {
          const events = customers.flatMap((customer, c) => Array.from({ length: 1 + ((sent + c) % 3) }, (_, n) => ({
            id: `call-${sent}-${c}-${n}`, customer: customer.id, metric: 'calls', timestamp: now,
          })));
          sent += 1;
          for (let copy = 0; copy < 2; copy += 1) {
            const { status, body } = await call('POST', '/v1/usage_events', { events });
            assert.equal(status, 200, JSON.stringify(body));
            body.results.forEach((result, i) => {
              assert.ok(['accepted', 'duplicate'].includes(result.status), JSON.stringify(result));
              acknowledged.set(events[i].id, events[i].customer);
            });
          }
        };

        // The kill moments: which of the slots (0: right after the sign-ups, while their charges,
        // activations and deliveries run; n: after the n-th move's billing run started), and
        // how long after.
        const slots = MOVES.length + 1;
        const moments = new Set();
        while (moments.size < KILLS) moments.add(Math.floor(random() * slots));
        const delays = Array.from({ length: slots }, () => Math.floor(random() * 1500));
        const maybeCrash = async (slot, label) => {
          if (!moments.has(slot)) return;
          await sleep(delays[slot]);
          await crash(`${label} +${delays[slot]} ms`);
        };
        const settle = async (what) => {
          await waitFor(async () => {
            const open = await db.selectFrom('jobs').select('type').where('status', 'in', ['queued', 'running'])
              .where('run_at', '<=', new Date(Date.now() + 5000).toISOString()).execute();
            const recurring = new Set(['subscriptions.catch_up', 'idempotency.purge', 'jobs.purge', 'usage.aggregate', 'usage.maintenance', 'billing.bill_due',
              'billing.check_thresholds', 'dunning.run_due', 'trial.notices', 'credit_grants.expire']);
            const processing = await db.selectFrom('payments').select('id').where('status', '=', 'processing').execute();
            return open.every((job) => recurring.has(job.type)) && !processing.length;
          }, SETTLE_MS, `the jobs to settle ${what}`);
        };
        const usageAtStart = sendUsage(START);
        await maybeCrash(0, 'the sign-ups');
        await usageAtStart;
        await settle('after the sign-ups');
        for (const [step, moment] of MOVES.entries()) {
          if (step === 2) {
            await ok('POST', `/v1/subscriptions/${customers[1].subscription.id}/change`, { plan: plans.pro.id });
          }
          await ok('POST', `/v1/test_clocks/${clock.id}/advance`, { frozen_time: moment });
          await waitFor(async () => (await call('GET', `/v1/test_clocks/${clock.id}`)).body.status === 'ready', SETTLE_MS, `the clock to reach ${moment}`);
          const run = await ok('POST', '/v1/billing_runs', {});
          const usageDuringRun = moment < '2026-04-01' ? sendUsage(moment) : null;
          await maybeCrash(step + 1, moment);
          await usageDuringRun;
          await waitFor(async () => (await call('GET', `/v1/billing_runs/${run.id}`)).body.status === 'succeeded', SETTLE_MS, `the billing run at ${moment}`);
          await settle(`after the move to ${moment}`);
        }
        console.log(`system-crash [${backend}]: killed at ${kills.join(', ')}`);
        assert.equal(kills.length, KILLS);

        // Every acknowledged usage event is stored once and counted once.
        await waitFor(async () => (await call('GET', '/v1/usage/status')).body.pending === 0, SETTLE_MS, 'usage to be merged');
        const stored = await db.selectFrom('usage_events').select(['event_id', 'customer_id']).execute();
        assert.equal(stored.length, acknowledged.size);
        assert.deepEqual(new Set(stored.map((row) => row.event_id)), new Set(acknowledged.keys()));
        // Each merged once: into its subscription's aggregate, or counted unattributed when it
        // came after the subscription ended (the declined card's is canceled by dunning).
        for (const customer of customers) {
          const mine = await db.selectFrom('usage_events').select('subscription_id').where('customer_id', '=', customer.id).execute();
          const expected = [...acknowledged.values()].filter((id) => id === customer.id).length;
          const aggregates = await db.selectFrom('usage_aggregates').select('aggregate').where('customer_id', '=', customer.id).where('metric', '=', 'calls').execute();
          const counted = aggregates.reduce((sum, row) => sum + BigInt(JSON.parse(row.aggregate).value), 0n);
          const counters = await db.selectFrom('usage_counters').selectAll().where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
          assert.equal(mine.length, expected);
          assert.equal(counted, BigInt(mine.filter((row) => row.subscription_id).length), `${customer.id}'s calls in its aggregates once each`);
          assert.deepEqual([Number(counters.processed), Number(counters.unattributed)], [expected, mine.filter((row) => !row.subscription_id).length]);
        }

        // One invoice per subscription and billing moment, numbered without a gap.
        const invoices = await db.selectFrom('invoices').select(['id', 'number', 'status', 'customer_id', 'billing_moment', 'total']).execute();
        const customerMoments = invoices.map((invoice) => `${invoice.customer_id}@${invoice.billing_moment}`);
        assert.equal(new Set(customerMoments).size, invoices.length, 'one invoice per customer and moment');
        // Each subscription billed at its start, then at April's renewal or, ended by dunning (the
        // declined card), at its end for its usage: each (subscription, moment) once, on an
        // invoice of its own customer's moment.
        const billings = await db.selectFrom('subscription_billings').select(['subscription_id', 'moment', 'kind', 'invoice_id']).execute();
        for (const customer of customers) {
          const subscription = await db.selectFrom('subscriptions').select(['id', 'status', 'ended_at']).where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
          const mine = billings.filter((billing) => billing.subscription_id === subscription.id);
          const expected = [START, subscription.ended_at ?? '2026-04-02T09:00:00.000Z'];
          assert.deepEqual(mine.map((billing) => billing.moment).sort(), expected, `${customer.id} (${subscription.status}) billed at each moment once`);
          for (const billing of mine) {
            const invoice = invoices.find((one) => one.id === billing.invoice_id);
            assert.ok(invoice && invoice.customer_id === customer.id && invoice.billing_moment === billing.moment, `${customer.id}'s billing at ${billing.moment} on its invoice`);
          }
        }
        assert.equal(invoices.length, new Set(billings.map((billing) => billing.invoice_id)).size, 'no invoice without a billing');
        const numbers = invoices.map((invoice) => invoice.number).filter(Boolean).sort();
        assert.deepEqual(numbers, numbers.map((_, i) => `INV-${String(i + 1).padStart(6, '0')}`));
        assert.equal(numbers.length, invoices.length, 'every invoice finalized');

        // No charge twice, by the gateways' own records.
        const charges = [...await gatewayCharges(payments.gateways.atlas), ...await gatewayCharges(payments.gateways.beacon)];
        const ratecardPayments = await db.selectFrom('payments').select(['id', 'status', 'amount', 'invoice_id']).execute();
        const succeeded = charges.filter((charge) => charge.status === 'succeeded');
        assert.equal(new Set(charges.map((charge) => charge.idempotency_key)).size, charges.length, 'one charge per idempotency key');
        assert.equal(new Set(succeeded.map((charge) => charge.reference)).size, succeeded.length, 'one successful charge per payment');
        for (const payment of ratecardPayments.filter((one) => one.status === 'succeeded')) {
          const charged = succeeded.filter((charge) => charge.reference === payment.id);
          assert.deepEqual(charged.map((charge) => charge.amount), [payment.amount], `${payment.id} charged once, its amount`);
        }
        assert.equal(succeeded.length, ratecardPayments.filter((one) => one.status === 'succeeded').length, 'no charge Ratecard does not know of');
        for (const invoice of invoices) {
          const paid = succeeded.filter((charge) => ratecardPayments.some((one) => one.id === charge.reference && one.invoice_id === invoice.id));
          assert.ok(paid.length <= 1, `${invoice.number} paid once`);
          assert.equal(invoice.status === 'paid', paid.length === 1 || invoice.total === '0.00', `${invoice.number} is ${invoice.status}`);
        }
        const attempts = await db.selectFrom('payment_attempts').select(['payment_id', 'gateway', 'idempotency_key', 'status', 'error']).execute();
        const attemptKeys = new Set(attempts.map((attempt) => attempt.idempotency_key));
        assert.deepEqual(charges.filter((charge) => !attemptKeys.has(charge.idempotency_key)), [], 'every charge is one of Ratecard\'s attempts');
        // The timeouts happened and were settled: the card the gateway charges without answering
        // (the lookup finds the charge: its invoices are paid), and beacon hanging before every
        // second charge (the amex goes to beacon only: the lookup finds no charge, the payment
        // fails uncharged and the invoice waits for dunning).
        const theirs = invoices.filter((invoice) => invoice.customer_id === customers[3].id);
        assert.ok(theirs.every((invoice) => invoice.status === 'paid'), `${CARDS[3]}'s invoices paid: ${JSON.stringify(theirs)}`);
        // Beacon hung on every second charge request it had; a hang the server saw is an attempt
        // with an error, while one the server was killed during is sent again after the restart
        // with the same key and may then be charged (on PostgreSQL, RATECARD_CRASH_SEED=131041901
        // kills the server during the only hang): either way no hung request charged anything.
        const beacon = await gatewayChargeLog(payments.gateways.beacon);
        const hangs = Math.floor(beacon.charge_requests / 2);
        assert.ok(hangs > 0, `beacon hung on a charge: ${beacon.charge_requests} charge requests`);
        assert.ok(beacon.data.length <= beacon.charge_requests - hangs, `no hung request charged: ${JSON.stringify(beacon)}`);
        const hung = attempts.filter((attempt) => attempt.gateway === 'beacon' && attempt.error);
        for (const attempt of hung) {
          assert.equal(charges.filter((charge) => charge.idempotency_key === attempt.idempotency_key).length, 0, 'the hung attempt charged nothing');
          const payment = ratecardPayments.find((one) => one.id === attempt.payment_id);
          assert.ok(['failed', 'succeeded'].includes(payment.status), `the timed-out payment settled: ${payment.status}`);
        }
        assert.ok(succeeded.length >= 6, 'payments succeeded');
        assert.ok(charges.some((charge) => charge.status === 'failed'), 'payments were declined');
        assert.ok(invoices.some((invoice) => invoice.status === 'open'), 'the declined card left its invoice open');

        // Every order completed, or failed with its steps undone; none left running.
        // (A dependency check that fails leaves an order `blocked` before any step ran: the
        // declined customer's suspension, which has no account to suspend.)
        const orders = await db.selectFrom('orders').select(['id', 'status', 'customer_id', 'type', 'blocked_reason']).execute();
        const steps = await db.selectFrom('order_steps').select(['order_id', 'status']).execute();
        for (const order of orders) {
          const mine = steps.filter((one) => one.order_id === order.id).map((one) => one.status);
          const what = `${order.type} order ${order.id} is ${order.status} (${order.blocked_reason ?? ''}), steps ${mine.join(' ')}`;
          assert.ok(['completed', 'failed', 'blocked'].includes(order.status), what);
          if (order.status === 'completed') assert.ok(mine.every((status) => ['completed', 'skipped'].includes(status)), what);
          if (order.status === 'failed') assert.ok(mine.every((status) => ['compensated', 'failed', 'skipped', 'pending'].includes(status)), what);
          if (order.status === 'blocked') assert.ok(mine.every((status) => status === 'pending'), what);
        }
        const activations = orders.filter((order) => order.type === 'activate' && order.status === 'completed');
        assert.ok(activations.length >= 4, `${activations.length} accounts activated: ${JSON.stringify(orders)}`);
        assert.equal(new Set(activations.map((order) => order.customer_id)).size, activations.length, 'one activation per customer');
        for (const order of activations) {
          const revealed = await ok('POST', `/v1/orders/${order.id}/reveal_access_key`, {});
          secrets[`accessKey ${order.id}`] = revealed.secret ?? revealed.access_key?.secret;
          const account = await db.selectFrom('provisioned_accounts').select('id').where('customer_id', '=', order.customer_id).executeTakeFirstOrThrow();
          assert.equal((await app.workspace(account.id)).body.status, 'active');
        }
        const accessKey = await ok('POST', `/v1/customers/${activations[0].customer_id}/access_keys`, { name: 'extra' });
        secrets.accessKey = accessKey.secret;

        // Every event delivered to the receiver at least once.
        await settle('after the last calls');
        await receiver.sync();
        const received = new Set(receiver.log().map((event) => event.id));
        const deliveries = await db.selectFrom('webhook_deliveries').select(['event_id', 'status']).execute();
        assert.deepEqual(deliveries.filter((one) => one.status !== 'succeeded'), []);
        const events = (await db.selectFrom('events').select(['id', 'type']).execute()).filter((event) => !eventsBefore.has(event.id));
        const delivered = new Set(deliveries.map((one) => one.event_id));
        assert.ok(events.length > 50, `${events.length} events`);
        for (const event of events) {
          assert.ok(delivered.has(event.id), `${event.type} ${event.id} has a delivery`);
          assert.ok(received.has(event.id), `${event.type} ${event.id} reached the receiver`);
        }
        assert.ok(receiver.requests.filter((request) => !request.aborted).every((request) => request.valid), 'signed');

        // The secrets scan: Ratecard's tables, the vault's (ciphertext only), every process's output.
        for (const [name, value] of Object.entries(secrets)) assert.ok(typeof value === 'string' && value.length >= 16, `secret ${name} was read`);
        for (const gateway of payments.payments.gateways) Object.assign(secrets, { [`${gateway.name} key`]: gateway.api_key, [`${gateway.name} webhook secret`]: gateway.webhook_secret });
        secrets.vaultApiKey = payments.payments.vaultApiKey;
        const raw = [...Object.values(secrets), ...new Set(CARDS), ...new Set(CARDS.map((number) => number.replace(/(.{4})/g, '$1 ').trim()))];
        const leaked = (text) => raw.find((value) => text.includes(value));
        for (const [table, rows] of Object.entries(await everyTable(db, database.dialect))) {
          for (const row of rows) assert.equal(leaked(row), undefined, `Ratecard's table ${table} holds a secret`);
        }
        const vault = new Database(vaultDbFile, { readonly: true });
        try {
          for (const { name } of vault.prepare("select name from sqlite_master where type = 'table'").all()) {
            for (const row of vault.prepare(`select * from "${name}"`).all()) assert.equal(leaked(JSON.stringify(row)), undefined, `the vault's table ${name} holds a secret`);
          }
          const cards = vault.prepare('select number_ciphertext from cards').all();
          assert.ok(cards.length >= CARDS.length && cards.every((row) => row.number_ciphertext.startsWith('v2.')), 'the vault keeps the numbers as ciphertext');
        } finally {
          vault.close();
        }
        await Promise.all(servers.map((server) => server.stop()));
        const logs = [...processes.map((server) => server.output()), payments.output(), app.output()].join('\n');
        assert.ok(logs.includes('/v1/usage_events'), 'the scan reads the request logs');
        assert.equal(leaked(logs), undefined, 'a log line holds a secret');
      } finally {
        await Promise.all(processes.map((server) => server.kill()));
        if (app) await app.stop();
        if (receiver) await receiver.stop();
        if (payments) await payments.stop();
        await database.destroy();
        await target.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}

async function gatewayCharges(gateway) {
  return (await gatewayChargeLog(gateway)).data;
}

// The gateway's own record: { data: every charge, charge_requests: how many it was sent }.
async function gatewayChargeLog(gateway) {
  const response = await fetch(`${gateway.url}/admin/charges`, { headers: { authorization: `Bearer ${gateway.apiKey}` } });
  return response.json();
}
