'use strict';
// The package in Node (CommonJS; ES modules import it too). Chooses the backend: the native
// addon by default, WebAssembly when asked for or when the addon is not available.

const { BillingError } = require('./billing-error.js');
const { createRatecardApi } = require('./ratecard.js');
const { loadNativeBinding, nativeAddonUnusable } = require('./backends/native.js');
const { loadWasmBinding } = require('./backends/wasm-node.js');
const { readCreateOptions } = require('./options.js');

let fallbackLogged = false;

function logFallbackOnce(reason) {
  if (fallbackLogged) return;
  fallbackLogged = true;
  console.warn(`ratecard: ${reason}; using the WebAssembly backend (same results, slower)`);
}

/**
 * Resolves to a Ratecard: the core behind `backend` ('auto', the default: the native addon,
 * or WebAssembly with one log line when the addon is not built, was built for another system or
 * does not load; 'native'; 'wasm').
 */
async function createRatecard(options = {}) {
  const { backend } = readCreateOptions(options);
  if (backend === 'native') return createRatecardApi('native', loadNativeBinding());
  if (backend === 'auto') {
    const unusable = nativeAddonUnusable();
    if (unusable) {
      logFallbackOnce(unusable);
    } else {
      try {
        return createRatecardApi('native', loadNativeBinding());
      } catch (error) {
        logFallbackOnce(`the native addon did not load (${error.message})`);
      }
    }
  }
  return createRatecardApi('wasm', await loadWasmBinding());
}

module.exports = { createRatecard, BillingError, ...require('./local-entitlements.js'), ...require('./entitlements-request.js') };
module.exports.verifyWebhook = require('./webhooks.js').verifyWebhook;
