'use strict';
// Random parity: thousands of seeded random `price` requests, valid and invalid, must get the
// same bytes from the native addon, from WebAssembly and from the native CLI; a batch of
// requests must answer exactly what the requests answer one by one; and every valid request
// must get, byte for byte, what the decimal.js reference of the benchmarks computes
// independently of the core (amounts and tier lines), or OVERFLOW where that exact answer has a
// value beyond the 24 integer digits of the format.
//
//   RATECARD_RANDOM_SEED=123 RATECARD_RANDOM_COUNT=50000 npx jest tests/js/random-parity.test.js

const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { createRatecard } = require('../..');
const { randomPriceRequests, MODELS, ROUNDING_MODES } = require('./support/random-price-requests.js');
const { evaluatePriceJson } = require('../../benchmarks/reference/price-decimaljs.js');

const SEED = Number(process.env.RATECARD_RANDOM_SEED ?? 20261123);
const COUNT = Number(process.env.RATECARD_RANDOM_COUNT ?? 12000);
const CLI = path.join(__dirname, '..', '..', 'build', 'bin', 'ratecard');
const BATCH_SIZE = 1000;

// The first few requests whose two answers differ, with both answers.
function differences(requests, expected, actual, limit = 5) {
  const found = [];
  for (let i = 0; i < requests.length && found.length < limit; i += 1) {
    if (expected[i] !== actual[i]) found.push({ request: requests[i], expected: expected[i], actual: actual[i] });
  }
  return found;
}

// Where two long texts first differ, with some context; null when they are equal.
function firstDifference(expected, actual, context = 200) {
  if (expected === actual) return null;
  let at = 0;
  while (at < expected.length && expected[at] === actual[at]) at += 1;
  const around = (text) => text.slice(Math.max(0, at - context), at + context);
  return { at, expected: around(expected), actual: around(actual) };
}

// True when the reference's response text holds a decimal string with more than 24 integer digits.
function beyondTheFormat(responseText) {
  return /"-?\d{25,}(\.\d+)?"/.test(responseText);
}

