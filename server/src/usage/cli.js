#!/usr/bin/env node
'use strict';
// `npm run usage -- <command>`: operator commands of usage metering, on the database the
// server's environment names (DATABASE_URL or the SQLite file; docs/server.md, "Usage metering").
//
//   npm run usage -- rebuild [--check] [--customer cus_...]   recompute every aggregate from the events
//   npm run usage -- archive [--before YYYY-MM]                archive the events of older months
const { loadConfig } = require('../config');
const { openDatabase } = require('../db/database');
const { migrateToLatest } = require('../db/migrate');
const { loadBillingCore } = require('../core/billing-core');
const { systemClock } = require('../time');
const { rebuildAggregates } = require('./rebuild');
const { archiveEvents } = require('./archive');

const USAGE = 'usage: npm run usage -- rebuild [--check] [--customer <id>] | archive [--before YYYY-MM]';

function parseArguments(argv) {
  const [command, ...rest] = argv;
  const options = {};
  for (let i = 0; i < rest.length; i += 1) {
    if (rest[i] === '--check' && command === 'rebuild') options.check = true;
    else if (rest[i] === '--customer' && command === 'rebuild' && rest[i + 1]) options.customerId = rest[(i += 1)];
    else if (rest[i] === '--before' && command === 'archive' && rest[i + 1]) options.before = rest[(i += 1)];
    else throw new Error(`unknown argument ${rest[i]}\n${USAGE}`);
  }
  if (!['rebuild', 'archive'].includes(command)) throw new Error(USAGE);
  return { command, options };
}

// A progress line rewritten in place on a terminal, every 1 % elsewhere.
function progress(label) {
  let shown = -1;
  return (done, total) => {
    const percent = total ? Math.floor((done * 100) / total) : 100;
    if (process.stdout.isTTY) process.stdout.write(`\r${label}: ${done}/${total} aggregates (${percent} %)`);
    else if (percent !== shown && percent % 10 === 0) process.stdout.write(`${label}: ${done}/${total} aggregates (${percent} %)\n`);
    shown = percent;
    if (done === total && process.stdout.isTTY) process.stdout.write('\n');
  };
}

async function main() {
  const { command, options } = parseArguments(process.argv.slice(2));
  const config = loadConfig();
  const database = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  try {
    await migrateToLatest(database.db);
    const services = { db: database.db, dialect: database.dialect, core: await loadBillingCore(), clock: systemClock(), config };
    if (command === 'rebuild') {
      const report = await rebuildAggregates(services, { ...options, onProgress: progress(options.check ? 'checking' : 'rebuilding') });
      const verb = options.check ? 'differ' : 'differed and were rewritten';
      process.stdout.write(`${report.aggregates} aggregates: ${report.unchanged} identical, ${report.changed.length} ${verb}, ${report.skipped} in archived months skipped\n`);
      for (const changed of report.changed.slice(0, 20)) process.stdout.write(`  ${changed.subscription} ${changed.metric} from ${changed.period_start}\n`);
      if (options.check && report.changed.length) process.exitCode = 1;
    } else {
      const report = await archiveEvents(services, options);
      const what = database.dialect === 'postgres'
        ? `detached ${report.months.length} partitions (${report.months.join(', ') || 'none'}); dump them with pg_dump -t, then drop them`
        : `moved ${report.events} events to ${report.file}`;
      process.stdout.write(`events before ${report.archived_before} archived: ${what}\n`);
    }
  } finally {
    await database.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
});
