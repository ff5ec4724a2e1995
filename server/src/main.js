'use strict';
// `npm start`: migrate, seed the demo data, serve the API and run the job worker.
const path = require('node:path');
const { loadConfig } = require('./config');
const { createServer } = require('./server');
const { ensureAdminKey } = require('./seed/admin-key');
const { ensureAdminOperator } = require('./seed/admin-operator');
const { seedDemoData } = require('./seed/demo-data');
const { startProvisionedApp } = require('./seed/provisioned-app');
const { startPaymentServices } = require('./seed/payment-services');
const { stopDemoProcesses } = require('./seed/demo-processes');

// A signal stops whatever has started by then, also during startup: the demo processes first
// (some may still be starting), then the server. A startup cut short by it is not a failure.
let server = null;
let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  if (server) server.services.logger.info({ signal }, 'shutting down');
  await stopDemoProcesses();
  if (server) await server.close();
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);

async function main() {
  const config = loadConfig();
  // On a terminal: readable log lines and a banner. Otherwise (a pipe, a file, a service
  // manager): JSON lines only, the banner being one of them.
  const terminal = Boolean(process.stdout.isTTY);
  const prettyLogs = config.logFormat === 'pretty' || (config.logFormat === 'auto' && terminal);
  server = await createServer(config, { prettyLogs });
  const { app, worker, services } = server;
  const log = services.logger;

  const admin = await ensureAdminKey(services, config.dataDir, services.clock.now());
  if (config.seed) log.info(await seedDemoData(services), 'demo data ready');
  // Demo mode only: a production server gets its operators by invitation (POST /v1/operators).
  const operator = config.seed ? await ensureAdminOperator(services, config.dataDir, services.clock.now()) : null;
  if (config.worker) worker.start();
  await app.listen({ port: config.port, host: config.host });

  const { port } = app.server.address();
  const base = `http://${['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host}:${port}`;
  const database = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.sqliteFile;
  const provisionedApp = config.exampleApp
    ? await startProvisionedApp(services, { ratecardUrl: base, dataDir: config.dataDir, logger: log })
    : null;
  // Without a configured vault, the demo runs its own vault and two simulated gateways.
  const paymentServices = config.payments.vaultUrl || !config.exampleApp ? null : await startPaymentServices({
    webhookBaseUrl: `${base}/gateway_webhooks`, vaultDbFile: path.join(config.dataDir, 'vault.sqlite'),
    vaultKeyFile: path.join(config.dataDir, 'vault-encryption-key'), logger: log,
    gatewayEnv: { beacon: { GATEWAY_TIMEOUT_EVERY: '10' } }, // the less reliable one, as in life
  });
  if (paymentServices) Object.assign(config.payments, paymentServices.payments);
  if (terminal) {
    process.stdout.write(banner({ base, database, admin, operator, provisionedApp, vault: config.payments.vaultUrl }));
  } else {
    // The admin key itself is shown only on a terminal, once: logs are kept and shipped. Where
    // the server listens is said at any log level but silent.
    const announce = log.level === 'silent' ? log : log.child({}, { level: 'info' });
    announce.info({
      url: base, api: `${base}/v1`, docs: `${base}/docs`, openapi: `${base}/openapi.json`, database,
      admin_key_file: admin.file, admin_key_created: admin.created,
      dashboard: `${base}/dashboard`, admin_operator_file: operator ? operator.file : null,
      example_app: provisionedApp ? provisionedApp.url : null,
      vault: config.payments.vaultUrl,
    }, 'Ratecard server listening');
  }
}

// The banner of a start on a terminal. The admin key and the demo operator's password are
// printed only when this start created them; later starts name the files that keep them.
function banner({ base, database, admin, operator, provisionedApp, vault }) {
  const key = admin.created
    ? [`  Admin key    ${admin.key}`, `               (created now and shown this once; kept in ${admin.file}, mode 0600)`]
    : [`  Admin key    in ${admin.file} (mode 0600)`];
  const signIn = !operator ? [] : operator.created
    ? [`  Dashboard    ${base}/dashboard  sign in as ${operator.email}, password ${operator.password}`,
      `               (created now and shown this once; kept in ${operator.file}, mode 0600)`]
    : [`  Dashboard    ${base}/dashboard  sign in as ${operator.email}; password in ${operator.file} (mode 0600)`];
  return [
    '',
    `Ratecard server listening on ${base}`,
    `  API          ${base}/v1`,
    `  API docs     ${base}/docs`,
    `  OpenAPI      ${base}/openapi.json`,
    `  Database     ${database}`,
    ...key,
    ...signIn,
    `  Try          curl -H "Authorization: Bearer $(cat ${admin.file})" ${base}/v1/plans`,
    ...(vault ? [`  Card vault   ${vault} (POST /cards; docs/server.md, "Vault")`] : []),
    ...(provisionedApp ? [`  Example app  ${provisionedApp.url} (provisioned by Ratecard as target "example-app"; examples/provisioned-app)`] : []),
    '',
  ].join('\n') + '\n';
}

main().catch(async (error) => {
  if (stopping) return;
  process.stderr.write(`ratecard server failed to start: ${error.stack || error}\n`);
  await stopDemoProcesses();
  process.exit(1);
});
