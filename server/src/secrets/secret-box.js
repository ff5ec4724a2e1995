'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const KEY_FILE = 'encryption-key';
const FORMAT = 'v1';
const keyRings = new WeakMap();

/// Encrypts a secret for storage with AES-256-GCM under the server's encryption key.
/// `context` (e.g. "webhook_endpoint:we_...") is authenticated with it: a sealed value copied to
/// another row does not open there. Returns "v1.<key id>.<iv>.<ciphertext>.<tag>" (base64url).
function sealSecret(config, plaintext, context) {
  const { current } = keyRing(config);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', current.key, iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT, current.id, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/// Decrypts what sealSecret stored, with whichever configured key sealed it (the current key
/// or one of RATECARD_ENCRYPTION_OLD_KEYS). Throws when no key opens it.
function openSecret(config, sealed, context) {
  const [format, keyId, iv, ciphertext, tag] = String(sealed).split('.');
  if (format !== FORMAT) throw new Error('not a sealed secret');
  const entry = keyRing(config).byId.get(keyId);
  if (!entry) throw new Error(`the secret was sealed with encryption key ${keyId}, which is not configured (RATECARD_ENCRYPTION_KEY, RATECARD_ENCRYPTION_OLD_KEYS)`);
  const decipher = crypto.createDecipheriv('aes-256-gcm', entry.key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

/// The keys of `config`: `encryptionKey` (base64 of 32 bytes) or, when unset, the key in
/// `<dataDir>/encryption-key`, created (mode 0600) the first time; and `encryptionOldKeys`
/// (keys replaced by a rotation, still able to open what they sealed).
function keyRing(config) {
  let ring = keyRings.get(config);
  if (ring) return ring;
  const current = keyEntry(config.encryptionKey || keyFromFile(config.dataDir), 'RATECARD_ENCRYPTION_KEY');
  const old = (config.encryptionOldKeys || []).map((text) => keyEntry(text, 'RATECARD_ENCRYPTION_OLD_KEYS'));
  ring = { current, byId: new Map([...old, current].map((entry) => [entry.id, entry])) };
  keyRings.set(config, ring);
  return ring;
}

function keyEntry(text, name) {
  const key = Buffer.from(String(text).trim(), 'base64');
  if (key.length !== 32) throw new Error(`${name} must be the base64 of 32 bytes (openssl rand -base64 32)`);
  return { key, id: crypto.createHash('sha256').update(key).digest('hex').slice(0, 8) };
}

// Reads the development key file, creating it when missing: written whole to a temporary file,
// then linked into place, which fails if another process got there first (both then read the
// first one's key).
function keyFromFile(dataDir) {
  const file = path.join(dataDir, KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(temporary, `${crypto.randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    try {
      fs.linkSync(temporary, file);
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    } finally {
      fs.unlinkSync(temporary);
    }
  }
  return fs.readFileSync(file, 'utf8');
}

module.exports = { sealSecret, openSecret };
