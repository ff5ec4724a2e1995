'use strict';
// Verifying Ratecard's webhooks in a receiver (Node): Standard Webhooks signatures.

const crypto = require('node:crypto');

const SECRET_PREFIX = 'whsec_';
const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

/** A webhook that failed verification; `code` says why. */
class WebhookVerificationError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'WebhookVerificationError';
    this.code = code;
  }
}

/**
 * Verifies a webhook from Ratecard and returns its parsed body (the event).
 *
 * `secret` is the endpoint's signing secret (`whsec_...`); `headers` the request's headers (a
 * plain object in any case, Node's `request.headers`, or a fetch `Headers`); `body` the raw body
 * exactly as received (string, Buffer or Uint8Array: not the parsed JSON, whose bytes may
 * differ). Throws a WebhookVerificationError when a header is missing
 * (`WEBHOOK_MISSING_HEADER`), the timestamp is not a Unix time (`WEBHOOK_INVALID_TIMESTAMP`) or
 * is more than `tolerance` seconds (default 300) from now (`WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE`),
 * no signature is of a version this library knows (`WEBHOOK_UNKNOWN_VERSION`), no `v1` signature
 * matches (`WEBHOOK_INVALID_SIGNATURE`, compared in constant time), or the body is not JSON
 * (`WEBHOOK_INVALID_PAYLOAD`). Duplicates are the receiver's to drop: the `webhook-id` header
 * (the event's id) stays the same on every retry.
 */
function verifyWebhook(secret, headers, body, { tolerance = DEFAULT_TOLERANCE_SECONDS } = {}) {
  const id = header(headers, 'webhook-id');
  const timestampText = header(headers, 'webhook-timestamp');
  const signatureText = header(headers, 'webhook-signature');
  if (typeof body === 'object' && body !== null && !(body instanceof Uint8Array)) {
    throw new TypeError('verifyWebhook needs the raw body (a string or bytes), not the parsed JSON');
  }
  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);

  if (!/^[0-9]{1,15}$/.test(timestampText)) {
    throw new WebhookVerificationError('WEBHOOK_INVALID_TIMESTAMP', `webhook-timestamp "${timestampText}" is not a Unix time in seconds`);
  }
  const now = Math.floor(Date.now() / 1000);
  const timestamp = Number(timestampText);
  if (Math.abs(now - timestamp) > tolerance) {
    throw new WebhookVerificationError('WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE',
      `webhook-timestamp is ${timestamp - now} s from now, beyond the tolerance of ${tolerance} s`);
  }

  const candidates = signatureText.split(' ').filter(Boolean).map((entry) => entry.split(','));
  const v1 = candidates.filter(([version, value]) => version === 'v1' && value !== undefined).map(([, value]) => value);
  if (!v1.length) throw new WebhookVerificationError('WEBHOOK_UNKNOWN_VERSION', 'webhook-signature has no v1 signature');

  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  const expected = crypto.createHmac('sha256', key).update(`${id}.${timestampText}.`).update(raw).digest();
  const matches = v1.some((value) => {
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookVerificationError('WEBHOOK_INVALID_SIGNATURE', 'no signature matches the secret');

  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new WebhookVerificationError('WEBHOOK_INVALID_PAYLOAD', 'the body is not JSON');
  }
}

// A header's value from any of the usual header containers; throws when it is missing.
function header(headers, name) {
  let value;
  if (headers && typeof headers.get === 'function') value = headers.get(name);
  else if (headers) {
    const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
    value = key === undefined ? undefined : headers[key];
  }
  if (Array.isArray(value)) [value] = value;
  if (typeof value !== 'string' || value === '') {
    throw new WebhookVerificationError('WEBHOOK_MISSING_HEADER', `the ${name} header is missing`);
  }
  return value;
}

module.exports = { verifyWebhook, WebhookVerificationError };
