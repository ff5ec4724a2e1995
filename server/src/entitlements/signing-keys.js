'use strict';
const crypto = require('node:crypto');
const { toInstant } = require('../time');

// The Ed25519 key pair that signs entitlement snapshots and Ratecard's requests to provisioned
// services. It lives in the database, so every server process on it signs with the same key
// and a customer's service verifies with one public key (GET /v1/entitlements/signing_keys).
// The first process to need it creates it; the others read it.

const PRIMARY_KEY_ID = 'sk_primary';
const byDb = new WeakMap();

/// The signing key: { kid, algorithm, publicKeyPem, createdAt, sign(text) -> base64url }.
async function signingKey(db, now = new Date()) {
  let pending = byDb.get(db);
  if (!pending) {
    pending = loadOrCreate(db, now).catch((error) => {
      byDb.delete(db);
      throw error;
    });
    byDb.set(db, pending);
  }
  return pending;
}

async function loadOrCreate(db, now) {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  await db.insertInto('signing_keys').values({
    id: PRIMARY_KEY_ID, algorithm: 'Ed25519',
    public_key: publicKey.export({ type: 'spki', format: 'pem' }),
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    created_at: toInstant(now),
  }).onConflict((conflict) => conflict.column('id').doNothing()).execute();
  const row = await db.selectFrom('signing_keys').selectAll().where('id', '=', PRIMARY_KEY_ID).executeTakeFirstOrThrow();
  const key = crypto.createPrivateKey(row.private_key);
  return {
    kid: keyId(row.public_key),
    algorithm: row.algorithm,
    publicKeyPem: row.public_key,
    createdAt: row.created_at,
    sign: (text) => crypto.sign(null, Buffer.from(text, 'utf8'), key).toString('base64url'),
  };
}

/// A public key's id: the first 16 hex digits of the SHA-256 of its PEM text.
function keyId(publicKeyPem) {
  return crypto.createHash('sha256').update(publicKeyPem, 'utf8').digest('hex').slice(0, 16);
}

/// The API object of the public half (never the private key).
function presentSigningKey(key) {
  return { object: 'signing_key', kid: key.kid, algorithm: key.algorithm, public_key: key.publicKeyPem, created_at: key.createdAt };
}

module.exports = { signingKey, presentSigningKey, keyId };
