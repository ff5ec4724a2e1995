'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, logCollector } = require('./support/harness');
const { loadBillingCore, logCoreBackend } = require('../src/core/billing-core');
const { createLogger } = require('../src/logger');

for (const backend of BACKENDS) {
  describe(`pricing core backend [${backend}]`, () => {
    let t;
    let logs;
    before(async () => {
      logs = logCollector();
      t = await startTestServer(backend, { logStream: logs.stream, logLevel: 'info' });
    });
    after(() => t.close());

    it('runs the core on the native addon, and says so', () => {
      assert.equal(t.services.core.backend, 'native');
      const line = logs.lines.map((text) => JSON.parse(text)).find((entry) => /pricing core loaded/.test(entry.msg));
      assert.deepEqual([line.level, line.backend, line.msg], [30, 'native', 'pricing core loaded: native addon']);
    });
  });
}

describe('pricing core on WebAssembly', () => {
  it('is logged as a loud warning when it is a fallback, and gives the same prices', async () => {
    const wasm = await loadBillingCore({ backend: 'wasm' });
    const native = await loadBillingCore({ backend: 'native' });
    assert.equal(wasm.backend, 'wasm');
    const logs = logCollector();
    logCoreBackend(createLogger({ level: 'info', stream: logs.stream }), wasm, 'auto');
    logCoreBackend(createLogger({ level: 'info', stream: logs.stream }), wasm, 'wasm');
    const [fallback, chosen] = logs.lines.map((text) => JSON.parse(text));
    assert.equal(fallback.level, 40);
    assert.match(fallback.msg, /^PRICING CORE ON WEBASSEMBLY.*RATECARD_CORE_BACKEND=native/);
    assert.equal(chosen.level, 30, 'asked for, it is no warning');
    const request = { op: 'price', currency: 'USD', price: { model: 'graduated', tiers: [{ up_to: '10', unit_amount: '1.25' }, { up_to: null, unit_amount: '0.5' }] }, quantity: '12.5' };
    assert.deepEqual(wasm.run(request), native.run(request));
  });
});
