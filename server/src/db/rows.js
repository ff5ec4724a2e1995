'use strict';

/// Runs `work(trx)` in one database transaction: it commits when work resolves and rolls back
/// when it throws.
function inTransaction(db, work) {
  return db.transaction().execute(work);
}

/// Runs the reads of `work(trx)` on one snapshot of the database, so figures read by several
/// statements agree with each other even while writers commit in between (repeatable read on
/// PostgreSQL; a SQLite transaction sees one state already).
function inSnapshot(db, dialect, work) {
  const transaction = db.transaction();
  return (dialect === 'postgres' ? transaction.setIsolationLevel('repeatable read') : transaction).execute(work);
}

/// Parses a JSON text column (null stays null).
function parseJson(text) {
  return text === null || text === undefined ? null : JSON.parse(text);
}

/// Integer 0/1 columns as booleans.
const bool = (value) => Number(value) === 1;

module.exports = { inTransaction, inSnapshot, parseJson, bool };
