'use strict';
// The WebAssembly backend in Node: the loader and the .wasm bytes come from dist/. The bytes
// are read here and handed over (wasmBinary) rather than fetched, which Node cannot do for
// file paths.

const fs = require('node:fs');
const { WASM_BINARY_PATH, WASM_LOADER_PATH } = require('./artifacts.js');
const { wasmBinding } = require('./wasm-binding.js');

let instantiation = null; // one instance per process, shared by every createRatecard() call

async function instantiate() {
  if (!fs.existsSync(WASM_BINARY_PATH) || !fs.existsSync(WASM_LOADER_PATH)) {
    throw new Error(`the ratecard WebAssembly module is not built (${WASM_BINARY_PATH} is missing): run npm run build`);
  }
  const createRatecardWasm = require(WASM_LOADER_PATH);
  return wasmBinding(await createRatecardWasm({ wasmBinary: fs.readFileSync(WASM_BINARY_PATH) }));
}

/** Resolves to the WebAssembly binding ({evaluateJson}), instantiating the module once. */
function loadWasmBinding() {
  instantiation ??= instantiate().catch((error) => {
    instantiation = null; // let a later call try again
    throw error;
  });
  return instantiation;
}

module.exports = { loadWasmBinding };
