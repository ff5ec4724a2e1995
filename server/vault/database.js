'use strict';
// The vault's SQLite file and its tables: cards and bank accounts (numbers as ciphertext only),
// `vault_meta` (the sealed fingerprint key) and `retired_keys` (encryption keys a rotation
// retired). Opened by the vault process and by the key rotation command (keys-cli.js), which
// may run beside it: WAL, and a wait of up to BUSY_TIMEOUT_MS for the other's write.
const fs = require('node:fs');
const path = require('node:path');
const Database = require('better-sqlite3');

const BUSY_TIMEOUT_MS = 10 * 1000;

/// Opens (creating) the vault's database at `file`, its tables created or brought up to date.
function openVaultDatabase(file) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  fs.chmodSync(file, 0o600);
  db.exec(`create table if not exists cards (
    token text primary key,
    number_ciphertext text not null,
    brand text not null,
    last4 text not null,
    exp_month integer not null,
    exp_year integer not null,
    fingerprint text not null,
    created_at text not null
  )`);
  if (!db.prepare('select name from pragma_table_info(\'cards\')').all().some((column) => column.name === 'issuing_country')) {
    db.exec('alter table cards add column issuing_country text');
  }
  db.exec(`create table if not exists bank_accounts (
    token text primary key,
    account_number_ciphertext text not null,
    routing_number text not null,
    last4 text not null,
    holder_name text not null,
    holder_type text not null,
    fingerprint text not null,
    created_at text not null
  )`);
  db.exec('create table if not exists vault_meta (name text primary key, sealed_value text not null)');
  db.exec('create table if not exists retired_keys (key_id text primary key, retired_at text not null)');
  return db;
}

/// The ids of the keys a rotation retired.
function retiredKeyIds(db) {
  return db.prepare('select key_id from retired_keys order by key_id').all().map((row) => row.key_id);
}

module.exports = { openVaultDatabase, retiredKeyIds };
