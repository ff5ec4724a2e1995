#!/usr/bin/env node
// `npx ratecard`: the core on the command line, as build/bin/ratecard (core/cli/main.cpp) but on
// the package's backend (the native addon, or WebAssembly). Reads one JSON request per line on
// stdin and writes one canonical response per line on stdout, in order.
'use strict';

const { createRatecard } = require('../lib/index.js');

const USAGE = `Usage: ratecard [--help] [--version]

Reads JSON Lines on stdin: one request per line, such as
  {"op":"price","currency":"USD","price":{"model":"per_unit","unit_amount":"9.99"},"quantity":3}
and writes one canonical response per input line on stdout, in the same order:
  {"ok":true,"result":{...}} or {"ok":false,"error":{"code","message","path"}}

Operations and fields: docs/core-api.md. Exit status 0, or 1 when stdin cannot be read,
2 for an unknown option.
`;

/** Answers every line of stdin on stdout; resolves to the exit status. */
function serve(rc) {
  return new Promise((resolve) => {
    let pending = ''; // the text after the last newline: an unfinished line
    const answer = (line) => rc.evaluateJson(line.endsWith('\r') ? line.slice(0, -1) : line);
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop();
      if (lines.length > 0) process.stdout.write(`${lines.map(answer).join('\n')}\n`);
    });
    process.stdin.on('end', () => {
      if (pending !== '') process.stdout.write(`${answer(pending)}\n`);
      resolve(0);
    });
    process.stdin.on('error', () => {
      process.stderr.write('ratecard: cannot read standard input\n');
      resolve(1);
    });
  });
}

async function main(args) {
  for (const argument of args) {
    if (argument === '--help' || argument === '-h') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (argument === '--version') {
      const { coreVersion, tzdataVersion } = await createRatecard();
      process.stdout.write(`ratecard ${coreVersion}\ntzdata ${tzdataVersion}\n`);
      return 0;
    }
    process.stderr.write(`ratecard: unknown option ${argument}\n\n${USAGE}`);
    return 2;
  }
  return serve(await createRatecard());
}

// A reader that stops early (`| head`) ends the output, as it ends build/bin/ratecard: quietly.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
