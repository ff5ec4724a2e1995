'use strict';
const { openDatabase } = require('./db/database');
const { migrateToLatest } = require('./db/migrate');
const { loadBillingCore, logCoreBackend } = require('./core/billing-core');
const { createLogger } = require('./logger');
const { systemClock } = require('./time');
const { buildApp } = require('./app');
const { Worker } = require('./jobs/worker');
const { jobHandlers, scheduleRecurringJobs } = require('./jobs/registry');

/// Opens the database (migrating it), loads the core and builds the app and its job worker.
/// Nothing listens or polls yet: call app.listen() and worker.start(). Logs go to `logStream`
/// (tests) or standard output, as JSON lines, or human-readable ones when `prettyLogs`.
async function createServer(config, { logger, clock = systemClock(), logStream, prettyLogs = false } = {}) {
  const log = logger || createLogger({ level: config.logLevel, stream: logStream, pretty: prettyLogs });
  const database = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile, sqliteSynchronous: config.sqliteSynchronous, logger: log });
  const applied = await migrateToLatest(database.db);
  if (applied.length) log.info({ migrations: applied }, 'database migrated');
  const core = await loadBillingCore({ backend: config.coreBackend });
  logCoreBackend(log, core, config.coreBackend);
  const services = { db: database.db, dialect: database.dialect, core, clock, logger: log, config };
  const app = await buildApp(services);
  await scheduleRecurringJobs(database.db, clock.now());
  const worker = new Worker({
    db: database.db, dialect: database.dialect, clock, handlers: jobHandlers(), context: services,
    logger: log.child({ component: 'worker' }), pollMs: config.workerPollMs,
    ...(config.jobVisibilityMs ? { visibilityMs: config.jobVisibilityMs } : {}),
  });
  const close = async () => {
    await worker.stop();
    await app.close();
    await database.destroy();
  };
  return { app, worker, services, close };
}

module.exports = { createServer };
