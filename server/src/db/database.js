'use strict';
const path = require('node:path');
const { ensurePrivateDirectory, ensurePrivateFile } = require('./private-files');
const { preparingPool } = require('./prepared-statements');
const { keepingStatements } = require('./sqlite-statements');
const { Kysely, SqliteDialect, SqliteDriver, SqliteAdapter, PostgresDialect, CompiledQuery } = require('kysely');

/// SQLite's `synchronous` settings the server accepts (RATECARD_SQLITE_SYNCHRONOUS).
const SQLITE_SYNCHRONOUS = ['FULL', 'NORMAL'];
/// How long an SQLite statement waits for another connection's write lock before failing.
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/// Opens the database: PostgreSQL when a URL is given, else the embedded SQLite file.
/// Returns { db, dialect, destroy } where db is a Kysely instance and dialect 'postgres'|'sqlite'.
/// `logger` hears of PostgreSQL connections lost while idle in the pool.
function openDatabase({ databaseUrl, sqliteFile, sqliteSynchronous = 'FULL', poolSize = 10, logger = null }) {
  if (databaseUrl) return openPostgres(databaseUrl, poolSize, logger);
  return openSqlite(sqliteFile, sqliteSynchronous);
}

function openPostgres(connectionString, poolSize, logger) {
  const { Pool, types } = require('pg');
  // The migrations create only text and 32-bit integer columns (amounts are decimal strings);
  // a bigint (count(*)) stays text so no 64-bit value is squeezed through a double.
  types.setTypeParser(types.builtins.INT8, (text) => text);
  const pool = new Pool({ connectionString, max: poolSize });
  // An idle connection that PostgreSQL ends (a restart, an administrator's termination) makes
  // the pool emit 'error'; unheard, that would end the process. The pool has already dropped
  // the connection and opens a new one when needed.
  pool.on('error', (error) => logger?.warn({ err: error }, 'an idle PostgreSQL connection was closed by the server; the pool replaces it'));
  const db = new Kysely({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return { db, dialect: 'postgres', destroy: () => db.destroy() };
}

// Durability: WAL with synchronous=FULL syncs the log at every commit, so a commit the API
// acknowledged survives a power loss (NORMAL syncs only at checkpoints: faster, but the last
// commits before a power loss may roll back; a crash of the process alone loses nothing either
// way). The file and its directory are for this user only (0600, 0700); SQLite gives the -wal
// and -shm files the database file's mode.
function openSqlite(file, synchronous) {
  if (!SQLITE_SYNCHRONOUS.includes(synchronous)) throw new Error(`SQLite synchronous must be one of ${SQLITE_SYNCHRONOUS.join(', ')}, got "${synchronous}"`);
  const Database = require('better-sqlite3');
  if (file !== ':memory:') {
    ensurePrivateDirectory(path.dirname(path.resolve(file)));
    ensurePrivateFile(file);
  }
  const connection = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  connection.pragma('journal_mode = WAL');
  connection.pragma(`synchronous = ${synchronous}`);
  connection.pragma('foreign_keys = ON');
  connection.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  const db = new Kysely({ dialect: new ImmediateSqliteDialect({ database: keepingStatements(connection) }) });
  return { db, dialect: 'sqlite', destroy: () => db.destroy() };
}

// SQLite transactions start with BEGIN IMMEDIATE: a transaction takes the write lock up front
// (waiting up to busy_timeout), so two processes on one file never both read, then both try to
// write. SQLite's DDL is transactional, so migrations run in one such transaction too, and a
// process that starts migrating second sees what the first one applied.
class ImmediateSqliteDriver extends SqliteDriver {
  async beginTransaction(connection) {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(config) {
    super(config);
    this.driverConfig = config;
  }

  createDriver() {
    return new ImmediateSqliteDriver(this.driverConfig);
  }

  createAdapter() {
    return new TransactionalDdlSqliteAdapter();
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  get supportsTransactionalDdl() {
    return true;
  }
}

module.exports = { openDatabase };
