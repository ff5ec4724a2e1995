'use strict';
const crypto = require('node:crypto');
const { hashSecret } = require('../auth/credentials');

/// Splits an operator session token or invitation token ("rcos_..." or "rcoi_...", made by
/// auth/credentials.js newCredential) into { prefix }, or null when it is not one of `kind`.
function parseOperatorToken(text, kind) {
  const match = /^(rcos|rcoi)_([0-9a-z]{10})_([0-9a-z]{40})$/.exec(typeof text === 'string' ? text : '');
  if (!match || match[1] !== kind) return null;
  return { prefix: `${match[1]}_${match[2]}` };
}

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

module.exports = { parseOperatorToken, csrfTokenOf, sameText };
