'use strict';
// Puts a backup of ./backup.js into a new, empty database: pg_restore for a pg_dump file,
// SQLite's backup API (from the backup file into the new file) for an SQLite one. Never over
// existing data.
const fs = require('node:fs');
const path = require('node:path');
const { runPostgresTool } = require('./postgres-tools');

const SQLITE_HEADER = 'SQLite format 3\0';
const PG_DUMP_HEADER = 'PGDMP';

/// Restores `file` into the configured database, which must be empty (PostgreSQL: no table in
/// its public schema) or, for SQLite, not exist yet. `progress` hears short lines of text.
async function restoreDatabase({ databaseUrl, sqliteFile }, file, progress = () => {}) {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  const header = readHeader(file);
  if (databaseUrl) {
    if (!header.startsWith(PG_DUMP_HEADER)) throw new Error(`${file} is not a pg_dump custom-format file (a backup of an SQLite database restores into an SQLite file)`);
    await refuseNonEmptyPostgres(databaseUrl);
    await runPostgresTool('pg_restore', ['--exit-on-error', '--single-transaction', '--no-owner', '--no-privileges', '--verbose', `--dbname=${databaseUrl}`, file], (line) => {
      if (/processing data for table/.test(line)) progress(line.replace(/^pg_restore: /, ''));
    });
    return;
  }
  if (!header.startsWith(SQLITE_HEADER)) throw new Error(`${file} is not an SQLite database (a pg_dump file restores into PostgreSQL: set DATABASE_URL)`);
  if (fs.existsSync(sqliteFile)) throw new Error(`${sqliteFile} exists: restore into a new file (RATECARD_SQLITE_FILE) or move the old one away first`);
  await restoreSqlite(file, sqliteFile, progress);
}

function readHeader(file) {
  const descriptor = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(16);
    const read = fs.readSync(descriptor, buffer, 0, 16, 0);
    return buffer.subarray(0, read).toString('latin1');
  } finally {
    fs.closeSync(descriptor);
  }
}

async function refuseNonEmptyPostgres(databaseUrl) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query("select count(*)::int as tables from information_schema.tables where table_schema = 'public'");
    if (rows[0].tables > 0) throw new Error(`the database of DATABASE_URL holds ${rows[0].tables} tables: restore into a new, empty database`);
  } finally {
    await client.end();
  }
}

async function restoreSqlite(file, sqliteFile, progress) {
  const Database = require('better-sqlite3');
  const backup = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const [{ integrity_check: integrity }] = backup.pragma('integrity_check');
    if (integrity !== 'ok') throw new Error(`${file} is damaged: SQLite's integrity check says ${integrity}`);
    fs.mkdirSync(path.dirname(path.resolve(sqliteFile)), { recursive: true, mode: 0o700 });
    const done = await backup.backup(sqliteFile, {
      progress: ({ totalPages }) => totalPages, // nothing writes to the backup file: one step
    });
    progress(`${done.totalPages} pages copied`);
    fs.chmodSync(sqliteFile, 0o600);
  } finally {
    backup.close();
  }
}

module.exports = { restoreDatabase };
