'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Kysely, SqliteDialect, SqliteDriver, SqliteAdapter, PostgresDialect, CompiledQuery } = require('kysely');

/// Opens the database: PostgreSQL when a URL is given, else the embedded SQLite file.
/// Returns { db, dialect, destroy } where db is a Kysely instance and dialect 'postgres'|'sqlite'.
function openDatabase({ databaseUrl, sqliteFile, poolSize = 10 }) {
  if (databaseUrl) return openPostgres(databaseUrl, poolSize);
  return openSqlite(sqliteFile);
}

function openPostgres(connectionString, poolSize) {
  const { Pool, types } = require('pg');
  // The migrations create only text and 32-bit integer columns (amounts are decimal strings);
  // a bigint (count(*)) stays text so no 64-bit value is squeezed through a double.
  types.setTypeParser(types.builtins.INT8, (text) => text);
  const pool = new Pool({ connectionString, max: poolSize });
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', destroy: () => db.destroy() };
}

function openSqlite(file) {
  const Database = require('better-sqlite3');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const connection = new Database(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  const db = new Kysely({ dialect: new ImmediateSqliteDialect({ database: connection }) });
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
