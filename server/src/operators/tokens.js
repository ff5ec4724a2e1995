'use strict';
const crypto = require('node:crypto');
const { hashSecret } = require('../auth/credentials');

/// The CSRF token of a session: derived from the session's secret token (a keyed hash), so it is
/// stored nowhere, changes with every session, and cannot be computed without the cookie.
function csrfTokenOf(sessionToken) {
  return crypto.createHmac('sha256', sessionToken).update('ratecard operator csrf').digest('hex');
}

/// Constant-time comparison of two texts (false when either is missing).
function sameText(presented, expected) {
  if (typeof presented !== 'string' || typeof expected !== 'string') return false;
  const a = Buffer.from(hashSecret(presented), 'hex');
  const b = Buffer.from(hashSecret(expected), 'hex');
  return crypto.timingSafeEqual(a, b);
}

module.exports = { csrfTokenOf, sameText };
