'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createTestDatabase } = require('./support/harness');
const { startServerProcess } = require('./support/server-process');
const { openDatabase } = require('../src/db/database');

const NOTES = 16;
const KILL_AFTER_ACKNOWLEDGED = 4;

function start(target, dataDir) {
  return startServerProcess({
    DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '',
    RATECARD_DATA_DIR: dataDir, RATECARD_SEED: 'false', LOG_LEVEL: 'warn', RATECARD_RATE_LIMIT_CLIENT_IP: 'off',
  });
}

async function call(url, key, method, urlPath, body, headers = {}) {
  const response = await fetch(url + urlPath, {
    method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json(), replayed: response.headers.get('idempotent-replayed') === 'true' };
}

// On SQLite (the credit note is one transaction, the same code on PostgreSQL, where
// credit-notes.test.js runs it): a burst of credit notes, each one unit back, killed with
// SIGKILL mid-burst; retried with their Idempotency-Keys after a restart, each is issued once,
// the numbers have no gap and the balance has exactly one movement per note.
describe('credit notes survive SIGKILL [sqlite]', () => {
  it('issues every credit note once, numbered without a gap, each credited to the balance once', async () => {
    const target = await createTestDatabase('sqlite');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-cn-crash-'));
    let server = start(target, dataDir);
    try {
      const { url, adminKey } = await server.ready;
      const customer = (await call(url, adminKey, 'POST', '/v1/customers', { name: 'Crash', currency: 'USD' })).body;
      // 16 units at 2.50: 40.00, no tax.
      const invoice = (await call(url, adminKey, 'POST', '/v1/invoices', {
        customer: customer.id, auto_finalize: true, lines: [{ description: 'Units', unit_amount: '2.50', quantity: String(NOTES) }],
      })).body;
      assert.equal(invoice.total, '40.00');
      const body = { invoice: invoice.id, reason: 'order_change', lines: [{ line: 0, quantity: '1' }] };
      const issue = (serverUrl, key) => call(serverUrl, adminKey, 'POST', '/v1/credit_notes', body, { 'idempotency-key': key });

      let acknowledged = 0;
      const killed = [];
      await Promise.all(Array.from({ length: NOTES }, (_, i) => issue(url, `cn-${i}`).then((response) => {
        if (response.status === 201) acknowledged += 1;
        if (acknowledged === KILL_AFTER_ACKNOWLEDGED) killed.push(server.kill());
      }, () => {})));
      await Promise.all(killed);
      await server.kill();

      server = start(target, dataDir);
      const { url: again } = await server.ready;
      let replayed = 0;
      for (let i = 0; i < NOTES; i += 1) {
        let response = await issue(again, `cn-${i}`);
        // Killed while running: its key stays claimed, and its change was not committed (the
        // response is stored in the change's transaction): a new key issues it.
        if (response.status === 409 && response.body.error.code === 'IDEMPOTENCY_KEY_IN_USE') response = await issue(again, `cn-${i}-again`);
        assert.equal(response.status, 201, JSON.stringify(response.body));
        assert.equal(response.body.amount, '2.50');
        if (response.replayed) replayed += 1;
      }
      assert.ok(replayed >= KILL_AFTER_ACKNOWLEDGED, `the acknowledged notes replay (${replayed})`);
      // Every unit is credited: one more is refused.
      assert.equal((await issue(again, 'cn-extra')).status, 400);

      const database = openDatabase({ databaseUrl: target.databaseUrl, sqliteFile: target.sqliteFile });
      try {
        const notes = await database.db.selectFrom('credit_notes').select(['id', 'number']).orderBy('number').execute();
        assert.deepEqual(notes.map((note) => note.number), Array.from({ length: NOTES }, (_, i) => `CN-${String(i + 1).padStart(6, '0')}`));
        const ledger = await database.db.selectFrom('customer_balance_transactions').selectAll().orderBy('id').execute();
        assert.deepEqual(ledger.map((row) => row.source_id).sort(), notes.map((note) => note.id).sort());
        assert.equal(ledger.at(-1).ending_balance, '40.00');
      } finally {
        await database.destroy();
      }
    } finally {
      await server.kill();
      await target.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
