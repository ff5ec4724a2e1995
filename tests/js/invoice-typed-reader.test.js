'use strict';
// The `invoice` op reads a request's text into typed shapes (core/src/invoicing/
// invoice_request_text.cpp) and falls back to the DOM for text the shapes do not take; a
// request inside a batch is always read from the DOM. Both must answer every request with the
// same bytes: the invoice vectors, and seeded mutations of them and of the benchmark's 20-line
// invoice (members removed, nulled, retyped, added, named twice, nested too deep), valid or not.
//
//   RATECARD_INVOICE_MUTATION_SEED=7 RATECARD_INVOICE_MUTATIONS=20000 npx jest tests/js/invoice-typed-reader.test.js

const path = require('node:path');
const { createRatecard } = require('../..');
const { mulberry32 } = require('./support/random-price-requests.js');

const SEED = Number(process.env.RATECARD_INVOICE_MUTATION_SEED ?? 20261207);
const COUNT = Number(process.env.RATECARD_INVOICE_MUTATIONS ?? 3000);
const VECTORS = require(path.join(__dirname, '..', 'vectors', 'invoice.json'));
const BENCH = require(path.join(__dirname, '..', '..', 'benchmarks', 'requests.json'));

// Deeper than the core's nesting limit (kMaxRequestDepth, 64) wherever it is put.
const TOO_DEEP = JSON.parse(`${'['.repeat(70)}1${']'.repeat(70)}`);
const REPLACEMENTS = [null, 0, 7, -1, 1.5, '', 'x', '12.5', true, false, {}, [], [1], { a: 1 }, [{}]];

// Every place in a value: [parent, key] for each object member and array element.
function places(value, found = []) {
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      found.push([value, Array.isArray(value) ? Number(key) : key]);
      places(value[key], found);
    }
  }
  return found;
}

// One seeded change to a copy of `request`, as JSON text.
function mutate(request, random) {
  const pick = (items) => items[Math.floor(random() * items.length)];
  const copy = structuredClone(request);
  const [parent, key] = pick(places(copy));
  const kind = Math.floor(random() * 6);
  if (kind === 0 && !Array.isArray(parent)) delete parent[key];
  else if (kind === 1) parent[key] = pick(REPLACEMENTS);
  else if (kind === 2 && !Array.isArray(parent)) parent[`${key}_extra`] = 1;
  else if (kind === 3) parent[key] = TOO_DEEP;
  else if (kind === 4 && typeof parent[key] === 'string' && /^[0-9]/.test(parent[key])) parent[key] = `${parent[key]}9`;
  else if (!Array.isArray(parent)) {
    // The member named twice: the second time with another value.
    const text = JSON.stringify(copy);
    const member = `${JSON.stringify(key)}:`;
    const at = text.indexOf(member);
    if (at >= 0) return `${text.slice(0, at)}${member}"twice",${text.slice(at)}`;
  }
  return JSON.stringify(copy);
}

// The response a request gets inside a batch (the DOM reader), as the text it gets alone. Text
// the parser refuses (a member named twice, nesting too deep) fails the whole batch: then the
// batch's error, with its path relative to the element.
function answerInBatch(rc, text) {
  const batch = rc.evaluateJson(`{"op":"batch","requests":[${text}]}`);
  const prefix = '{"ok":true,"result":{"responses":[';
  if (!batch.startsWith(prefix)) return batch.replace('"path":"/requests/0', '"path":"');
  return batch.slice(prefix.length, -3);
}

describe('the invoice read from its text answers as the invoice read from a DOM', () => {
  let rc;
  beforeAll(async () => {
    rc = await createRatecard({ backend: 'native' });
  });

  const invoiceVectors = VECTORS.filter((vector) => vector.request.op === 'invoice');
  const bench = BENCH.find((entry) => entry.name === 'invoice_20').request;

  test('every invoice vector', () => {
    expect(invoiceVectors.length).toBeGreaterThan(40);
    for (const { request } of invoiceVectors) {
      const text = JSON.stringify(request);
      expect(rc.evaluateJson(text)).toBe(answerInBatch(rc, text));
    }
  });

  test(`${COUNT} seeded mutations of the vectors and of the 20-line invoice`, () => {
    const random = mulberry32(SEED);
    const sources = [bench, ...invoiceVectors.map((vector) => vector.request)];
    const outcomes = { ok: 0, error: 0 };
    for (let i = 0; i < COUNT; i += 1) {
      const text = mutate(sources[Math.floor(random() * sources.length)], random);
      const alone = rc.evaluateJson(text);
      const inBatch = answerInBatch(rc, text);
      if (alone !== inBatch) throw new Error(`request ${text}\nalone    ${alone}\nin batch ${inBatch}`);
      outcomes[alone.startsWith('{"ok":true') ? 'ok' : 'error'] += 1;
    }
    // Both kinds of answer are exercised.
    expect(outcomes.ok).toBeGreaterThan(COUNT / 20);
    expect(outcomes.error).toBeGreaterThan(COUNT / 4);
  });
});
