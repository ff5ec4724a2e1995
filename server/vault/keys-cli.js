#!/usr/bin/env node
'use strict';
// `npm run vault-keys -- <command>`: rotating the card vault's encryption key
// (docs/server.md, "Vault key rotation"). Reads VAULT_DB_FILE, VAULT_ENCRYPTION_KEY (the new,
// current key) and VAULT_ENCRYPTION_OLD_KEYS; may run while the vault serves.
//
//   status                     how many records each key seals
//   reencrypt [--batch-size N] moves every record to the current key, N per transaction (default 100)
//   retire KEY_ID              retires an old key once no record uses it
const { openVaultDatabase, retiredKeyIds } = require('./database');
const { createKeyRing } = require('./key-ring');
const { loadFingerprintKey } = require('./fingerprint-key');
const { vaultKeysFromEnv, vaultDbFile } = require('./keys-env');
const { keyUsage, reencryptAll, retireKey, LEGACY } = require('./rotation');

const USAGE = 'usage: npm run vault-keys -- status | reencrypt [--batch-size N] | retire KEY_ID';
const DEFAULT_BATCH_SIZE = 100;
const MAX_BATCH_SIZE = 10000;

const say = (line) => process.stdout.write(`${line}\n`);

function describeUsage(db, ring) {
  const usage = keyUsage(db);
  say(`current key ${ring.currentId}; configured keys ${ring.ids().join(', ')}; retired ${retiredKeyIds(db).join(', ') || 'none'}`);
  for (const [keyId, records] of Object.entries(usage).sort()) {
    say(`  ${keyId === LEGACY ? 'before key ids' : `key ${keyId}`}: ${records} record(s)${keyId === ring.currentId ? ' (current)' : ''}`);
  }
}

function batchSizeOf(argv) {
  if (argv.length === 0) return DEFAULT_BATCH_SIZE;
  const size = Number(argv[1]);
  if (argv.length !== 2 || argv[0] !== '--batch-size' || !Number.isInteger(size) || size < 1 || size > MAX_BATCH_SIZE) {
    throw new Error(`${USAGE}\n--batch-size is an integer from 1 to ${MAX_BATCH_SIZE}`);
  }
  return size;
}

// The command and its argument, checked before the database is opened.
function parseArguments([command, ...argv]) {
  if (command === 'status' && argv.length === 0) return { command };
  if (command === 'reencrypt') return { command, batchSize: batchSizeOf(argv) };
  if (command === 'retire' && argv.length === 1 && /^[0-9a-f]{8}$/.test(argv[0])) return { command, keyId: argv[0] };
  throw new Error(command === 'retire' ? `${USAGE}\nKEY_ID is the 8 hex digits status shows` : USAGE);
}

function main(env = process.env) {
  const { command, batchSize, keyId } = parseArguments(process.argv.slice(2));
  const db = openVaultDatabase(vaultDbFile(env));
  try {
    const ring = createKeyRing({ ...vaultKeysFromEnv(env), retired: retiredKeyIds(db) });
    // Stores the fingerprint key the first time, so the re-encryption moves it with the records.
    loadFingerprintKey(db, ring);
    if (command === 'status') {
      describeUsage(db, ring);
    } else if (command === 'reencrypt') {
      say(`re-encrypting the vault under key ${ring.currentId}, ${batchSize} record(s) per transaction`);
      const { done, total } = reencryptAll(db, ring, {
        batchSize,
        progress: (step) => say(`  re-encrypted ${step.done} of ${step.total} record(s) (${Math.floor((step.done * 100) / step.total)} %)`),
      });
      say(`done: ${done} of ${total} record(s) moved to key ${ring.currentId}`);
      describeUsage(db, ring);
    } else {
      retireKey(db, ring, keyId, new Date());
      say(`key ${keyId} retired: remove it from VAULT_ENCRYPTION_OLD_KEYS`);
    }
  } finally {
    db.close();
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`vault-keys: ${error.message}\n`);
  process.exitCode = 1;
}
