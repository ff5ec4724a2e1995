'use strict';
// `npm start`: migrate, seed the demo data, serve the API and run the job worker.
const { loadConfig } = require('./config');
const { createServer } = require('./server');
const { ensureAdminKey } = require('./seed/admin-key');
const { seedDemoData } = require('./seed/demo-data');
const { startProvisionedApp } = require('./seed/provisioned-app');

async function main() {
  const config = loadConfig();
  const server = await createServer(config);
  const { app, worker, services } = server;
  const log = services.logger;

  const admin = await ensureAdminKey(services, config.dataDir, services.clock.now());
  if (config.seed) log.info(await seedDemoData(services), 'demo data ready');
  if (config.worker) worker.start();
  await app.listen({ port: config.port, host: config.host });

  const { port } = app.server.address();
  const base = `http://${['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host}:${port}`;
  const database = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.sqliteFile;
  const provisionedApp = config.exampleApp
    ? await startProvisionedApp(services, { ratecardUrl: base, dataDir: config.dataDir, logger: log })
    : null;
  process.stdout.write([
    '',
    `Ratecard server listening on ${base}`,
    `  API          ${base}/v1`,
    `  API docs     ${base}/docs`,
    `  OpenAPI      ${base}/openapi.json`,
    `  Database     ${database}`,
    `  Admin key    ${admin.key}`,
    `               (${admin.created ? 'created now and ' : ''}kept in ${admin.file}, mode 0600; the database stores only its hash)`,
    `  Try          curl -H "Authorization: Bearer $(cat ${admin.file})" ${base}/v1/plans`,
    ...(provisionedApp ? [`  Example app  ${provisionedApp.url} (provisioned by Ratecard as target "example-app"; examples/provisioned-app)`] : []),
    '',
  ].join('\n') + '\n');

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    if (provisionedApp) await provisionedApp.stop();
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(`ratecard server failed to start: ${error.stack || error}\n`);
  process.exit(1);
});
