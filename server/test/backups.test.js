'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { BACKENDS, startTestServer, createTestDatabase, manualClock } = require('./support/harness');
const { createCustomer, createPlan, expectStatus } = require('./support/fixtures');
const { openDatabase } = require('../src/db/database');

const CLI = path.join(__dirname, '..', 'src', 'backups', 'cli.js');

// `npm run backup` / `npm run restore` on `database`: { code, stdout, stderr }.
function run(database, args) {
  const env = { ...process.env, DATABASE_URL: database.databaseUrl || '', RATECARD_SQLITE_FILE: database.sqliteFile || '', LOG_LEVEL: 'silent' };
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env }, (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

// Every invoice as stored, to compare two databases: [[id, number, status, content_hash, core_result]].
async function storedInvoices(database) {
  const { db, destroy } = openDatabase(database);
  try {
    const rows = await db.selectFrom('invoices').select(['id', 'number', 'status', 'content_hash', 'core_result']).orderBy('id').execute();
    return rows.map((row) => Object.values(row));
  } finally {
    await destroy();
  }
}

for (const backend of BACKENDS) {
  describe(`backup and restore [${backend}]`, () => {
    let t;
    let source;
    let dir;
    const fresh = [];
    const newDatabase = async () => {
      const database = await createTestDatabase(backend);
      fresh.push(database);
      return database;
    };
    before(async () => {
      t = await startTestServer(backend, { clock: manualClock('2026-03-10T09:00:00.000Z') });
      source = { databaseUrl: t.services.config.databaseUrl, sqliteFile: t.services.config.sqliteFile };
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-backups-'));
      // Invoices: three subscriptions' first invoices, a one-off one and a draft.
      const { plan } = await createPlan(t, { code: 'seats', pricings: [{ model: 'per_unit', unit_amount: '12.50' }] });
      for (const quantity of [1, 3, 7]) {
        const customer = await createCustomer(t, { name: `Customer ${quantity}` });
        await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id, quantity } }), 201);
      }
      const customer = await createCustomer(t, { name: 'One-off' });
      await expectStatus(t.call('POST', '/v1/invoices', { body: { customer: customer.id, lines: [{ description: 'Setup', unit_amount: '99.99' }], auto_finalize: true } }), 201);
      await expectStatus(t.call('POST', '/v1/invoices', { body: { customer: customer.id, lines: [{ description: 'Draft', unit_amount: '1.00' }] } }), 201);
    });
    after(async () => {
      await t.close();
      for (const database of fresh) await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('backs up the live database and restores it into a new one, every invoice recomputed byte for byte', async () => {
      const file = path.join(dir, 'first.backup');
      const backup = await run(source, ['backup', '--out', file]);
      assert.equal(backup.code, 0, backup.stderr);
      assert.match(backup.stdout, new RegExp(`backup written: ${file} \\(${backend === 'postgres' ? 'pg_dump custom' : 'sqlite'}, \\d+ bytes`));
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      const again = await run(source, ['backup', '--out', file]);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /exists already: a backup never overwrites a file/);

      const target = await newDatabase();
      const restore = await run(target, ['restore', file]);
      assert.equal(restore.code, 0, restore.stdout + restore.stderr);
      const expected = await storedInvoices(source);
      assert.equal(expected.length, 5);
      assert.match(restore.stdout, /restored; 5 invoices recomputed by the core: 5 identical, 0 different/);
      assert.deepEqual(await storedInvoices(target), expected);

      // A restore never writes over data, and refuses a file of the other kind or none.
      const over = await run(target, ['restore', file]);
      assert.equal(over.code, 2);
      assert.match(over.stderr, backend === 'postgres' ? /holds \d+ tables: restore into a new, empty database/ : /exists: restore into a new file/);
      const notBackup = path.join(dir, 'notes.txt');
      fs.writeFileSync(notBackup, 'not a backup\n');
      const wrong = await run(await newDatabase(), ['restore', notBackup]);
      assert.equal(wrong.code, 2);
      assert.match(wrong.stderr, backend === 'postgres' ? /is not a pg_dump custom-format file/ : /is not an SQLite database/);
      assert.match((await run(target, ['restore'])).stderr, /usage: npm run backup/);
    });

    it('a restored invoice that no longer matches its core request is named, and the restore fails', async () => {
      const invoice = await t.services.db.selectFrom('invoices').selectAll().where('status', '=', 'open').orderBy('id').executeTakeFirstOrThrow();
      await t.services.db.updateTable('invoices').set({ core_result: invoice.core_result.replace(/"total":"[^"]+"/, '"total":"0.01"') })
        .where('id', '=', invoice.id).execute();
      const file = path.join(dir, 'altered.backup');
      assert.equal((await run(source, ['backup', '--out', file])).code, 0);
      const restore = await run(await newDatabase(), ['restore', file]);
      assert.equal(restore.code, 1);
      assert.ok(restore.stdout.includes(`MISMATCH ${invoice.id}: the stored result is not what the core computes from the stored request (stored hash ${invoice.content_hash}, recomputed ${invoice.content_hash})`), restore.stdout);
      assert.match(restore.stdout, /5 invoices recomputed by the core: 4 identical, 1 different/);
    });
  });
}
