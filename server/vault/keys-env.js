'use strict';
// What the vault process and the key rotation command read from their environment.
const path = require('node:path');
const { parseKey } = require('./key-ring');

/// { current, old } from VAULT_ENCRYPTION_KEY and VAULT_ENCRYPTION_OLD_KEYS (comma-separated),
/// each the base64 of 32 bytes.
function vaultKeysFromEnv(env) {
  return {
    current: parseKey(env.VAULT_ENCRYPTION_KEY, 'VAULT_ENCRYPTION_KEY'),
    old: String(env.VAULT_ENCRYPTION_OLD_KEYS || '').split(',').map((text) => text.trim()).filter(Boolean)
      .map((text) => parseKey(text, 'each of VAULT_ENCRYPTION_OLD_KEYS')),
  };
}

/// The vault's SQLite file: VAULT_DB_FILE, by default data/vault.sqlite at the repository's root.
function vaultDbFile(env) {
  return env.VAULT_DB_FILE || path.resolve(__dirname, '..', '..', 'data', 'vault.sqlite');
}

module.exports = { vaultKeysFromEnv, vaultDbFile };
