'use strict';
// The native addon backend (node-addon/, built into dist/ratecard.node).

const fs = require('node:fs');
const { ADDON_PATH } = require('./artifacts.js');

/** Whether the addon has been built. */
function nativeAddonBuilt() {
  return fs.existsSync(ADDON_PATH);
}

/** Loads the addon: {evaluateJson, evaluateJsonAsync}. Throws when it is missing or cannot load. */
function loadNativeBinding() {
  if (!nativeAddonBuilt()) {
    throw new Error(`the ratecard native addon is not built (${ADDON_PATH} is missing): run npm run build`);
  }
  return require(ADDON_PATH);
}

module.exports = { loadNativeBinding, nativeAddonBuilt };
