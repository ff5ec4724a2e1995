'use strict';
// The vault's encryption keys: the current one seals, every configured one opens. A sealed
// value names the key that sealed it ("v2.<key id>.<iv>.<ciphertext>.<tag>", base64url), so a
// rotation (docs/server.md, "Vault key rotation") can tell which records still need an old key.
// Values sealed before key ids existed ("v1.<iv>.<ciphertext>.<tag>") are opened by trying
// each configured key: AES-256-GCM's tag refuses every wrong one.
const crypto = require('node:crypto');

const FORMAT = 'v2';
const LEGACY_FORMAT = 'v1';

/// The id of a 32-byte key: the first 8 hex digits of its SHA-256 (never the key itself).
function keyIdOf(key) {
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/// Reads a key from its base64 text; `name` (the environment variable) is named when it is not 32 bytes.
function parseKey(text, name) {
  const key = Buffer.from(String(text || '').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${name} must be the base64 of 32 bytes (openssl rand -base64 32)`);
  return key;
}

/// The key ring of `current` and `old` (32-byte keys). `retired` (key ids) are keys a rotation
/// retired: left out of the ring, and refused as the current key.
function createKeyRing({ current, old = [], retired = [] }) {
  const currentId = keyIdOf(current);
  if (retired.includes(currentId)) throw new Error(`the current encryption key ${currentId} was retired; configure a new key`);
  const keys = new Map([...old.map((key) => [keyIdOf(key), key]).filter(([id]) => !retired.includes(id)), [currentId, current]]);

  /// Seals `text` under the current key, bound to `context` (authenticated, not encrypted).
  const seal = (context, text) => {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', current, iv);
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return [FORMAT, currentId, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  };
  const openWith = (key, context, iv, ciphertext, tag) => {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  };
  /// Opens what `seal` (or the format before key ids) sealed with `context`; throws when no configured key opens it.
  const open = (context, sealed) => {
    const parts = String(sealed).split('.');
    if (parts[0] === FORMAT && parts.length === 5) {
      const key = keys.get(parts[1]);
      if (!key) throw new Error(`sealed with encryption key ${parts[1]}, which is not configured (VAULT_ENCRYPTION_KEY, VAULT_ENCRYPTION_OLD_KEYS)`);
      return openWith(key, context, parts[2], parts[3], parts[4]);
    }
    if (parts[0] !== LEGACY_FORMAT || parts.length !== 4) throw new Error('unknown ciphertext format');
    const key = legacyKeyOpening(context, parts);
    if (!key) throw new Error('no configured encryption key opens this value (VAULT_ENCRYPTION_KEY, VAULT_ENCRYPTION_OLD_KEYS)');
    return openWith(key, context, parts[1], parts[2], parts[3]);
  };
  // The configured key whose tag check passes on the parts of a value sealed before key ids.
  const legacyKeyOpening = (context, parts) => [...keys.values()].find((key) => {
    try {
      openWith(key, context, parts[1], parts[2], parts[3]);
      return true;
    } catch {
      return false;
    }
  }) || null;
  /// The configured key that opens `sealed`, or null: what was derived from it is derived again.
  const keyOpening = (context, sealed) => {
    const parts = String(sealed).split('.');
    return parts[0] === FORMAT ? keys.get(parts[1]) || null : legacyKeyOpening(context, parts);
  };
  return { currentId, current, ids: () => [...keys.keys()], seal, open, keyOpening, prefix: `${FORMAT}.${currentId}.` };
}

module.exports = { createKeyRing, keyIdOf, parseKey };
