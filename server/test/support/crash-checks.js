'use strict';
// What the SIGKILL tests watch the database with while they kill and restart server processes.
const Database = require('better-sqlite3');

/// The number of rows of `table`.
const count = async (db, table) => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()).n);

/// Whether another connection holds an open write transaction on `target` (createTestDatabase):
/// on SQLite, the write lock (a `begin immediate` of our own is refused at once); on PostgreSQL,
/// a row lock of another backend on `table`. Used to kill a server while it is inside one.
async function writeInProgress(target, db, table) {
  if (target.sqliteFile) {
    const probe = new Database(target.sqliteFile, { timeout: 0 });
    try {
      probe.exec('begin immediate');
      probe.exec('rollback');
      return false;
    } catch (error) {
      if (error.code === 'SQLITE_BUSY') return true;
      throw error;
    } finally {
      probe.close();
    }
  }
  const { rows } = await require('kysely').sql`select count(*) as n from pg_locks l join pg_class c on c.oid = l.relation
    where c.relname = ${table} and l.mode = 'RowExclusiveLock' and l.pid <> pg_backend_pid()`.execute(db);
  return Number(rows[0].n) > 0;
}

module.exports = { count, writeInProgress };
