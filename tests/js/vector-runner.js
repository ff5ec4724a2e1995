// Runs golden vectors (tests/vectors/*.json) through any evaluateJson function and compares
// the answer byte for byte with the canonical text of the vector's "response". The same file
// runs in Node (required by Jest) and in Chromium (a classic <script> on the browser test page,
// where it defines globalThis.ratecardVectorRunner), so every runtime is judged by one piece
// of code.
(function defineVectorRunner(root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.ratecardVectorRunner = factory();
})(typeof globalThis === 'object' ? globalThis : this, function vectorRunner() {
  'use strict';

  // Orders strings as the core does (by UTF-8 bytes, i.e. by code point). UTF-16 code unit
  // order agrees except that surrogates (characters above U+FFFF) must sort after U+E000..U+FFFF.
  function codePointOrderKey(unit) {
    if (unit >= 0xe000) return unit - 0x800;
    if (unit >= 0xd800) return unit + 0x2000;
    return unit;
  }

  function compareByCodePoint(a, b) {
    const length = Math.min(a.length, b.length);
    for (let i = 0; i < length; i += 1) {
      const x = a.charCodeAt(i);
      const y = b.charCodeAt(i);
      if (x !== y) return codePointOrderKey(x) - codePointOrderKey(y);
    }
    return a.length - b.length;
  }

  /**
   * The canonical text of a parsed JSON value, as the core writes it: compact, object keys
   * sorted by code point. (Numbers in responses are integers well inside 2^53.)
   */
  function canonicalJson(value) {
    if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
    if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value).sort(compareByCodePoint);
      return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
    }
    return JSON.stringify(value);
  }

  /** What a vector sends: its "request_text" verbatim, otherwise JSON.stringify(request). */
  function requestTextOf(vector) {
    return typeof vector.request_text === 'string' ? vector.request_text : JSON.stringify(vector.request);
  }

  /** Runs one vector: {name, request, expected, actual, pass}. */
  function runVector(evaluateJson, vector) {
    const request = requestTextOf(vector);
    const expected = canonicalJson(vector.response);
    const actual = evaluateJson(request);
    return { name: vector.name, request, expected, actual, pass: actual === expected };
  }

  /** Runs every vector of [{file, vectors}]: one result per vector, with its file. */
  function runVectorFiles(evaluateJson, files) {
    const results = [];
    for (const { file, vectors } of files) {
      for (const vector of vectors) results.push({ file, ...runVector(evaluateJson, vector) });
    }
    return results;
  }

  return { canonicalJson, requestTextOf, runVector, runVectorFiles };
});
