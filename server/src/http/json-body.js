'use strict';
const { ApiError, escapePointer } = require('./errors');

/// How deeply objects and arrays may nest in a request body: the core's own limit (64 levels,
/// docs/core-api.md "Limits"), so every body the server accepts is one the core can read.
const MAX_JSON_DEPTH = 64;
/// The largest integer a JSON number may be: beyond it a JavaScript number is no longer exact.
const MAX_EXACT_INTEGER = 9007199254740991n;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/// Reads a JSON request body as strictly as the core reads its requests: well-formed UTF-8
/// and JSON, no object naming a member twice (INVALID_JSON, at the second one's path), at most
/// MAX_JSON_DEPTH levels of nesting (LIMIT_EXCEEDED), and no number a double would change: an
/// overflowing one is INVALID_JSON, an integer beyond 2^53 - 1 or a whole number written with
/// a fraction or an exponent (1.0, 1e3) INVALID_ARGUMENT, at its path.
function parseJsonBody(buffer) {
  let text;
  try {
    text = utf8.decode(buffer);
  } catch {
    throw new ApiError('INVALID_JSON', 'the request body is not valid UTF-8');
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError('INVALID_JSON', `the request body is not valid JSON: ${error.message.slice(0, 200)}`);
  }
  checkJsonText(text);
  return value;
}

// Walks the text of a document JSON.parse accepted, keeping a stack of open objects (their
// member names) and arrays (their index), to find what JSON.parse lets pass.
function checkJsonText(text) {
  const stack = [];
  const pathTo = (last) => stack.map((frame) => (frame.names ? escapePointer(frame.name) : String(frame.index)))
    .concat(last === undefined ? [] : [last]).map((token) => `/${token}`).join('');
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '{' || char === '[') {
      if (stack.length >= MAX_JSON_DEPTH) {
        throw new ApiError('LIMIT_EXCEEDED', `the request body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`);
      }
      stack.push(char === '{' ? { names: new Set(), name: null, expectName: true } : { index: 0 });
      i += 1;
    } else if (char === '}' || char === ']') {
      stack.pop();
      i += 1;
    } else if (char === ',') {
      const frame = stack[stack.length - 1];
      if (frame.names) frame.expectName = true;
      else frame.index += 1;
      i += 1;
    } else if (char === '"') {
      const end = stringEnd(text, i);
      const frame = stack[stack.length - 1];
      if (frame && frame.names && frame.expectName) {
        const raw = text.slice(i + 1, end);
        const name = raw.includes('\\') ? JSON.parse(text.slice(i, end + 1)) : raw;
        if (frame.names.has(name)) {
          frame.name = name;
          throw new ApiError('INVALID_JSON', `the member "${name.slice(0, 40)}" appears twice in this object`, pathTo());
        }
        frame.names.add(name);
        frame.name = name;
        frame.expectName = false;
      }
      i = end + 1;
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      const match = /-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
      match.lastIndex = i;
      const number = match.exec(text)[0];
      checkNumber(number, pathTo);
      i += number.length;
    } else {
      i += 1; // whitespace, ':', true, false, null
    }
  }
}

// JSON.parse reads every number as a double: refuse the numbers it would change, with the
// codes the core gives them. A fraction or an exponent that is not a whole number (9.99) is
// left to the schema and the core, which refuse it (money is a string, quantities and counts
// are integers); one that is (1.0, 1e3) would pass as an integer, so it is refused here.
function checkNumber(number, pathTo) {
  const value = Number(number);
  const quoted = number.length > 40 ? `${number.slice(0, 40)}...` : number;
  if (!Number.isFinite(value)) throw new ApiError('INVALID_JSON', `the number ${quoted} overflows`, pathTo());
  if (/[.eE]/.test(number)) {
    if (!Number.isInteger(value)) return;
    throw new ApiError('INVALID_ARGUMENT',
      `the JSON number ${quoted} has a fraction or an exponent, which is never exact; send an integer or a decimal string`, pathTo());
  }
  const magnitude = BigInt(number.startsWith('-') ? number.slice(1) : number);
  if (magnitude > MAX_EXACT_INTEGER) {
    throw new ApiError('INVALID_ARGUMENT',
      `the integer ${quoted} is beyond 2^53 - 1, the largest a JSON number keeps exactly here; send it as a decimal string`, pathTo());
  }
}

// The index of the quote that closes the string opening at `start`.
function stringEnd(text, start) {
  let i = start + 1;
  for (;;) {
    const next = text.indexOf('"', i);
    let backslashes = 0;
    for (let j = next - 1; text[j] === '\\'; j -= 1) backslashes += 1;
    if (backslashes % 2 === 0) return next;
    i = next + 1;
  }
}

/// Replaces Fastify's JSON body parser with parseJsonBody.
function registerJsonBodyParser(app) {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    if (body.length === 0) return done(new ApiError('INVALID_JSON', 'the request body is empty; send a JSON object, or no Content-Type'));
    try {
      done(null, parseJsonBody(body));
    } catch (error) {
      done(error);
    }
  });
}

module.exports = { registerJsonBodyParser, MAX_JSON_DEPTH };
