'use strict';
const crypto = require('node:crypto');

// A secret an order makes for someone to collect later (the access key an activation
// issues) is kept sealed: AES-256-GCM under a key derived from the server's signing key, and
// erased once revealed.

/// Seals `object` (JSON) into text "v1.<iv>.<tag>.<ciphertext>" (base64url parts).
function seal(sealingKey, object) {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', sealingKey, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(object), 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/// Opens what seal() made; throws when it was tampered with or sealed under another key.
function unseal(sealingKey, text) {
  const [version, iv, tag, data] = text.split('.');
  if (version !== 'v1') throw new Error(`unknown sealed format ${version}`);
  const decipher = crypto.createDecipheriv('aes-256-gcm', sealingKey, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8'));
}

module.exports = { seal, unseal };
