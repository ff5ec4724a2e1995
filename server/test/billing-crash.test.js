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
const { execFileSync } = require('node:child_process');
const { sql } = require('kysely');

// 1,000 monthly subscriptions of 10.00 on the wall clock: 400 started on the first of last month
// (billed then and on the first of this month), 600 on the first of this month (billed once):
// 1,400 invoices of 10.00, 14,000.00, billed by batch jobs of 100 customers.
const FROM_LAST_MONTH = 400;
const FROM_THIS_MONTH = 600;
const INVOICES = FROM_LAST_MONTH * 2 + FROM_THIS_MONTH;
const KILLS = 3;

const startServer = (target, dataDir) => startServerProcess({
  DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '', RATECARD_DATA_DIR: dataDir,
  RATECARD_SEED: 'false', RATECARD_EXAMPLE_APP: 'false', RATECARD_AUTO_BILLING: 'false',
  RATECARD_WORKER_POLL_MS: '20', RATECARD_JOB_VISIBILITY_MS: '1500', LOG_LEVEL: 'warn',
  // A killed process loses no commit in WAL mode with NORMAL (only a power loss could); the
  // run's thousand transactions go faster without a sync each.
  RATECARD_SQLITE_SYNCHRONOUS: 'NORMAL',
});

// The transaction id of a server transaction that has updated billing schedules and not ended
// (a batch of customers part billed), or null.
async function openBillingBatch(db) {
  const { rows } = await sql`
    select a.backend_xid::text as xid from pg_stat_activity a
      join pg_locks l on l.pid = a.pid and l.mode = 'RowExclusiveLock'
      join pg_class c on c.oid = l.relation and c.relname = 'billing_schedules'
     where a.backend_xid is not null and a.datname = current_database() and a.pid <> pg_backend_pid()
     limit 1`.execute(db);
  return rows.length ? rows[0].xid : null;
}

async function seed(db, months) {
  const now = new Date().toISOString();
  await db.insertInto('products').values({ id: 'prod_crash', name: 'Crash', description: null, active: 1, metadata: '{}', created_at: now, updated_at: now }).execute();
  await db.insertInto('prices').values({
    id: 'price_crash', product_id: 'prod_crash', nickname: 'Monthly', currency: 'USD', type: 'recurring', interval: 'month', interval_count: 1,
    metric: null, pricing: '{"model":"flat","amount":"10.00"}', active: 1, metadata: '{}', created_at: now,
  }).execute();
  await db.insertInto('plans').values({
    id: 'plan_crash', code: 'crash', name: 'Crash', product_id: 'prod_crash', currency: 'USD', interval: 'month', interval_count: 1,
    trial_days: 0, minimum_amount: null, features: '[]', active: 1, portal: '{}', metadata: '{}', created_at: now, updated_at: now,
  }).execute();
  await db.insertInto('plan_prices').values({ plan_id: 'plan_crash', price_id: 'price_crash', position: 0 }).execute();
  await db.insertInto('plan_version_prices').values({ plan_id: 'plan_crash', version: 1, price_id: 'price_crash', position: 0 }).execute();
  const subscriptions = [];
  // Every subscription stands in this month's period already, so the catch-up job has nothing
  // to move and the processes spend their time billing.
  for (let i = 0; i < FROM_LAST_MONTH + FROM_THIS_MONTH; i += 1) {
    const started = i < FROM_LAST_MONTH ? months.last : months.this;
    subscriptions.push({ n: String(i).padStart(5, '0'), started });
  }
  for (let i = 0; i < subscriptions.length; i += 200) {
    const chunk = subscriptions.slice(i, i + 200);
    await db.insertInto('customers').values(chunk.map(({ n }) => ({
      id: `cus_crash${n}`, external_id: null, name: `Customer ${n}`, email: null, currency: 'USD', timezone: 'UTC', locale: null,
      address: null, tax_ids: '[]', test_clock_id: null, metadata: '{}', created_at: now, updated_at: now,
    }))).execute();
    await db.insertInto('subscriptions').values(chunk.map(({ n, started }) => ({
      id: `sub_crash${n}`, customer_id: `cus_crash${n}`, plan_id: 'plan_crash', quantity: '1', status: 'active', coupon_id: null, add_ons: '[]',
      time_zone: 'UTC', billing_anchor: started, started_at: started, trial_start: null, trial_end: null,
      current_period_start: months.this, current_period_end: months.next, cancel_at_period_end: 0, canceled_at: null, ended_at: null, paused_at: null,
      pending_prorations: '[]', metadata: '{}', created_at: now, updated_at: now,
    }))).execute();
  }
}

