'use strict';
// The native addon backend (node-addon/, built into dist/ratecard.node; the package ships it
// prebuilt for linux-x64 with its ABI manifest).

const fs = require('node:fs');
const { ADDON_MANIFEST_PATH, ADDON_PATH } = require('./artifacts.js');
const { addonAbiMismatch } = require('./addon-abi.js');

/** Whether the addon has been built. */
function nativeAddonBuilt() {
  return fs.existsSync(ADDON_PATH);
}

/**
 * Why the addon cannot be used here (not built, or built for another platform, glibc or
 * Node-API), as a sentence; null when it is there and fits, so loading it should work.
 */
function nativeAddonUnusable() {
  if (!nativeAddonBuilt()) return 'the native addon is not built (run npm run build)';
  return addonAbiMismatch(ADDON_MANIFEST_PATH);
}

/** Loads the addon: {evaluateJson, evaluateJsonAsync, ...}. Throws when it is missing, does not fit or cannot load. */
function loadNativeBinding() {
  if (!nativeAddonBuilt()) {
    throw new Error(`the ratecard native addon is not built (${ADDON_PATH} is missing): run npm run build`);
  }
  const mismatch = addonAbiMismatch(ADDON_MANIFEST_PATH);
  if (mismatch) throw new Error(mismatch);
  return require(ADDON_PATH);
}

module.exports = { loadNativeBinding, nativeAddonUnusable };
