'use strict';
const crypto = require('node:crypto');

// Lower-case Crockford base32: digits before letters, so text order is the same under any
// collation PostgreSQL may be set up with.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
// Random bytes for ids, drawn from the system a few kilobytes at a time (a call per id was a
// visible share of a request's time); each byte is used once.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;
// The last id's time, its text, and its random part: ids of the same millisecond count up
// from it, and the time is written once per millisecond.
let lastTime = 0;
let lastTimeText = '';
let lastRandom = '';

/// A new identifier "<prefix>_<10 time chars><16 random chars>": unique, and increasing within
/// one process, so cursor pagination by id lists objects in creation order.
function newId(prefix) {
  const time = Date.now();
  if (time === lastTime && lastRandom) {
    lastRandom = increment(lastRandom);
  } else {
    lastRandom = randomChars(16);
    lastTimeText = encodeTime(time);
    lastTime = time;
  }
  return `${prefix}_${lastTimeText}${lastRandom}`;
}

function randomChars(count) {
  if (poolOffset + count > pool.length) {
    pool = crypto.randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  let text = '';
  for (let i = poolOffset; i < poolOffset + count; i += 1) text += ALPHABET[pool[i] & 31];
  poolOffset += count;
  return text;
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

// The next text in base32 order, of the same length (all "z" wraps to all "0").
function increment(text) {
  for (let i = text.length - 1; i >= 0; i -= 1) {
    const index = ALPHABET.indexOf(text[i]);
    if (index < 31) return text.slice(0, i) + ALPHABET[index + 1] + ALPHABET[0].repeat(text.length - 1 - i);
  }
  return ALPHABET[0].repeat(text.length);
}

/// A random secret of `bytes` bytes, base32-encoded without padding.
function randomSecret(bytes = 24) {
  return Array.from(crypto.randomBytes(bytes), (byte) => ALPHABET[byte & 31]).join('');
}

module.exports = { newId, randomSecret };
