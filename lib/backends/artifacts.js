'use strict';
// Where the build (scripts/build.sh) writes what the package loads in Node.

const path = require('node:path');

const DIST_DIR = path.join(__dirname, '..', '..', 'dist');

module.exports = {
  ADDON_PATH: path.join(DIST_DIR, 'ratecard.node'),
  // What the addon was built for (scripts/write-addon-manifest.js), checked before loading it.
  ADDON_MANIFEST_PATH: path.join(DIST_DIR, 'ratecard.node.json'),
  WASM_LOADER_PATH: path.join(DIST_DIR, 'ratecard_wasm.js'),
  WASM_BINARY_PATH: path.join(DIST_DIR, 'ratecard_wasm.wasm'),
};
