'use strict';
// The server's PostgreSQL connections (src/db/): statements run as named prepared statements
// (prepared-statements.js), a connection prepares a text once, and a table changed by another
// process's migration costs at most one failed transaction, never a connection that keeps
// failing; a connection PostgreSQL ends while it is idle is replaced, and the process goes on.
const test = require('node:test');
const assert = require('node:assert/strict');
const { sql } = require('kysely');
const { Client } = require('pg');
const { openDatabase } = require('../src/db/database');
const { isPlanChanged } = require('../src/db/prepared-statements');
const { createTestDatabase } = require('./support/harness');

test.describe('PostgreSQL connections [postgres]', () => {
  let database;
  let opened;
  let other;

  test.before(async () => {
    database = await createTestDatabase('postgres');
    opened = openDatabase({ databaseUrl: database.databaseUrl, poolSize: 1 }); // one connection: every query meets the same prepared set
    other = new Client({ connectionString: database.databaseUrl }); // another process's connection
    await other.connect();
    await other.query("create table widgets (id text primary key, name text not null)");
    await other.query("insert into widgets values ('w1', 'first')");
  });

  test.after(async () => {
    await other.end();
    await opened.destroy();
    await database.drop();
  });

  const widget = (executor) => executor.selectFrom('widgets').selectAll().where('id', '=', 'w1').executeTakeFirst();

  test('a parameterized statement is prepared once per connection and reused', async () => {
    const { db } = opened;
    await widget(db);
    await widget(db);
    const { rows } = await sql`select statement from pg_prepared_statements where statement like ${'%from "widgets"%'}`.execute(db);
    assert.equal(rows.length, 1, 'one prepared statement for the two identical selects');
    assert.match(rows[0].statement, /select \* from "widgets" where "id" = \$1/);
  });

  test('after another process adds a column, a statement outside a transaction still answers, with the column', async () => {
    const { db } = opened;
    assert.deepEqual(await widget(db), { id: 'w1', name: 'first' });
    await other.query("alter table widgets add column colour text not null default 'blue'");
    assert.deepEqual(await widget(db), { id: 'w1', name: 'first', colour: 'blue' });
    assert.deepEqual(await widget(db), { id: 'w1', name: 'first', colour: 'blue' }, 'the connection that met the change was replaced');
  });

  test('inside a transaction the change fails that transaction only; the next one runs', async () => {
    const { db } = opened;
    await widget(db); // prepared with the current columns
    await other.query('alter table widgets add column size integer');
    const failure = await db.transaction().execute(async (trx) => {
      await trx.updateTable('widgets').set({ name: 'renamed' }).where('id', '=', 'w1').execute();
      return widget(trx);
    }).then(() => null, (error) => error);
    assert.ok(failure && isPlanChanged(failure), `the transaction failed on the changed plan (${failure && failure.message})`);
    const after = await db.transaction().execute((trx) => widget(trx));
    assert.deepEqual(after, { id: 'w1', name: 'first', colour: 'blue', size: null }, 'the failed transaction changed nothing');
  });

  test('a connection PostgreSQL terminates while idle is replaced, and the process goes on', async () => {
    const { db } = opened;
    await widget(db); // the pool's one connection, idle now
    const { rows } = await other.query('select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    assert.ok(rows.length >= 1 && rows.every((row) => row.ended), 'the idle connection was terminated');
    await new Promise((resolve) => setTimeout(resolve, 200)); // the pool hears of it (unheard, this would end the process)
    assert.equal((await widget(db)).id, 'w1');
  });
});
