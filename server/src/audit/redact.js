'use strict';
const { cardDataIn, looksLikeCardNumber } = require('../http/card-data');

// What the audit log keeps of an object or a request is redacted first: it never holds a
// credential, a secret or card data, even should a presenter or a client put one there.

/// Field names whose values are never kept (compared in lower case): secrets, tokens, keys,
/// passwords and sealed values, alone or as the last word ("vault_token", "access_key"), and
/// their hashes ("secret_hash"; a content hash is kept).
const SECRET_NAME = /(^|_)(secrets?|tokens?|passwords?|passphrase|key|sealed|authorization|cookie)(_hash)?$/;
/// Credentials in text: API, publishable and portal keys and operator sessions and invitations keep their public prefix; webhook
/// secrets only their kind.
const CREDENTIAL_TEXT = /\b(rc(?:sk|pk|ps|os|oi)_[0-9a-z]{10})_[0-9A-Za-z]+|\bwhsec_[0-9A-Za-z+/=]+/g;
const REDACTED = '[redacted]';
/// Deeper than this, an object is cut off rather than walked.
const MAX_DEPTH = 16;

/// `text` with every credential censored and, when it looks like a card number, replaced.
function redactText(text) {
  const censored = text.replace(CREDENTIAL_TEXT, (found, prefix) => (prefix ? `${prefix}_${REDACTED}` : `whsec_${REDACTED}`));
  return looksLikeCardNumber(censored) ? REDACTED : censored;
}

/// Whether a field of this name (with this value) is never kept.
function isSecretField(name, value) {
  return SECRET_NAME.test(name.toLowerCase()) || cardDataIn(name, value) !== null;
}

/// A copy of a JSON value with secret fields and credential or card-number text redacted.
function redactValue(value, depth = 0) {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const copy = {};
  for (const [name, item] of Object.entries(value)) {
    copy[name] = isSecretField(name, item) && item !== null ? REDACTED : redactValue(item, depth + 1);
  }
  return copy;
}

module.exports = { redactValue, redactText, REDACTED };
