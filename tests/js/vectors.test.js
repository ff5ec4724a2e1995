'use strict';
// Golden vectors through the JavaScript package in Node: every vector of tests/vectors/*.json
// through the native addon and through WebAssembly, synchronously and asynchronously, must
// give the bytes of its response (the same check GoogleTest makes natively and the browser
// suite makes in Chromium).

const { createRatecard } = require('../..');
const { canonicalJson, requestTextOf, runVector } = require('./vector-runner.js');
const { loadVectorFiles } = require('./support/vector-files.js');

const files = loadVectorFiles();

// An empty file (or one that is not a list) would run nothing and pass.
test('every vector file holds a list of vectors', () => {
  expect(files.length).toBeGreaterThan(0);
  const empty = files.filter(({ vectors }) => !Array.isArray(vectors) || vectors.length === 0).map(({ file }) => file);
  expect(empty).toEqual([]);
});

describe.each(['native', 'wasm'])('through the %s backend', (backend) => {
  let rc;
  beforeAll(async () => {
    rc = await createRatecard({ backend });
    expect(rc.backend).toBe(backend);
  });

  describe.each(files)('$file', ({ vectors }) => {
    test.each(vectors)('$name', (vector) => {
      const { request, expected, actual } = runVector(rc.evaluateJson, vector);
      expect({ request, response: actual }).toEqual({ request, response: expected });
    });

    test('evaluateJsonAsync gives the same bytes, all vectors at once', async () => {
      const requests = vectors.map(requestTextOf);
      const answers = await Promise.all(requests.map((request) => rc.evaluateJsonAsync(request)));
      requests.forEach((request, index) => {
        const expected = canonicalJson(vectors[index].response);
        expect({ request, response: answers[index] }).toEqual({ request, response: expected });
      });
    });
  });
});
