'use strict';

/// Runs `work(trx)` in one database transaction: it commits when work resolves and rolls back
/// when it throws.
function inTransaction(db, work) {
  return db.transaction().execute(work);
}

/// Parses a JSON text column (null stays null).
function parseJson(text) {
  return text === null || text === undefined ? null : JSON.parse(text);
}

/// Integer 0/1 columns as booleans.
const bool = (value) => Number(value) === 1;

module.exports = { inTransaction, parseJson, bool };
