#!/usr/bin/env node
// Reports what a browser downloads for the core: the WebAssembly module and the package's
// browser bundle (which holds the Emscripten loader), raw and compressed as a web server would
// send them. Exits 1 when the gzipped total is over the budget (README, "JavaScript package").
//
//   npm run size            (after npm run build)
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const BUDGET_GZIP_BYTES = 300 * 1024;
const dist = path.join(__dirname, '..', 'dist');
const files = ['ratecard_wasm.wasm', 'ratecard.browser.mjs'];

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`.padStart(11);

function sizes(file) {
  const bytes = fs.readFileSync(path.join(dist, file));
  return {
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const missing = files.filter((file) => !fs.existsSync(path.join(dist, file)));
if (missing.length > 0) {
  console.error(`size: dist/${missing.join(', dist/')} missing: run npm run build first`);
  process.exit(1);
}

const total = { raw: 0, gzip: 0, brotli: 0 };
console.log(`${'file'.padEnd(26)}${'raw'.padStart(11)}${'gzip -9'.padStart(11)}${'brotli'.padStart(11)}`);
for (const file of files) {
  const size = sizes(file);
  for (const key of Object.keys(total)) total[key] += size[key];
  console.log(`dist/${file.padEnd(21)}${kib(size.raw)}${kib(size.gzip)}${kib(size.brotli)}`);
}
console.log(`${'total'.padEnd(26)}${kib(total.raw)}${kib(total.gzip)}${kib(total.brotli)}`);

if (total.gzip > BUDGET_GZIP_BYTES) {
  console.error(`size: ${kib(total.gzip).trim()} gzipped is over the budget of ${kib(BUDGET_GZIP_BYTES).trim()}`);
  process.exit(1);
}
console.log(`size: within the budget of ${kib(BUDGET_GZIP_BYTES).trim()} gzipped`);
