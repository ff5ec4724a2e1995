'use strict';
const crypto = require('node:crypto');
const { signingKey } = require('../entitlements/signing-keys');

const TIMEOUT_MS = 5000;

/// A failure worth retrying: the service is down, timed out or answered 5xx or 429.
class TransientTargetError extends Error {}
/// A refusal that retrying will not change: the service answered 4xx.
class PermanentTargetError extends Error {}

/// The text a request's signature covers: "<unix seconds>.<METHOD>.<path>.<sha256 of body>".
function signedText(timestamp, method, path, body) {
  return `${timestamp}.${method}.${path}.${crypto.createHash('sha256').update(body, 'utf8').digest('hex')}`;
}

/// Sends one signed request to a target: the header
/// `Ratecard-Signature: t=<unix seconds>,kid=<key id>,sig=<base64url Ed25519 signature>`
/// proves it comes from this Ratecard (the service verifies with the public key of
/// GET /v1/entitlements/signing_keys). Returns { status, body } for 2xx; throws
/// TransientTargetError or PermanentTargetError otherwise.
async function callTarget(services, target, { method, path, body }) {
  const key = await signingKey(services.db);
  const text = body === undefined ? '' : JSON.stringify(body);
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    'ratecard-signature': `t=${timestamp},kid=${key.kid},sig=${key.sign(signedText(timestamp, method, path, text))}`,
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(`${target.base_url}${path}`, { method, headers, body: body === undefined ? undefined : text, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new TransientTargetError(`${target.name} did not answer ${method} ${path}: ${error.cause?.code || error.message}`);
  }
  const raw = await response.text();
  let parsed = raw;
  try {
    parsed = raw ? JSON.parse(raw) : null;
  } catch {
    // keep the text
  }
  if (response.ok) return { status: response.status, body: parsed };
  const why = `${target.name} answered ${response.status} to ${method} ${path}: ${typeof parsed === 'object' && parsed?.error ? parsed.error.message || parsed.error.code : raw.slice(0, 200)}`;
  if (response.status >= 500 || response.status === 429) throw new TransientTargetError(why);
  throw new PermanentTargetError(why);
}

module.exports = { callTarget, signedText, TransientTargetError, PermanentTargetError };
