'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { startServerProcess } = require('./support/server-process');
const { count } = require('./support/crash-checks');
const { waitFor } = require('./support/wait-for');
const { openDatabase } = require('../src/db/database');
const { migrateToLatest } = require('../src/db/migrate');

// 210 monthly subscriptions on the wall clock, in this month's period since its first, to a plan
// that charges only for `calls` at 0.15 a unit, each with its threshold already exceeded:
// - 140 with `usage_gte` 60 calls, which recorded 30 + 50 = 80 calls: 80 × 0.15 = 12.00. Each
//   gets one threshold invoice of 12.00 (threshold_billings sequence 1); its cycle stays.
// - 70 (every third) with `amount_gte` 15.00 and reset_billing_cycle, which recorded 70 + 50 =
//   120 calls: 120 × 0.15 = 18.00 ≥ 15.00. Each restarts its cycle once, where the threshold is
//   reached, and gets one invoice of 18.00 (no fixed fee in advance, nothing to credit).
// The job checks thresholds every 100 ms; the processes are killed 3 times while it issues them.
const SUBSCRIPTIONS = 210;
const KILLS = 3;
const isReset = (i) => i % 3 === 0;
const RESETS = Array.from({ length: SUBSCRIPTIONS }, (_, i) => i).filter(isReset).length;
const calls = (i) => (isReset(i) ? [70, 50] : [30, 50]);
const expectedInvoice = (i) => (isReset(i) ? ['120', '18.00'] : ['80', '12.00']);

const serverEnv = (target, dataDir, autoBilling) => ({
  DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '', RATECARD_DATA_DIR: dataDir,
  RATECARD_SEED: 'false', RATECARD_EXAMPLE_APP: 'false', RATECARD_AUTO_BILLING: autoBilling ? 'true' : 'false',
  RATECARD_THRESHOLDS_INTERVAL_MS: '100', RATECARD_WORKER_POLL_MS: '20', RATECARD_JOB_VISIBILITY_MS: '1500', LOG_LEVEL: 'warn',
  RATECARD_SQLITE_SYNCHRONOUS: 'NORMAL', // a killed process loses no commit in WAL mode (only a power loss could)
});

