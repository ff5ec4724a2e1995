#!/usr/bin/env node
'use strict';
// `npm run backup [-- --out FILE]` and `npm run restore -- FILE`, on the database the server's
// environment names (DATABASE_URL, or RATECARD_SQLITE_FILE / RATECARD_DATA_DIR). A restore
// migrates the restored database to this version and verifies every invoice with the core.
const path = require('node:path');
const { loadConfig } = require('../config');
const { openDatabase } = require('../db/database');
const { migrateToLatest } = require('../db/migrate');
const { loadBillingCore } = require('../core/billing-core');
const { backupDatabase } = require('./backup');
const { restoreDatabase } = require('./restore');
const { verifyStoredInvoices } = require('./verify-invoices');

const USAGE = 'usage: npm run backup [-- --out FILE]   |   npm run restore -- FILE';

const say = (line) => process.stdout.write(`${line}\n`);

// The default backup file: <dataDir>/backups/ratecard-<UTC time>.<sqlite|dump>.
function defaultFile(config) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return path.join(config.dataDir, 'backups', `ratecard-${stamp}.${config.databaseUrl ? 'dump' : 'sqlite'}`);
}

async function backup(config, argv) {
  if (argv.length && (argv[0] !== '--out' || argv.length !== 2)) throw new Error(USAGE);
  const file = path.resolve(argv[1] ?? defaultFile(config));
  say(`backing up ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.sqliteFile} to ${file}`);
  const started = Date.now();
  const result = await backupDatabase(config, file, (line) => say(`  ${line}`));
  say(`backup written: ${file} (${result.format}, ${result.bytes} bytes, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

async function restore(config, argv) {
  if (argv.length !== 1 || argv[0].startsWith('--')) throw new Error(USAGE);
  const file = path.resolve(argv[0]);
  say(`restoring ${file} into ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.sqliteFile}`);
  await restoreDatabase(config, file, (line) => say(`  ${line}`));
  const database = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  try {
    await migrateToLatest(database.db);
    const core = await loadBillingCore({ backend: config.coreBackend });
    const { verified, mismatches } = await verifyStoredInvoices(database.db, core, ({ verified: done, total }) => say(`  verified ${done}/${total} invoices`));
    for (const mismatch of mismatches) {
      const why = mismatch.error ?? `the stored result is not what the core computes from the stored request (stored hash ${mismatch.content_hash}, recomputed ${mismatch.recomputed_hash})`;
      say(`  MISMATCH ${mismatch.invoice}: ${why}`);
    }
    say(`restored; ${verified} invoices recomputed by the core: ${verified - mismatches.length} identical, ${mismatches.length} different`);
    if (mismatches.length) process.exitCode = 1;
  } finally {
    await database.destroy();
  }
}

async function main() {
  const [command, ...argv] = process.argv.slice(2);
  const config = loadConfig();
  if (command === 'backup') await backup(config, argv);
  else if (command === 'restore') await restore(config, argv);
  else throw new Error(USAGE);
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
});
