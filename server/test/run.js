'use strict';
// The server test runner (`npm test` calls it through scripts/test.sh): starts a real
// PostgreSQL for the run, runs every server/test/*.test.js with node:test against SQLite and
// that PostgreSQL, then stops PostgreSQL and removes its files, whatever the outcome.
const path = require('node:path');
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const { startPostgres } = require('./support/postgres');

async function main() {
  const filter = process.argv.slice(2);
  const files = fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.js'))
    .filter((name) => !filter.length || filter.some((f) => name.includes(f)))
    .sort().map((name) => path.join(__dirname, name));
  const postgres = await startPostgres();
  const stopAndExit = (code) => {
    postgres.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => stopAndExit(130));
  process.on('SIGTERM', () => stopAndExit(143));
  console.log(`server tests: PostgreSQL 15 on 127.0.0.1:${postgres.port}, SQLite in temporary files`);
  const child = spawn(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
    stdio: 'inherit',
    env: { ...process.env, RATECARD_TEST_POSTGRES_URL: postgres.url },
  });
  child.on('exit', (code, signal) => stopAndExit(code ?? (signal ? 1 : 0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
