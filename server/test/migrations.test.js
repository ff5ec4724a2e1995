'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { sql } = require('kysely');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { openDatabase } = require('../src/db/database');
const { migrateToLatest, MIGRATIONS } = require('../src/db/migrate');

const MONEY_COLUMNS = [
  ['plans', 'minimum_amount'], ['coupons', 'amount_off'], ['coupons', 'percent_off'],
  ['prices', 'pricing'], ['subscriptions', 'quantity'],
  ['invoices', 'amount_paid'], ['invoices', 'amount_remaining'], ['invoice_payment_applications', 'amount'],
  ['received_payments', 'amount'], ['received_payments', 'fee'], ['received_payments', 'net'],
  ['received_payments', 'amount_applied'], ['received_payments', 'amount_unapplied'],
];

async function columnTypes(database) {
  if (database.dialect === 'postgres') {
    const { rows } = await sql`select table_name, column_name, data_type from information_schema.columns where table_schema = 'public'`.execute(database.db);
    return rows.map((r) => ({ table: r.table_name, column: r.column_name, type: r.data_type }));
  }
  const { rows: tables } = await sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(database.db);
  const columns = [];
  for (const { name } of tables) {
    const { rows } = await sql`select name, type from pragma_table_info(${name})`.execute(database.db);
    columns.push(...rows.map((r) => ({ table: name, column: r.name, type: r.type.toLowerCase() })));
  }
  return columns;
}

function runProcess(script, env) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script], { env }, (error, stdout, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve(stdout)));
  });
}

for (const backend of BACKENDS) {
  describe(`migrations [${backend}]`, () => {
    it('migrates an empty database to the latest schema, and a second run does nothing', async () => {
      const target = await createTestDatabase(backend);
      const database = openDatabase(target);
      try {
        assert.deepEqual(await migrateToLatest(database.db), Object.keys(MIGRATIONS));
        assert.deepEqual(await migrateToLatest(database.db), []);
        const { rows } = await sql`select name from kysely_migration order by name`.execute(database.db);
        assert.deepEqual(rows.map((r) => r.name), Object.keys(MIGRATIONS));
      } finally {
        await database.destroy();
        await target.drop();
      }
    });

    it('stores no amount in a floating-point column', async () => {
      const target = await createTestDatabase(backend);
      const database = openDatabase(target);
      try {
        await migrateToLatest(database.db);
        const columns = await columnTypes(database);
        assert.ok(columns.length > 50);
        const floating = columns.filter((c) => /real|double|float|numeric|decimal/.test(c.type));
        assert.deepEqual(floating, []);
        for (const [table, column] of MONEY_COLUMNS) {
          const found = columns.find((c) => c.table === table && c.column === column);
          assert.equal(found && found.type, 'text', `${table}.${column}`);
        }
      } finally {
        await database.destroy();
        await target.drop();
      }
    });

    it('lets several processes start at once: each migration runs once', async () => {
      const target = await createTestDatabase(backend);
      try {
        const env = { ...process.env, DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '' };
        const runs = await Promise.all([1, 2, 3].map(() => runProcess(path.join(__dirname, 'support', 'migrate-process.js'), env)));
        const applied = runs.map((output) => JSON.parse(output));
        assert.deepEqual(applied.flat().sort(), Object.keys(MIGRATIONS).sort());
      } finally {
        await target.drop();
      }
    });
  });
}
