'use strict';
// Prepared statements kept for SQLite. Kysely's SQLite driver prepares every query anew, so
// SQLite parses and plans the same text again on each call, a 100-row insert of usage events
// (1,300 parameters) included.
// Here each distinct text is prepared once and kept (better-sqlite3 prepares it again by
// itself when a migration changes the schema). The connection is used one query at a time
// (Kysely's mutex; better-sqlite3 is synchronous), so a kept statement is never busy (the
// server streams no query: a statement iterating would be busy until its stream ends).

/// At most this many statement texts are kept; the least recently used goes first (texts that
/// vary with a list's length could otherwise grow without bound).
const MAX_KEPT_STATEMENTS = 1000;

/// Wraps a better-sqlite3 Database for Kysely's SqliteDialect: `prepare(text)` returns the kept
/// statement for `text`, preparing it on first use; `close()` closes the database.
function keepingStatements(database) {
  const kept = new Map();
  return {
    prepare(text) {
      let statement = kept.get(text);
      if (statement) {
        kept.delete(text); // re-inserted below: the Map's order is the order of use
      } else {
        statement = database.prepare(text);
        if (kept.size >= MAX_KEPT_STATEMENTS) kept.delete(kept.keys().next().value);
      }
      kept.set(text, statement);
      return statement;
    },
    close: () => database.close(),
  };
}

module.exports = { keepingStatements, MAX_KEPT_STATEMENTS };
