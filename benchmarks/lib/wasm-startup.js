'use strict';
// What the WebAssembly build costs before its first answer: its size as downloaded (raw and
// gzipped) and the time to compile and instantiate it in a fresh Node process.

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { execFileSync } = require('node:child_process');
const { median } = require('./measure.js');

const DIST = path.join(__dirname, '..', '..', 'dist');

// Runs in a child process, so that nothing is compiled or cached yet: reads the bytes, then
// times the loader's compile + instantiate, and the first request after it.
const COLD_START_SCRIPT = `
const fs = require('node:fs');
const bytes = fs.readFileSync(process.argv[1]);
const createRatecardWasm = require(process.argv[2]);
const start = process.hrtime.bigint();
createRatecardWasm({ wasmBinary: bytes }).then((module) => {
  const ready = process.hrtime.bigint();
  module.evaluateJson(new TextEncoder().encode(process.argv[3]));
  const answered = process.hrtime.bigint();
  process.stdout.write(JSON.stringify({ instantiate_ms: Number(ready - start) / 1e6, first_request_ms: Number(answered - ready) / 1e6 }));
});
`;

function measureWasmStartup(firstRequest, { quick }) {
  const wasmPath = path.join(DIST, 'ratecard_wasm.wasm');
  const loaderPath = path.join(DIST, 'ratecard_wasm.js');
  const bytes = fs.readFileSync(wasmPath);
  const runs = [];
  for (let i = 0; i < (quick ? 1 : 7); i += 1) {
    const output = execFileSync(process.execPath, ['-e', COLD_START_SCRIPT, wasmPath, loaderPath, JSON.stringify(firstRequest)], { encoding: 'utf8' });
    runs.push(JSON.parse(output));
  }
  const round = (value) => Number(value.toFixed(2));
  return {
    file: 'dist/ratecard_wasm.wasm',
    raw_bytes: bytes.length,
    gzip_bytes: zlib.gzipSync(bytes, { level: 9 }).length,
    instantiate_ms: round(median(runs.map((run) => run.instantiate_ms))),
    first_request_ms: round(median(runs.map((run) => run.first_request_ms))),
    runs: runs.length,
  };
}

module.exports = { measureWasmStartup };
