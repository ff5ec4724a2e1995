// The package in browsers (and web workers), as an ES module: the core runs as WebAssembly.
// scripts/bundle-browser.js bundles this file into dist/ratecard.browser.mjs, next to
// dist/ratecard_wasm.wasm, which it loads relative to its own URL.
import createRatecardWasm from '../dist/ratecard_wasm.js';
import { BillingError } from './billing-error.js';
import { createRatecardApi } from './ratecard.js';
import { readCreateOptions } from './options.js';
import { wasmBinding } from './backends/wasm-binding.js';

// The module beside the bundle, written as a literal `new URL(..., import.meta.url)` so that a
// bundler re-bundling the package for an app (Vite) finds the .wasm and emits it with the app.
// The path is relative to dist/ratecard.browser.mjs: this file is only ever loaded bundled.
const WASM_URL = new URL('./ratecard_wasm.wasm', import.meta.url);

let instantiation = null; // one instance per page, shared by every createRatecard() call

function loadWasmBinding() {
  instantiation ??= createRatecardWasm({
    locateFile: (file) => (file === 'ratecard_wasm.wasm' ? WASM_URL : new URL(`./${file}`, import.meta.url)).href,
  }).then(wasmBinding, (error) => {
    instantiation = null; // let a later call try again
    throw error;
  });
  return instantiation;
}

/**
 * Resolves to a Ratecard running the core as WebAssembly. `backend` may be 'auto' (the
 * default) or 'wasm'; 'native' exists only in Node and is refused.
 */
export async function createRatecard(options = {}) {
  const { backend } = readCreateOptions(options);
  if (backend === 'native') throw new Error('the native backend exists only in Node; browsers use "wasm"');
  return createRatecardApi('wasm', await loadWasmBinding());
}

export { BillingError };
