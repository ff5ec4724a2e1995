#!/usr/bin/env node
// Writes the fuzzer's seed corpus and dictionary from the golden vectors, so the seeds follow
// every op as its vectors land and nothing generated is committed:
//   node tests/fuzz/make-seeds.js --seeds DIR --dict FILE
// DIR gets one file per request of tests/vectors/*.json (its exact text: "request_text", or
// the compact "request"), plus each element of every batch on its own. FILE gets
// tests/fuzz/evaluate.dict followed by every object key and every string value of at most
// 40 bytes found in the requests, each as a quoted JSON string token.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const root = path.join(__dirname, '..', '..');
const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  if (index < 0 || index + 1 >= args.length) {
    console.error('usage: make-seeds.js --seeds DIR --dict FILE');
    process.exit(2);
  }
  return args[index + 1];
};
const seedsDir = option('--seeds');
const dictFile = option('--dict');

const requests = [];
const tokens = new Set();
function collectTokens(value) {
  if (Array.isArray(value)) {
    value.forEach(collectTokens);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) {
      tokens.add(key);
      collectTokens(member);
    }
  } else if (typeof value === 'string' && Buffer.byteLength(value) <= 40) {
    tokens.add(value);
  }
}

const vectorsDir = path.join(root, 'tests', 'vectors');
const files = fs.readdirSync(vectorsDir).filter((name) => name.endsWith('.json')).sort();
for (const file of files) {
  for (const vector of JSON.parse(fs.readFileSync(path.join(vectorsDir, file), 'utf8'))) {
    if (vector.request_text !== undefined) {
      requests.push(vector.request_text);
      continue;
    }
    requests.push(JSON.stringify(vector.request));
    collectTokens(vector.request);
    if (vector.request && vector.request.op === 'batch' && Array.isArray(vector.request.requests)) {
      for (const element of vector.request.requests) requests.push(JSON.stringify(element));
    }
  }
}

fs.rmSync(seedsDir, { recursive: true, force: true });
fs.mkdirSync(seedsDir, { recursive: true });
const unique = new Set(requests);
for (const text of unique) {
  const name = crypto.createHash('sha1').update(text).digest('hex');
  fs.writeFileSync(path.join(seedsDir, name), text);
}

// libFuzzer dictionary entries are "..." with \\, \" and \xNN escapes.
const escapeEntry = (text) =>
  Array.from(Buffer.from(text, 'utf8'))
    .map((byte) => {
      if (byte === 0x5c) return '\\\\';
      if (byte === 0x22) return '\\"';
      if (byte < 0x20 || byte > 0x7e) return '\\x' + byte.toString(16).padStart(2, '0');
      return String.fromCharCode(byte);
    })
    .join('');
const handWritten = fs.readFileSync(path.join(__dirname, 'evaluate.dict'), 'utf8');
const extracted = Array.from(tokens)
  .sort()
  .map((token) => `"${escapeEntry(JSON.stringify(token))}"`);
fs.mkdirSync(path.dirname(dictFile), { recursive: true });
fs.writeFileSync(dictFile, handWritten + '\n# extracted from tests/vectors by make-seeds.js\n' + extracted.join('\n') + '\n');

console.log(`fuzz: ${unique.size} seed requests from ${files.length} vector file(s), ` +
            `${extracted.length} dictionary tokens from the vectors`);
