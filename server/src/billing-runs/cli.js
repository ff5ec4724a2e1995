#!/usr/bin/env node
'use strict';
// `npm run bill -- --until 2027-01-01`: bills everything due up to that instant on the database
// the server's environment names (wall-clock customers; test-clock customers up to their
// clocks), with a progress bar on a terminal, then a summary.
const { loadConfig } = require('../config');
const { openDatabase } = require('../db/database');
const { migrateToLatest } = require('../db/migrate');
const { loadBillingCore } = require('../core/billing-core');
const { systemClock, toInstant, parseInstant } = require('../time');
const { runBilling } = require('./run');

const USAGE = 'usage: npm run bill -- [--until <RFC 3339 instant or YYYY-MM-DD>]   (default: now; never in the future)';

function parseUntil(argv) {
  if (!argv.length) return toInstant(new Date());
  if (argv[0] !== '--until' || argv.length !== 2) throw new Error(USAGE);
  const text = /^\d{4}-\d{2}-\d{2}$/.test(argv[1]) ? `${argv[1]}T00:00:00Z` : argv[1];
  const until = parseInstant(text);
  if (!until) throw new Error(`"${argv[1]}" is not an instant\n${USAGE}`);
  if (until > toInstant(new Date())) throw new Error(`${until} is in the future: wall-clock customers are billed up to now at most (test clocks bill their customers up to their own time)`);
  return until;
}

function progressBar() {
  let last = -1;
  return ({ done, total, invoices }) => {
    const percent = total ? Math.min(100, Math.floor((done * 100) / total)) : 100;
    if (process.stdout.isTTY) {
      const filled = Math.round(percent / 5);
      process.stdout.write(`\r[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${percent} % ${done}/${total} subscriptions, ${invoices} invoices`);
    } else if (percent !== last && percent % 10 === 0) {
      process.stdout.write(`${percent} % ${done}/${total} subscriptions, ${invoices} invoices\n`);
    }
    last = percent;
  };
}

async function main() {
  const until = parseUntil(process.argv.slice(2));
  const config = loadConfig();
  const database = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile, sqliteSynchronous: config.sqliteSynchronous });
  try {
    await migrateToLatest(database.db);
    const services = { db: database.db, dialect: database.dialect, core: await loadBillingCore({ backend: config.coreBackend }), clock: systemClock(), config };
    const summary = await runBilling(services, { until, onProgress: progressBar() });
    if (process.stdout.isTTY) process.stdout.write('\n');
    process.stdout.write(`billed up to ${until}: ${summary.invoices} invoices for ${summary.subscriptions} subscription billings; ${summary.finalized} drafts finalized, ${summary.overdue} invoices overdue\n`);
    for (const [currency, amount] of Object.entries(summary.totals)) process.stdout.write(`  total ${currency} ${amount}\n`);
    for (const failure of summary.failures) process.stdout.write(`  FAILED ${failure.customer} at ${failure.moment}: ${failure.error}\n`);
    if (summary.failures.length) process.exitCode = 1;
  } finally {
    await database.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
});
