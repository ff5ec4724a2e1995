#!/usr/bin/env node
// Bundles the package's browser entry (lib/browser.mjs, with the Emscripten loader from the
// WebAssembly build) into one ES module, dist/ratecard.browser.mjs, beside the .wasm it loads.
'use strict';

const path = require('node:path');
const fs = require('node:fs');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const loader = path.join(root, 'dist', 'ratecard_wasm.js');
if (!fs.existsSync(loader)) {
  console.error(`bundle-browser: ${path.relative(root, loader)} is missing: build the WebAssembly module first`);
  process.exit(1);
}

esbuild.buildSync({
  absWorkingDir: root,
  entryPoints: ['lib/browser.mjs'],
  outfile: 'dist/ratecard.browser.mjs',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  // The Emscripten loader also runs in Node, where it requires these; in a browser that code
  // path is never taken.
  external: ['fs', 'path'],
  logLevel: 'warning',
});
