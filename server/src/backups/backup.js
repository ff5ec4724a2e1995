'use strict';
// A consistent copy of the live database while the server runs: SQLite's online backup API
// (better-sqlite3's backup()) or pg_dump's custom format.
const fs = require('node:fs');
const path = require('node:path');
const { runPostgresTool } = require('./postgres-tools');

/// Pages copied per step of an SQLite backup between progress reports.
const SQLITE_PAGES_PER_STEP = 4096;
/// A write by the server restarts an SQLite backup at its next step; after this many
/// restarts the rest is copied in one step (one read transaction, which writers do not disturb).
const SQLITE_RESTARTS_BEFORE_ONE_STEP = 3;

/// Writes a backup of the configured database to `file` (which must not exist yet):
/// { databaseUrl } → pg_dump --format=custom, else { sqliteFile } → an SQLite file. `progress`
/// hears short lines of text. Returns { file, bytes, format }.
async function backupDatabase({ databaseUrl, sqliteFile }, file, progress = () => {}) {
  if (fs.existsSync(file)) throw new Error(`${file} exists already: a backup never overwrites a file`);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  try {
    if (databaseUrl) {
      await runPostgresTool('pg_dump', ['--format=custom', '--verbose', '--no-owner', `--file=${file}`, `--dbname=${databaseUrl}`], (line) => {
        if (/dumping contents of table/.test(line)) progress(line.replace(/^pg_dump: /, ''));
      });
    } else {
      await backupSqlite(sqliteFile, file, progress);
    }
  } catch (error) {
    fs.rmSync(file, { force: true }); // never leave half a backup that looks whole
    throw error;
  }
  fs.chmodSync(file, 0o600);
  return { file, bytes: fs.statSync(file).size, format: databaseUrl ? 'pg_dump custom' : 'sqlite' };
}

async function backupSqlite(sqliteFile, file, progress) {
  if (!fs.existsSync(sqliteFile)) throw new Error(`${sqliteFile} does not exist: nothing to back up`);
  const Database = require('better-sqlite3');
  const source = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  try {
    let lastRemaining = Infinity;
    let restarts = 0;
    let lastPercent = -1;
    const done = await source.backup(file, {
      progress({ totalPages, remainingPages }) {
        if (remainingPages > lastRemaining) restarts += 1;
        lastRemaining = remainingPages;
        const percent = totalPages ? Math.floor(((totalPages - remainingPages) * 100) / totalPages) : 100;
        if (percent !== lastPercent) progress(`${percent} % of ${totalPages} pages`);
        lastPercent = percent;
        return restarts >= SQLITE_RESTARTS_BEFORE_ONE_STEP ? totalPages : SQLITE_PAGES_PER_STEP;
      },
    });
    // The callback hears the state before each step, so the last step's end is said here.
    if (lastPercent !== 100) progress(`100 % of ${done.totalPages} pages`);
  } finally {
    source.close();
  }
}

module.exports = { backupDatabase };
