'use strict';
const crypto = require('node:crypto');
const { randomSecret } = require('../ids');

// A credential is "<kind>_<10-char prefix id>_<40-char secret>". The part before the second
// underscore is the public prefix: stored in clear, unique, shown in listings and used to find
// the record; the whole credential is stored only as a SHA-256 hash. Secrets carry 200 random
// bits, so a fast hash is enough (no password stretching is needed for random keys).
// Operator sessions (rcos) and invitations (rcoi) have the same shape but are never bearer
// credentials: parseCredential refuses them (operators/tokens.js reads them).
const KINDS = {
  apiKey: 'rcsk', publishableKey: 'rcpk', portalSession: 'rcps', invoiceLink: 'rcin', operatorSession: 'rcos', operatorInvitation: 'rcoi',
};

/// A new credential of `kind` (one of KINDS): { prefix, secret, hash }.
function newCredential(kind) {
  const prefix = `${kind}_${randomSecret(10).slice(0, 10)}`;
  const secret = `${prefix}_${randomSecret(40).slice(0, 40)}`;
  return { prefix, secret, hash: hashSecret(secret) };
}

function hashSecret(secret) {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}

/// Splits a presented credential into { kind, prefix } or returns null when it is malformed.
function parseCredential(text) {
  const match = /^(rcsk|rcpk|rcps|rcin)_([0-9a-z]{10})_([0-9a-z]{40})$/.exec(text || '');
  if (!match) return null;
  return { kind: match[1], prefix: `${match[1]}_${match[2]}` };
}

/// The public prefix of a credential of `kind` (any of KINDS, operator tokens too), or null when
/// `text` is not one.
function credentialPrefix(text, kind) {
  const match = /^([a-z]{4})_([0-9a-z]{10})_([0-9a-z]{40})$/.exec(typeof text === 'string' ? text : '');
  return match && match[1] === kind ? `${kind}_${match[2]}` : null;
}

/// Constant-time comparison of a presented credential with a stored hash.
function matchesHash(secret, storedHash) {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && crypto.timingSafeEqual(presented, stored);
}

module.exports = { KINDS, newCredential, parseCredential, credentialPrefix, matchesHash, hashSecret };
