'use strict';
// Verifies that a request comes from the Ratecard server: the header
//   Ratecard-Signature: t=<unix seconds>,kid=<key id>,sig=<base64url Ed25519 signature>
// signs "<t>.<METHOD>.<path with query>.<sha256 hex of the body>" with the key Ratecard
// publishes at GET /v1/entitlements/signing_keys. Requests older than 5 minutes are refused,
// so a captured request cannot be replayed later.

const crypto = require('node:crypto');

const MAX_AGE_SECONDS = 300;

/** A verifier that fetches Ratecard's public keys (again when it meets an unknown key id). */
function createSignatureVerifier({ ratecardUrl, apiKey }) {
  let keys = {};

  async function loadKeys() {
    const response = await fetch(`${ratecardUrl}/v1/entitlements/signing_keys`, { headers: { authorization: `Bearer ${apiKey}` } });
    if (!response.ok) throw new Error(`Ratecard answered ${response.status} for its signing keys`);
    keys = Object.fromEntries((await response.json()).data.map((key) => [key.kid, key.public_key]));
  }

  /** Resolves to null when the request is Ratecard's, else to the reason it is refused. */
  return async function verify(method, pathWithQuery, header, body) {
    const parts = Object.fromEntries(String(header || '').split(',').map((part) => part.split('=', 2)));
    if (!parts.t || !parts.kid || !parts.sig) return 'missing or malformed Ratecard-Signature';
    if (Math.abs(Date.now() / 1000 - Number(parts.t)) > MAX_AGE_SECONDS) return 'the signature is too old';
    if (!keys[parts.kid]) await loadKeys();
    const pem = keys[parts.kid];
    if (!pem) return `unknown key ${parts.kid}`;
    const digest = crypto.createHash('sha256').update(body, 'utf8').digest('hex');
    const text = `${parts.t}.${method}.${pathWithQuery}.${digest}`;
    return crypto.verify(null, Buffer.from(text, 'utf8'), pem, Buffer.from(parts.sig, 'base64url')) ? null : 'the signature does not verify';
  };
}

module.exports = { createSignatureVerifier };
