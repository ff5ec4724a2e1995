#!/usr/bin/env node
// Prints the tables of a saved benchmark run, and with --readme writes its figures into the
// README between the bench markers (what npm run bench does after a full run).
//
//   node benchmarks/report.js [--readme] [FILE]      FILE: default benchmarks/results/latest.json
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { printReport } = require('./lib/report.js');
const { replaceReadmeBlock } = require('./lib/readme.js');

const README = path.join(__dirname, '..', 'README.md');
const LATEST = path.join(__dirname, 'results', 'latest.json');

/** Rewrites the README's benchmark block from a results object. */
function writeReadme(results) {
  fs.writeFileSync(README, replaceReadmeBlock(fs.readFileSync(README, 'utf8'), results));
}

function main(argv) {
  const readme = argv.includes('--readme');
  const files = argv.filter((arg) => arg !== '--readme');
  if (files.length > 1 || files.some((arg) => arg.startsWith('--'))) throw new Error('usage: node benchmarks/report.js [--readme] [FILE]');
  const file = files[0] ? path.resolve(files[0]) : LATEST;
  const results = JSON.parse(fs.readFileSync(file, 'utf8'));
  printReport(results);
  if (readme) {
    writeReadme(results);
    console.log(`\nbench: README.md figures rewritten from ${path.relative(process.cwd(), file)}`);
  }
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`report: ${error.message}`);
    process.exit(1);
  }
}

module.exports = { writeReadme, LATEST };
