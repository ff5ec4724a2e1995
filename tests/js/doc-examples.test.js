'use strict';
// The request/response examples of docs/core-api.md run through the core (the native addon)
// and compared with what the document says they answer: a whole documented response byte for
// byte, one with "..." for the parts it shows, a fragment ("lines":[...]) as part of the
// result, and a request shown alone must be one the core accepts. tests/types/examples.ts
// type-checks copies of some of them; this runs the document's own text.

const path = require('node:path');
const { createRatecard } = require('../..');
const { canonicalJson } = require('./vector-runner.js');
const { docExamples, documentedPartMismatch } = require('./support/doc-examples.js');

const CORE_API = path.join(__dirname, '..', '..', 'docs', 'core-api.md');
const examples = docExamples(CORE_API);
const ofKind = (kind) => examples.filter((example) => example.answer.kind === kind).map((example) => [example.line, example]);

let rc;
beforeAll(async () => {
  rc = await createRatecard({ backend: 'native' });
});

const answerTo = (request) => rc.evaluateJson(JSON.stringify(request));

test('docs/core-api.md has request examples with their answers', () => {
  expect(examples.length).toBeGreaterThanOrEqual(20);
  expect(ofKind('exact').length).toBeGreaterThanOrEqual(14);
});

test.each(ofKind('exact'))('the request at line %i answers its documented response byte for byte', (_, example) => {
  expect(answerTo(example.request)).toBe(canonicalJson(example.answer.value));
});

test.each(ofKind('elided'))('the request at line %i answers what its elided response shows', (_, example) => {
  const actual = JSON.parse(answerTo(example.request));
  expect({ differsAt: documentedPartMismatch(example.answer.value, actual), actual })
    .toEqual({ differsAt: null, actual });
});

test.each(ofKind('fragment'))('the request at line %i answers a result with its documented members', (_, example) => {
  const actual = JSON.parse(answerTo(example.request));
  expect(actual.ok).toBe(true);
  expect({ differsAt: documentedPartMismatch(example.answer.value, actual.result), result: actual.result })
    .toEqual({ differsAt: null, result: actual.result });
});

test.each(ofKind('none'))('the request at line %i is accepted', (_, example) => {
  const answer = JSON.parse(answerTo(example.request));
  expect(answer).toEqual({ ok: true, result: expect.any(Object) });
});

// The comparison itself: a documented part that differs from the answer is found.
test('a documented part that differs is reported with its path', () => {
  const actual = { ok: true, result: { lines: [{ a: '1' }, { a: '2' }, { a: '3' }], total: '6' } };
  expect(documentedPartMismatch({ ok: true, result: { lines: [{ a: '1' }, { a: '3' }] } }, actual)).toBeNull();
  expect(documentedPartMismatch({ ok: true, result: { lines: [{ a: '3' }, { a: '1' }] } }, actual)).toBe('/result/lines/1');
  expect(documentedPartMismatch({ ok: true, result: { total: '7' } }, actual)).toBe('/result/total');
  expect(documentedPartMismatch({ ok: true, result: { missing: null } }, actual)).toBe('/result/missing');
});
