#!/usr/bin/env node
// Fills in the "response" of vectors that have none by running their request through the
// native CLI, and prints each one it filled so a person can check it against the hand
// computation in the vector's "comment". Existing responses are never touched: a vector's
// response is a promise, and changing it is a deliberate edit.
//
//   node tests/vectors/tools/fill-responses.js tests/vectors/pricing.json [--cli build/bin/ratecard]
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const args = process.argv.slice(2);
const cliIndex = args.indexOf('--cli');
const cli = cliIndex >= 0 ? args.splice(cliIndex, 2)[1] : path.join(__dirname, '..', '..', '..', 'build', 'bin', 'ratecard');
if (args.length === 0) {
  console.error('usage: fill-responses.js <vectors.json>... [--cli path/to/ratecard]');
  process.exit(2);
}

for (const file of args) {
  const vectors = JSON.parse(fs.readFileSync(file, 'utf8'));
  const pending = vectors.filter((vector) => vector.response === undefined);
  if (pending.length === 0) {
    console.log(`${file}: every vector has a response`);
    continue;
  }
  const input = pending.map((vector) => vector.request_text ?? JSON.stringify(vector.request)).join('\n') + '\n';
  const answers = execFileSync(cli, { input, encoding: 'utf8', maxBuffer: 1 << 30 }).trimEnd().split('\n');
  pending.forEach((vector, index) => {
    vector.response = JSON.parse(answers[index]);
    console.log(`${vector.name}\n  ${answers[index]}`);
  });
  fs.writeFileSync(file, JSON.stringify(vectors, null, 2) + '\n');
  console.log(`${file}: filled ${pending.length} response(s); review them before committing`);
}
