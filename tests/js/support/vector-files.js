'use strict';
// Reads the golden vector files (tests/vectors/*.json) in Node, in file name order.

const fs = require('node:fs');
const path = require('node:path');

const VECTORS_DIR = path.join(__dirname, '..', '..', 'vectors');

/** [{file: 'pricing.json', vectors: [...]}, ...] for every tests/vectors/*.json. */
function loadVectorFiles() {
  return fs
    .readdirSync(VECTORS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => ({ file, vectors: JSON.parse(fs.readFileSync(path.join(VECTORS_DIR, file), 'utf8')) }));
}

module.exports = { loadVectorFiles, VECTORS_DIR };
