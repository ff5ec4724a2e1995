'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { sql } = require('kysely');
const { authenticate } = require('../auth/authenticate');
const { createApiKey, presentApiKey } = require('../auth/api-keys');
const { recordEvent } = require('../outbox/outbox');
const { inTransaction } = require('../db/rows');
const { ensurePrivateDirectory } = require('../db/private-files');
const { toInstant } = require('../time');

/// The PostgreSQL advisory lock (an arbitrary fixed number) that serializes bootstrap-key starts.
const BOOTSTRAP_LOCK = 72616401;

/// The bootstrap admin key that `npm start` prints. Its secret is kept only in
/// `<dataDir>/admin-key.txt` (mode 0600; the database has its hash).
/// - The file holds a working admin key: that key is used.
/// - No file: a new bootstrap key is created and written; no other key is touched (another
///   machine on the same PostgreSQL keeps its own key).
/// - The file holds a key that no longer works (revoked, from another database, emptied): this
///   is a rotation, so every bootstrap key is revoked and a new one written.
/// Starts are serialized by a database lock (an advisory lock on PostgreSQL, SQLite's write
/// lock), so processes starting together on one data directory print the same working key.
/// Returns { key, file, created }.
async function ensureAdminKey({ db, dialect }, dataDir, now) {
  const file = path.join(dataDir, 'admin-key.txt');
  return inTransaction(db, async (trx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`.execute(trx);
    const existing = readKeyFile(file);
    if (existing && await stillValid(trx, existing, now)) return { key: existing, file, created: false };
    if (existing !== null) await revokeBootstrapKeys(trx, now);
    const { secret } = await createApiKey(trx, { name: 'Bootstrap admin key (npm start)', role: 'admin', bootstrap: true }, now);
    writeKeyFile(dataDir, file, secret);
    return { key: secret, file, created: true };
  });
}

// Revokes every bootstrap key, each with its event (other server processes drop it from their
// key caches on reading it).
async function revokeBootstrapKeys(trx, now) {
  const revokedAt = toInstant(now);
  const live = await trx.selectFrom('api_keys').selectAll().where('bootstrap', '=', 1).where('revoked_at', 'is', null).execute();
  for (const key of live) {
    await trx.updateTable('api_keys').set({ revoked_at: revokedAt }).where('id', '=', key.id).execute();
    await recordEvent(trx, { type: 'api_key.revoked', object: presentApiKey({ ...key, revoked_at: revokedAt }) }, now);
  }
}

function readKeyFile(file) {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  }
}

// Written whole or not at all: a temporary file renamed over the old one.
function writeKeyFile(dataDir, file, secret) {
  ensurePrivateDirectory(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${secret}\n`, { mode: 0o600 });
  fs.chmodSync(temporary, 0o600);
  fs.renameSync(temporary, file);
}

async function stillValid(executor, key, now) {
  try {
    const principal = await authenticate(executor, `Bearer ${key}`, now);
    return principal.kind === 'api_key' && principal.role === 'admin';
  } catch {
    return false;
  }
}

module.exports = { ensureAdminKey };
