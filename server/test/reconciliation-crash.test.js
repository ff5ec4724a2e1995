'use strict';
// A settlement import across a SIGKILL of the server: the server is killed while the import's
// transaction is open, so the import was never acknowledged. After the restart the statement
// holds all of its lines or none, and importing the file again leaves each line stored once and
// each invoice paid once.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { startServerProcess, adminApi: api } = require('./support/server-process');
const { count, writeInProgress } = require('./support/crash-checks');
const { waitFor } = require('./support/wait-for');
const { openDatabase } = require('../src/db/database');

const LINES = 600;
const SOURCE = 'atlas-settlement';

const start = (target, dataDir) => startServerProcess({
  DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '',
  RATECARD_DATA_DIR: dataDir, RATECARD_SEED: 'false', LOG_LEVEL: 'warn', RATECARD_RATE_LIMIT_CLIENT_IP: 'off',
});

for (const backend of BACKENDS) {
  describe(`a settlement import across a SIGKILL of the server [${backend}]`, () => {
    it('keeps all lines or none, and a second import stores each line once and pays each invoice once', async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-reconciliation-crash-'));
      const database = openDatabase(target);
      let server = start(target, dataDir);
      try {
        let { url, adminKey } = await server.ready;
        let call = api(url, adminKey);
        const ok = async (pending, status) => {
          const response = await pending;
          assert.equal(response.status, status, JSON.stringify(response.body));
          return response.body;
        };
        const customer = await ok(call('POST', '/v1/customers', { name: 'Settled', currency: 'USD' }), 201);
        const invoices = [];
        for (const amount of ['20.00', '35.50', '12.25']) {
          invoices.push(await ok(call('POST', '/v1/invoices', {
            customer: customer.id, collection_method: 'send_invoice', auto_finalize: true, lines: [{ description: 'Services', unit_amount: amount }],
          }), 201));
        }
        // Gross pays the invoice it names; every other line is money no invoice names.
        const lines = ['id,date,currency,gross,fee,net,reference'];
        for (let i = 0; i < LINES; i += 1) {
          const invoice = invoices[i];
          lines.push(invoice
            ? `s${i},2026-01-20,USD,${invoice.amount_due},0.00,${invoice.amount_due},${invoice.number}`
            : `s${i},2026-01-20,USD,1.00,0.10,0.90,Transfer ${i}`);
        }
        const statement = { type: 'gateway_settlement', source: SOURCE, csv: lines.join('\r\n') };

        const pending = call('POST', '/v1/reconciliation/imports', statement).then(() => 'answered', () => 'no answer');
        // Killed once the import's transaction writes for a while (three polls in a row).
        let seen = 0;
        await waitFor(async () => {
          seen = await writeInProgress(target, database.db, 'received_payments') ? seen + 1 : 0;
          return seen >= 3;
        }, 60000, 'the import to be writing');
        await server.kill();
        assert.equal(await pending, 'no answer', 'the import was killed before it was acknowledged');

        server = start(target, dataDir);
        ({ url, adminKey } = await server.ready);
        call = api(url, adminKey);
        const stored = await count(database.db, 'received_payments');
        assert.ok(stored === 0 || stored === LINES, `all lines or none: ${stored} of ${LINES}`);
        assert.equal(await count(database.db, 'reconciliation_imports'), stored ? 1 : 0);

        const again = await ok(call('POST', '/v1/reconciliation/imports', statement), 201);
        assert.deepEqual([again.lines, again.duplicates], [LINES, stored]);
        const rows = await database.db.selectFrom('received_payments').select(['external_id']).where('source', '=', SOURCE).execute();
        assert.equal(rows.length, LINES);
        assert.equal(new Set(rows.map((row) => row.external_id)).size, LINES, 'each line once');
        for (const invoice of invoices) {
          const paid = await ok(call('GET', `/v1/invoices/${invoice.id}`), 200);
          assert.deepEqual([paid.status, paid.amount_paid], ['paid', invoice.amount_due]);
          const applications = await database.db.selectFrom('invoice_payment_applications').select('id').where('invoice_id', '=', invoice.id).execute();
          assert.equal(applications.length, 1, 'paid once');
        }
      } finally {
        await server.kill();
        await database.destroy();
        await target.drop();
      }
    });
  });
}
