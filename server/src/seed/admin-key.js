'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { authenticate } = require('../auth/authenticate');
const { createApiKey } = require('../auth/api-keys');
const { inTransaction } = require('../db/rows');
const { toInstant } = require('../time');

/// The bootstrap admin key that `npm start` prints. Its secret is kept only in
/// `<dataDir>/admin-key.txt` (mode 0600; the database has its hash). When that file is missing
/// or its key no longer works, the previous bootstrap key is revoked and a new one written.
/// Returns { key, file, created }.
async function ensureAdminKey(db, dataDir, now) {
  const file = path.join(dataDir, 'admin-key.txt');
  const existing = readKeyFile(file);
  if (existing && await stillValid(db, existing, now)) return { key: existing, file, created: false };

  const secret = await inTransaction(db, async (trx) => {
    await trx.updateTable('api_keys').set({ revoked_at: toInstant(now) })
      .where('bootstrap', '=', 1).where('revoked_at', 'is', null).execute();
    const created = await createApiKey(trx, { name: 'Bootstrap admin key (npm start)', role: 'admin', bootstrap: true }, now);
    return created.secret;
  });
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return { key: secret, file, created: true };
}

function readKeyFile(file) {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

async function stillValid(db, key, now) {
  try {
    const principal = await authenticate(db, `Bearer ${key}`, now);
    return principal.kind === 'api_key' && principal.role === 'admin';
  } catch {
    return false;
  }
}

module.exports = { ensureAdminKey };