async function api(server, method, route, body) {
  const response = await fetch(`${server.url}${route}`, {
    method, headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body),
  });
  const json = await response.json();
  assert.ok(response.status < 300, `${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

// The metric, price and plan through the API; customers and subscriptions straight into the
// tables, for speed, with the billing records a billing run leaves at the period's start (its
// first billing, with no fixed fee to invoice; next due at the period's end).
async function seed(server, db, months) {
  await api(server, 'POST', '/v1/metrics', { name: 'Calls', code: 'calls', aggregation: 'sum', property: 'n' });
  const product = await api(server, 'POST', '/v1/products', { name: 'Metered' });
  const price = await api(server, 'POST', '/v1/prices', {
    product: product.id, currency: 'USD', type: 'usage', interval: 'month', metric: 'calls', pricing: { model: 'per_unit', unit_amount: '0.15' },
  });
  const plan = await api(server, 'POST', '/v1/plans', { code: 'metered', name: 'Metered', product: product.id, currency: 'USD', interval: 'month', prices: [price.id] });
  const now = new Date().toISOString();
  const numbers = Array.from({ length: SUBSCRIPTIONS }, (_, i) => i);
  for (let i = 0; i < SUBSCRIPTIONS; i += 150) {
    const chunk = numbers.slice(i, i + 150);
    const n = (k) => String(k).padStart(4, '0');
    await db.insertInto('customers').values(chunk.map((k) => ({
      id: `cus_thr${n(k)}`, external_id: null, name: `Customer ${k}`, email: null, currency: 'USD', timezone: 'UTC', locale: null,
      address: null, tax_ids: '[]', test_clock_id: null, metadata: '{}', created_at: now, updated_at: now,
    }))).execute();
    await db.insertInto('subscriptions').values(chunk.map((k) => ({
      id: `sub_thr${n(k)}`, customer_id: `cus_thr${n(k)}`, plan_id: plan.id, quantity: '1', status: 'active', coupon_id: null, add_ons: '[]',
      time_zone: 'UTC', billing_anchor: months.this, started_at: months.this, trial_start: null, trial_end: null,
      current_period_start: months.this, current_period_end: months.next, cancel_at_period_end: 0, canceled_at: null, ended_at: null, paused_at: null,
      pending_prorations: '[]', metadata: '{}', created_at: now, updated_at: now,
      billing_thresholds: JSON.stringify(isReset(k)
        ? { amount_gte: '15.00', usage_gte: [], reset_billing_cycle: true }
        : { amount_gte: null, usage_gte: [{ metric: 'calls', gte: '60' }], reset_billing_cycle: false }),
    }))).execute();
    await db.insertInto('billing_schedules').values(chunk.map((k) => ({
      subscription_id: `sub_thr${n(k)}`, customer_id: `cus_thr${n(k)}`, next_billing_at: months.next, coupon_periods_applied: 0,
    }))).execute();
    await db.insertInto('subscription_billings').values(chunk.map((k) => ({
      subscription_id: `sub_thr${n(k)}`, moment: months.this, kind: 'first', period_start: months.this, period_end: months.next,
      arrears_start: null, arrears_end: null, invoice_id: null, created_at: now,
    }))).execute();
  }
  // The usage through the real ingestion path: two events per subscription, timestamped in the
  // open period (a minute ago, or its start in the first minute of a month).
  const timestamp = new Date(Math.max(Date.parse(months.this), Date.now() - 60000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const events = numbers.flatMap((k) => calls(k).map((amount, j) => ({
    id: `e${k}-${j}`, customer: `cus_thr${String(k).padStart(4, '0')}`, metric: 'calls', timestamp, properties: { n: amount },
  })));
  const sent = await api(server, 'POST', '/v1/usage_events', { events });
  assert.deepEqual([sent.accepted, sent.errors], [events.length, 0]);
}

for (const backend of BACKENDS) {
  describe(`threshold invoices killed with SIGKILL [${backend}]`, () => {
    it(`issues each of ${SUBSCRIPTIONS} subscriptions' threshold invoice once through ${KILLS} kills at random points, cycles restarted once, numbering without a gap`, async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-data-'));
      const database = openDatabase(target);
      const { db } = database;
      let server = null;
      try {
        await migrateToLatest(db);
        const today = new Date();
        const monthStart = (offset) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + offset, 1)).toISOString();
        const months = { this: monthStart(0), next: monthStart(1) };

        // Seeded on a server that checks no threshold (auto billing off), then stopped.
        server = startServerProcess(serverEnv(target, dataDir, false));
        await seed(await server.ready, db, months);
        assert.equal(await count(db, 'invoices'), 0);
        await server.stop();

        server = startServerProcess(serverEnv(target, dataDir, true));
        await server.ready;
        for (let kill = 0; kill < KILLS; kill += 1) {
          // Kill once the job has issued between 1 and 50 more invoices: a random point mid-check.
          const before = await count(db, 'invoices');
          const more = 1 + Math.floor(Math.random() * 50);
          await waitFor(async () => (await count(db, 'invoices')) >= Math.min(before + more, SUBSCRIPTIONS - 1), 120000, 'the thresholds to be checked');
          await server.kill();
          server = startServerProcess(serverEnv(target, dataDir, true));
          await server.ready;
        }
        await waitFor(async () => (await count(db, 'invoices')) >= SUBSCRIPTIONS, 120000, 'every threshold invoice after the restarts');
        // A few more checks find nothing left to reach a threshold.
        await new Promise((resolve) => setTimeout(resolve, 500));
        await server.stop();
        server = null;

        const invoices = await db.selectFrom('invoices').select(['id', 'number', 'status', 'billing_reason', 'customer_id', 'total', 'core_result', 'billing_moment', 'period_start']).execute();
        assert.equal(invoices.length, SUBSCRIPTIONS);
        const byCustomer = new Map(invoices.map((invoice) => [invoice.customer_id, invoice]));
        assert.equal(byCustomer.size, SUBSCRIPTIONS); // one invoice per subscription (one each per customer)
        assert.deepEqual(invoices.map((invoice) => invoice.number).sort(), Array.from({ length: SUBSCRIPTIONS }, (_, i) => `INV-${String(i + 1).padStart(6, '0')}`));
        const subscriptions = new Map((await db.selectFrom('subscriptions').selectAll().execute()).map((row) => [row.id, row]));
        const thresholdBillings = await db.selectFrom('threshold_billings').selectAll().execute();
        const subscriptionBillings = await db.selectFrom('subscription_billings').selectAll().where('moment', '>', months.this).execute();
        assert.equal(thresholdBillings.length, SUBSCRIPTIONS - RESETS);
        assert.equal(subscriptionBillings.length, RESETS);
        const updates = await db.selectFrom('events').select('object_id').where('type', '=', 'subscription.updated').execute();
        assert.equal(updates.length, RESETS);
        const aggregateRows = await db.selectFrom('usage_aggregates').selectAll().where('period_start', '=', months.this).execute();
        assert.equal(aggregateRows.length, SUBSCRIPTIONS);
        const aggregates = new Map(aggregateRows.map((row) => [row.subscription_id, row]));

        for (let k = 0; k < SUBSCRIPTIONS; k += 1) {
          const n = String(k).padStart(4, '0');
          const invoice = byCustomer.get(`cus_thr${n}`);
          const subscription = subscriptions.get(`sub_thr${n}`);
          const [quantity, amount] = expectedInvoice(k);
          const lines = JSON.parse(invoice.core_result).lines.map((line) => [line.kind, line.quantity, line.amount]);
          assert.deepEqual([invoice.status, invoice.billing_reason, invoice.total, lines], ['open', 'subscription_threshold', amount, [['usage', quantity, amount]]], subscription.id);
          // The period's usage is billed once, by this invoice.
          const aggregate = aggregates.get(subscription.id);
          assert.deepEqual([aggregate.billed_invoice, aggregate.billed_revision], [invoice.id, aggregate.revision], subscription.id);
          const ownThreshold = thresholdBillings.filter((row) => row.subscription_id === subscription.id);
          const ownCycle = subscriptionBillings.filter((row) => row.subscription_id === subscription.id);
          if (isReset(k)) {
            // The cycle restarted once, where the invoice was issued: the new period starts there.
            assert.deepEqual(ownThreshold, []);
            assert.deepEqual(ownCycle.map((row) => [row.moment, row.invoice_id]), [[invoice.billing_moment, invoice.id]], subscription.id);
            assert.ok(invoice.billing_moment > months.this, subscription.id);
            assert.deepEqual([subscription.billing_anchor, subscription.current_period_start, subscription.pending_prorations],
              [invoice.billing_moment, invoice.billing_moment, '[]'], subscription.id);
            assert.deepEqual(updates.filter((event) => event.object_id === subscription.id).length, 1, subscription.id);
          } else {
            assert.deepEqual(ownCycle, []);
            assert.deepEqual(ownThreshold.map((row) => [row.period_start, row.sequence, row.invoice_id]), [[months.this, 1, invoice.id]], subscription.id);
            assert.deepEqual([subscription.billing_anchor, subscription.current_period_start, subscription.current_period_end, invoice.period_start],
              [months.this, months.this, months.next, months.this], subscription.id);
          }
        }
      } finally {
        if (server) await server.kill();
        await database.destroy();
        await target.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
