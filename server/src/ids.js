'use strict';
const crypto = require('node:crypto');

// Lower-case Crockford base32: digits before letters, so text order is the same under any
// collation PostgreSQL may be set up with.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
let lastTime = 0;
let lastRandom = null;
// Random bytes for ids, drawn from the system a few kilobytes at a time (a call per id was a
// visible share of a request's time); each byte is used once.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/// A new identifier "<prefix>_<10 time chars><16 random chars>": unique, and increasing within
/// one process, so cursor pagination by id lists objects in creation order.
function newId(prefix) {
  const time = Date.now();
  let random;
  if (time === lastTime && lastRandom) {
    random = increment(lastRandom);
  } else {
    random = Array.from(pooledRandomBytes(16), (byte) => ALPHABET[byte & 31]);
  }
  lastTime = time;
  lastRandom = random;
  return `${prefix}_${encodeTime(time)}${random.join('')}`;
}

function pooledRandomBytes(count) {
  if (poolOffset + count > pool.length) {
    pool = crypto.randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  poolOffset += count;
  return pool.subarray(poolOffset - count, poolOffset);
}

function encodeTime(time) {
  let text = '';
  let rest = time;
  for (let i = 0; i < 10; i += 1) {
    text = ALPHABET[rest % 32] + text;
    rest = Math.floor(rest / 32);
  }
  return text;
}

function increment(chars) {
  const next = chars.slice();
  for (let i = next.length - 1; i >= 0; i -= 1) {
    const index = ALPHABET.indexOf(next[i]);
    if (index < 31) {
      next[i] = ALPHABET[index + 1];
      return next;
    }
    next[i] = ALPHABET[0];
  }
  return next;
}

/// A random secret of `bytes` bytes, base32-encoded without padding.
function randomSecret(bytes = 24) {
  return Array.from(crypto.randomBytes(bytes), (byte) => ALPHABET[byte & 31]).join('');
}

module.exports = { newId, randomSecret };
