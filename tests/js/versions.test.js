'use strict';
// Which core computed an answer: the native addon, the WebAssembly module and `ratecard
// --version` name the same core and tzdata versions, and an invoice asked to carries it.

const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { createRatecard } = require('../..');
const { version: packageVersion } = require('../../package.json');

const CLI = path.join(__dirname, '..', '..', 'build', 'bin', 'ratecard');

const invoiceRequest = {
  op: 'invoice',
  customer: { currency: 'USD' },
  period: { start: '2026-02-01T00:00:00Z', end: '2026-03-01T00:00:00Z' },
  subscriptions: [{ id: 'sub', items: [{ id: 'plan', type: 'fixed', price: { model: 'flat', amount: '10.00' } }] }],
};

describe.each(['native', 'wasm'])('through the %s backend', (backend) => {
  let rc;
  beforeAll(async () => {
    rc = await createRatecard({ backend });
  });

  test('coreVersion and tzdataVersion are what ratecard --version prints', () => {
    const [coreLine, tzdataLine] = execFileSync(CLI, ['--version'], { encoding: 'utf8' }).trim().split('\n');
    expect(`ratecard ${rc.coreVersion}`).toBe(coreLine);
    expect(`tzdata ${rc.tzdataVersion}`).toBe(tzdataLine);
    expect(rc.coreVersion).toBe(packageVersion);
    expect(rc.tzdataVersion).toMatch(/^\d{4}[a-z]$/);
  });

  test('an invoice with include_core_version carries the version, covered by its hash', () => {
    const plain = rc.invoice(invoiceRequest);
    const stamped = rc.invoice({ ...invoiceRequest, include_core_version: true });
    expect(plain.core_version).toBeUndefined();
    expect(stamped.core_version).toBe(rc.coreVersion);
    const withoutVersionAndHash = ({ content_hash: hash, core_version: version, ...rest }) => rest;
    expect(withoutVersionAndHash(stamped)).toEqual(withoutVersionAndHash(plain));
    expect(stamped.content_hash).not.toBe(plain.content_hash);
  });
});
