'use strict';

/**
 * The binding of an instantiated WebAssembly module (the factory in ratecard_wasm.js), in Node
 * and in browsers alike. Requests cross as UTF-8 bytes from TextEncoder, which turns a lone
 * surrogate into U+FFFD exactly as Node-API does for the native addon, so both backends see the
 * same bytes. No evaluateJsonAsync: WebAssembly runs on the calling thread.
 */
function wasmBinding(wasmModule) {
  const encoder = new TextEncoder();
  return {
    evaluateJson: (requestJson) => wasmModule.evaluateJson(encoder.encode(requestJson)),
    coreVersion: wasmModule.coreVersion(),
    tzdataVersion: wasmModule.tzdataVersion(),
  };
}

module.exports = { wasmBinding };
