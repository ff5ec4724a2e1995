'use strict';
// Rotating the vault's encryption key (docs/server.md, "Vault key rotation"): which key seals
// how many records, re-encrypting the records of older keys under the current one in batches,
// and retiring a key no record uses any more.
//
// Crash safety: each batch is one SQLite transaction (immediate: it holds the write lock from
// its first read) that opens each record with the key it names and seals the plaintext again,
// so a record is always whole under exactly one key; a kill loses at most the open batch, which
// rolls back, and a restart picks up the records still under an older key. A record is never
// sealed twice over: what is sealed is always the opened plaintext.
const { metaContext } = require('./fingerprint-key');

/// Every sealed column: its table, the column, the row's key column and the authenticated context.
const SEALED = [
  { table: 'cards', column: 'number_ciphertext', id: 'token', context: (id) => id },
  { table: 'bank_accounts', column: 'account_number_ciphertext', id: 'token', context: (id) => id },
  { table: 'vault_meta', column: 'sealed_value', id: 'name', context: metaContext },
];
/// How a record sealed before key ids existed is counted.
const LEGACY = 'legacy';

class KeyRotationError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/// How many records each key seals: { "<key id>": n, legacy: n } (legacy: sealed before key
/// ids, by whichever key was configured then).
function keyUsage(db) {
  const usage = {};
  for (const { table, column } of SEALED) {
    const rows = db.prepare(`select case when substr(${column}, 1, 3) = 'v2.' then substr(${column}, 4, 8) else '${LEGACY}' end as key_id,
      count(*) as records from ${table} group by 1`).all();
    for (const row of rows) usage[row.key_id] = (usage[row.key_id] || 0) + row.records;
  }
  return usage;
}

// How many records are not sealed under the ring's current key.
function pendingCount(db, ring) {
  return SEALED.reduce((sum, { table, column }) => sum
    + db.prepare(`select count(*) as n from ${table} where substr(${column}, 1, ${ring.prefix.length}) <> ?`).get(ring.prefix).n, 0);
}

// Re-encrypts up to `limit` records under the ring's current key in one transaction; returns how many.
function reencryptBatch(db, ring, limit) {
  return db.transaction(() => {
    let moved = 0;
    for (const { table, column, id, context } of SEALED) {
      if (moved === limit) break;
      const rows = db.prepare(`select ${id} as id, ${column} as sealed from ${table}
        where substr(${column}, 1, ${ring.prefix.length}) <> ? order by ${id} limit ?`).all(ring.prefix, limit - moved);
      const update = db.prepare(`update ${table} set ${column} = ? where ${id} = ? and ${column} = ?`);
      for (const row of rows) {
        moved += update.run(ring.seal(context(row.id), ring.open(context(row.id), row.sealed)), row.id, row.sealed).changes;
      }
    }
    return moved;
  }).immediate();
}

/// Re-encrypts every record of an older key under the current one, `batchSize` records per
/// transaction, calling `progress({ done, total })` after each batch. Returns { done, total }.
function reencryptAll(db, ring, { batchSize, progress = () => {} }) {
  const total = pendingCount(db, ring);
  let done = 0;
  for (;;) {
    const moved = reencryptBatch(db, ring, batchSize);
    if (moved === 0) break;
    done += moved;
    progress({ done, total: Math.max(total, done) });
  }
  return { done, total: Math.max(total, done) };
}

/// Retires `keyId`: it is refused as a current key from then on and left out of the key ring.
/// KeyRotationError CURRENT_KEY for the current key, KEY_IN_USE while records still use it or
/// records sealed before key ids remain (any key may have sealed them); ALREADY_RETIRED.
function retireKey(db, ring, keyId, now) {
  return db.transaction(() => {
    if (keyId === ring.currentId) throw new KeyRotationError('CURRENT_KEY', `key ${keyId} is the current key: configure a new VAULT_ENCRYPTION_KEY and re-encrypt first`);
    if (db.prepare('select 1 from retired_keys where key_id = ?').get(keyId)) throw new KeyRotationError('ALREADY_RETIRED', `key ${keyId} is retired already`);
    const usage = keyUsage(db);
    const inUse = (usage[keyId] || 0) + (usage[LEGACY] || 0);
    if (inUse > 0) {
      throw new KeyRotationError('KEY_IN_USE', `key ${keyId} may still seal ${inUse} record(s) (${usage[keyId] || 0} under it, ${usage[LEGACY] || 0} from before key ids): run the re-encryption first`);
    }
    db.prepare('insert into retired_keys (key_id, retired_at) values (?, ?)').run(keyId, now.toISOString());
  }).immediate();
}

module.exports = { keyUsage, reencryptAll, retireKey, KeyRotationError, LEGACY };