for (const backend of BACKENDS) {
  describe(`billing run killed with SIGKILL [${backend}]`, () => {
    it(`bills ${FROM_LAST_MONTH + FROM_THIS_MONTH} subscriptions once each through ${KILLS} kills at random points, numbering without a gap`, async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-data-'));
      const database = openDatabase(target);
      const { db } = database;
      let server = null;
      try {
        await migrateToLatest(db);
        // The wall clock bills up to now: the first of last month and of this month have passed.
        const today = new Date();
        const monthStart = (offset) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + offset, 1)).toISOString();
        await seed(db, { last: monthStart(-1), this: monthStart(0), next: monthStart(1) });

        server = startServer(target, dataDir);
        let { url, adminKey } = await server.ready;
        const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
        const created = await fetch(`${url}/v1/billing_runs`, { method: 'POST', headers, body: '{}' });
        assert.equal(created.status, 202);
        const run = await created.json();

        const killedBatches = [];
        for (let kill = 0; kill < KILLS; kill += 1) {
          // Kill once the run has made between 1 and 200 more invoices: a random point mid-run.
          const before = await count(db, 'invoices');
          const more = 1 + Math.floor(Math.random() * 200);
          await waitFor(async () => (await count(db, 'invoices')) >= Math.min(before + more, INVOICES - 1), 300000, 'the run to go on');
          // On PostgreSQL, the kill lands inside a batch of customers billed together: once a
          // transaction of the server has billed some of them (it updated their schedules; its
          // invoices and their rows are held back until the batch ends).
          const batch = backend === 'postgres' ? await waitFor(() => openBillingBatch(db), 300000, 'a billing batch under way') : null;
          await server.kill();
          if (batch) killedBatches.push(batch);
          server = startServer(target, dataDir);
          ({ url, adminKey } = await server.ready);
        }
        const fetchRun = async () => (await fetch(`${url}/v1/billing_runs/${run.id}`, { headers: { authorization: `Bearer ${adminKey}` } })).json();
        await waitFor(async () => (await fetchRun()).status === 'succeeded', 300000, 'the run to finish after the restarts');
        const finished = await fetchRun();
        await server.stop();
        server = null;

        assert.equal(await count(db, 'invoices'), INVOICES);
        assert.equal(await count(db, 'subscription_billings'), INVOICES);
        assert.deepEqual([finished.invoices, finished.totals], [INVOICES, { USD: '14000.00' }]);
        // Each batch killed mid-way committed nothing (and the counts above say it was billed again).
        if (backend === 'postgres') {
          assert.equal(killedBatches.length, KILLS);
          for (const xid of killedBatches) {
            const { rows: [{ status }] } = await sql`select pg_xact_status(${xid}::xid8) as status`.execute(db);
            assert.equal(status, 'aborted', `the killed batch's transaction ${xid}`);
          }
        }
        // One invoice per subscription and moment, every one of them open and numbered 1 to 1,400.
        const invoices = await db.selectFrom('invoices').select(['number', 'status', 'total', 'core_request', 'billing_moment']).execute();
        const keys = new Set(invoices.map((invoice) => `${JSON.parse(invoice.core_request).subscriptions[0].id}@${invoice.billing_moment}`));
        assert.equal(keys.size, INVOICES);
        assert.deepEqual([...new Set(invoices.map((invoice) => `${invoice.status} ${invoice.total}`))], ['open 10.00']);
        assert.deepEqual(invoices.map((invoice) => invoice.number).sort(), Array.from({ length: INVOICES }, (_, i) => `INV-${String(i + 1).padStart(6, '0')}`));
        const unbilled = await db.selectFrom('subscription_billings').select('subscription_id').where('invoice_id', 'is', null).execute();
        assert.deepEqual(unbilled, []);
        // `npm run bill` afterwards finds nothing left to bill.
        const output = execFileSync(process.execPath, [path.join(__dirname, '..', 'src', 'billing-runs', 'cli.js')], {
          env: { ...process.env, DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '', RATECARD_DATA_DIR: dataDir },
          encoding: 'utf8',
        });
        assert.match(output, /: 0 invoices for 0 subscription billings;/);
        assert.equal(await count(db, 'invoices'), INVOICES);
      } finally {
        if (server) await server.kill();
        await database.destroy();
        await target.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
