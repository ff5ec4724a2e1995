'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { sql } = require('kysely');
const Database = require('better-sqlite3');
const { keepingStatements, MAX_KEPT_STATEMENTS } = require('../src/db/sqlite-statements');
const { openDatabase } = require('../src/db/database');

// SQLite only: PostgreSQL's prepared statements are postgres-connections.test.js's.
describe('kept SQLite statements', () => {
  it('prepares a text once, forgets the least recently used beyond the limit', () => {
    const raw = new Database(':memory:');
    let prepared = 0;
    const counting = { prepare: (text) => { prepared += 1; return raw.prepare(text); }, close: () => raw.close() };
    const kept = keepingStatements(counting);
    const first = kept.prepare('select 1');
    assert.equal(kept.prepare('select 1'), first);
    assert.equal(prepared, 1);
    for (let i = 0; i < MAX_KEPT_STATEMENTS; i += 1) {
      kept.prepare(`select ${i + 2}`);
      if (i % 100 === 0) kept.prepare('select 1'); // used again: stays
    }
    assert.equal(kept.prepare('select 1'), first);
    const before = prepared;
    kept.prepare('select 2'); // the least recently used, forgotten
    assert.equal(prepared, before + 1);
    kept.close();
  });

  it('answers by the current schema after another connection changed it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-statements-'));
    const file = path.join(dir, 'kept.sqlite');
    const { db, destroy } = openDatabase({ sqliteFile: file });
    const other = new Database(file);
    try {
      await sql`create table things (id text primary key)`.execute(db);
      await db.insertInto('things').values({ id: 'a' }).execute();
      const read = () => db.selectFrom('things').selectAll().where('id', '=', 'a').execute();
      assert.deepEqual(await read(), [{ id: 'a' }]);
      other.exec("alter table things add column colour text not null default 'red'");
      assert.deepEqual(await read(), [{ id: 'a', colour: 'red' }]);
    } finally {
      other.close();
      await destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