describe(`${COUNT} random price requests (seed ${SEED})`, () => {
  const requests = randomPriceRequests(SEED, COUNT);
  const texts = requests.map((request) => request.text);
  let native;
  let wasm;
  let nativeAnswers;

  beforeAll(async () => {
    native = await createRatecard({ backend: 'native' });
    wasm = await createRatecard({ backend: 'wasm' });
    nativeAnswers = texts.map(native.evaluateJson);
  });

  test('the addon and WebAssembly give the same bytes', () => {
    const wasmAnswers = texts.map(wasm.evaluateJson);
    expect(differences(texts, nativeAnswers, wasmAnswers)).toEqual([]);
  });

  test('the native CLI gives the same bytes (one pipe, one request per line)', () => {
    const output = execFileSync(CLI, { input: `${texts.join('\n')}\n`, encoding: 'utf8', maxBuffer: 1 << 30 });
    const cliAnswers = output.split('\n').slice(0, -1);
    expect(cliAnswers).toHaveLength(texts.length);
    expect(differences(texts, nativeAnswers, cliAnswers)).toEqual([]);
  });

  test('the addon on a worker thread gives the same bytes', async () => {
    const asyncAnswers = await Promise.all(texts.map(native.evaluateJsonAsync));
    expect(differences(texts, nativeAnswers, asyncAnswers)).toEqual([]);
  });

  test.each([['native'], ['wasm']])('a batch answers each request exactly as alone (%s)', (backend) => {
    const rc = backend === 'native' ? native : wasm;
    // Requests the core reads as JSON objects can travel inside a batch, except batches
    // (which do not nest, by contract); a text that is not JSON to the core (INVALID_JSON
    // alone) would make the whole batch INVALID_JSON.
    const batchable = [];
    texts.forEach((text, index) => {
      if (nativeAnswers[index].includes('"code":"INVALID_JSON"') || !/^\s*\{/.test(text)) return;
      if (JSON.parse(text).op !== 'batch') batchable.push(index);
    });
    expect(batchable.length).toBeGreaterThan(COUNT / 2);
    for (let start = 0; start < batchable.length; start += BATCH_SIZE) {
      const chunk = batchable.slice(start, start + BATCH_SIZE);
      const batchText = `{"op":"batch","requests":[${chunk.map((index) => texts[index]).join(',')}]}`;
      const expected = `{"ok":true,"result":{"responses":[${chunk.map((index) => nativeAnswers[index]).join(',')}]}}`;
      expect(firstDifference(expected, rc.evaluateJson(batchText))).toBeNull();
    }
  });

  // An arithmetic change that breaks the addon, WebAssembly and the CLI alike shows here.
  test('every valid request answers what the decimal.js reference computes', () => {
    const wrong = [];
    let compared = 0;
    let overflowed = 0;
    requests.forEach((request, index) => {
      if (!request.valid || wrong.length >= 5) return;
      const answer = nativeAnswers[index];
      const reference = evaluatePriceJson(request.text);
      if (answer === reference) {
        compared += 1;
      } else if (answer.includes('"code":"OVERFLOW"') && beyondTheFormat(reference)) {
        overflowed += 1;
      } else {
        wrong.push({ request: request.text, core: answer, reference });
      }
    });
    expect(wrong).toEqual([]);
    // Most valid requests are priced; some reach past the format's range on purpose.
    expect(compared).toBeGreaterThan(COUNT / 2);
    expect(overflowed).toBeGreaterThan(COUNT / 200);
  });

  // The generator must really reach what it claims to cover, or parity proves little.
  test('the requests cover every model, rounding mode, minor unit and error kind', () => {
    const envelopes = nativeAnswers.map((answer) => JSON.parse(answer));
    const succeeded = envelopes.filter((envelope) => envelope.ok).map((envelope) => envelope.result);
    const count = (values) => values.reduce((counts, value) => counts.set(value, (counts.get(value) ?? 0) + 1), new Map());

    // Each model, rounding mode and minor unit succeeds in at least 2.5 % of the requests.
    const least = COUNT / 40;
    const rare = (counts, expected) => expected.filter((value) => (counts.get(value) ?? 0) < least);
    expect(rare(count(succeeded.map((result) => result.model)), MODELS)).toEqual([]);
    expect(rare(count(succeeded.map((result) => result.rounding)), ROUNDING_MODES)).toEqual([]);
    const minorUnits = (amount) => (amount.includes('.') ? amount.split('.')[1].length : 0);
    expect(rare(count(succeeded.map((result) => minorUnits(result.amount))), [0, 2, 3, 4])).toEqual([]);

    // Priced requests reach the limits of the number format: 24 integer digits, 12 fraction
    // digits, and quantities and tier bounds far beyond 10,000.
    const pricedTexts = texts.filter((_, index) => envelopes[index].ok);
    const withValue = (pattern) => pricedTexts.filter((text) => pattern.test(text)).length;
    expect(withValue(/"[1-9]\d{23}(\.\d+)?"/)).toBeGreaterThan(least);
    expect(withValue(/"\d+\.\d{12}"/)).toBeGreaterThan(least);
    expect(withValue(/"quantity":"?[1-9]\d{12,}/)).toBeGreaterThan(least);
    expect(withValue(/"up_to":"?[1-9]\d{12,}/)).toBeGreaterThan(least / 4);

    const errorCodes = count(envelopes.filter((envelope) => !envelope.ok).map((envelope) => envelope.error.code));
    const expectedCodes = ['INVALID_JSON', 'UNKNOWN_OP', 'MISSING_FIELD', 'UNKNOWN_FIELD', 'INVALID_TYPE',
      'INVALID_ARGUMENT', 'UNKNOWN_CURRENCY', 'OVERFLOW'];
    expect(expectedCodes.filter((code) => !errorCodes.has(code))).toEqual([]);
    expect(errorCodes.get('INTERNAL')).toBeUndefined();
    expect(succeeded.length).toBeGreaterThan(COUNT / 2);
  });
});
