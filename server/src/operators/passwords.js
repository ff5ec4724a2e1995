'use strict';
const { hash, verify, Algorithm } = require('@node-rs/argon2');
const { ApiError } = require('../http/errors');

/// Passwords shorter than this are refused; longer than the maximum too (hashing cost).
const PASSWORD_LENGTH = { min: 12, max: 200 };

// argon2id with the library's defaults (19 MiB, 2 passes, 1 lane: OWASP's minimum).
const OPTIONS = { algorithm: Algorithm.Argon2id };

/// A password's argon2id hash (PHC string, with its own salt). INVALID_ARGUMENT at `path` when
/// the password is too short or too long.
async function hashPassword(password, path = '/password') {
  checkPassword(password, path);
  return hash(password, OPTIONS);
}

/// Whether `password` matches the stored hash; a missing hash (an invitation not yet accepted)
/// matches nothing, after the same work, so the answer's timing tells nothing.
async function verifyPassword(storedHash, password) {
  if (!storedHash) {
    await hash(password, OPTIONS);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

function checkPassword(password, path) {
  if (typeof password !== 'string' || password.length < PASSWORD_LENGTH.min) {
    throw new ApiError('INVALID_ARGUMENT', `must be at least ${PASSWORD_LENGTH.min} characters`, path);
  }
  if (password.length > PASSWORD_LENGTH.max) {
    throw new ApiError('INVALID_ARGUMENT', `must be at most ${PASSWORD_LENGTH.max} characters`, path);
  }
}

module.exports = { hashPassword, verifyPassword, PASSWORD_LENGTH };
