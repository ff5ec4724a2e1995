#!/usr/bin/env node
// The card vault as its own process (docs/server.md, "Vault"):
//
//   VAULT_ENCRYPTION_KEY=$(openssl rand -base64 32) VAULT_API_KEY=... node server/vault/main.js
//
// Environment: PORT (default 0: any free port), HOST (127.0.0.1), VAULT_DB_FILE (its SQLite
// file, default data/vault.sqlite), VAULT_ENCRYPTION_KEY (base64 of 32 bytes: AES-256-GCM key
// of the card numbers; required), VAULT_ENCRYPTION_OLD_KEYS (comma-separated keys a rotation
// replaced: they still open what they sealed; docs/server.md, "Vault key rotation"), VAULT_API_KEY (the bearer token Ratecard's server presents;
// required), VAULT_GATEWAYS (JSON [{ "name", "url", "api_key" }]: where forwards may go).
// Prints "vault listening on http://HOST:PORT" once it listens.
'use strict';
const { buildVault } = require('./vault');
const { openStore } = require('./store');
const { vaultKeysFromEnv, vaultDbFile } = require('./keys-env');

async function main(env = process.env) {
  const keys = vaultKeysFromEnv(env);
  if (!env.VAULT_API_KEY || env.VAULT_API_KEY.length < 16) throw new Error('VAULT_API_KEY must be set (at least 16 characters)');
  const gateways = Object.fromEntries(JSON.parse(env.VAULT_GATEWAYS || '[]').map((gateway) => [gateway.name, gateway]));
  const store = openStore(vaultDbFile(env), keys);
  const app = buildVault({ store, apiKey: env.VAULT_API_KEY, gateways });
  await app.listen({ port: Number(env.PORT || 0), host: env.HOST || '127.0.0.1' });
  const { address, port } = app.server.address();
  process.stdout.write(`vault listening on http://${address}:${port}\n`);
  const stop = async () => {
    await app.close();
    store.close();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, stop);
}

main().catch((error) => {
  process.stderr.write(`vault failed to start: ${error.message}\n`);
  process.exit(1);
});
