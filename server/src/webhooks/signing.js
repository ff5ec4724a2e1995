'use strict';
const crypto = require('node:crypto');

const SECRET_PREFIX = 'whsec_';
/// Random bytes in a new signing secret (the specification asks for 24 to 64).
const SECRET_BYTES = 32;

/// A new signing secret: "whsec_" and the base64 of 32 random bytes.
function generateSecret() {
  return SECRET_PREFIX + crypto.randomBytes(SECRET_BYTES).toString('base64');
}

/// The Standard Webhooks signature of one message: "v1," and the base64 HMAC-SHA256, keyed with
/// the base64-decoded secret, of "<webhook-id>.<webhook-timestamp>.<body>".
function sign(secret, id, timestamp, body) {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  const hmac = crypto.createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return `v1,${hmac}`;
}

/// The headers that sign `body` (a string or Buffer) with every secret in `secrets` (during a
/// rotation's overlap, the new and the old one): webhook-id, webhook-timestamp (Unix seconds)
/// and webhook-signature (the signatures, space-separated).
function signatureHeaders(secrets, id, timestamp, body) {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((secret) => sign(secret, id, timestamp, body)).join(' '),
  };
}

module.exports = { generateSecret, sign, signatureHeaders };
