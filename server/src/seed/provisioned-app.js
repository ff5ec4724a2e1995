'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { authenticate } = require('../auth/authenticate');
const { createApiKey } = require('../auth/api-keys');
const { inTransaction } = require('../db/rows');
const { upsertTarget } = require('../provisioning/targets');
const { REPOSITORY_ROOT } = require('../config');
const { spawnDemoProcess } = require('./demo-processes');

const APP_ENTRY = path.join(REPOSITORY_ROOT, 'examples', 'provisioned-app', 'server.js');
const TARGET_NAME = 'example-app';
const START_TIMEOUT_MS = 30 * 1000;

/// `npm start`'s demo of provisioning: starts examples/provisioned-app on a free loopback port
/// with a `provisioning` API key of its own (kept in <dataDir>/provisioned-app-key.txt, 0600,
/// reused while it works), its state in <dataDir>/provisioned-app.json, and registers it as the
/// provisioning target "example-app". Returns { url }; it stops with the demo processes
/// (./demo-processes.js).
async function startProvisionedApp(services, { ratecardUrl, dataDir, logger }) {
  const apiKey = await provisioningKey(services, dataDir);
  const child = spawnDemoProcess(process.execPath, [APP_ENTRY], {
    env: {
      ...process.env, PORT: '0', HOST: '127.0.0.1', RATECARD_URL: ratecardUrl, RATECARD_API_KEY: apiKey,
      APP_DATA_FILE: path.join(dataDir, 'provisioned-app.json'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (chunk) => logger.warn({ component: 'provisioned-app' }, String(chunk).trim()));
  const url = await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error('the example provisioned app did not start in time')), START_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the example provisioned app exited (${code}) before listening`));
    });
  });
  await inTransaction(services.db, (trx) => upsertTarget(trx, services, { name: TARGET_NAME, base_url: url }));
  return { url };
}

// The app's own API key (role provisioning): the file's while it works, else a new one.
async function provisioningKey({ db, clock }, dataDir) {
  const file = path.join(dataDir, 'provisioned-app-key.txt');
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : null;
  if (existing) {
    try {
      if ((await authenticate(db, `Bearer ${existing}`, clock.now())).role === 'provisioning') return existing;
    } catch {
      // revoked, or from another database: make a new one
    }
  }
  const { secret } = await createApiKey(db, { name: 'Example provisioned app (npm start)', role: 'provisioning' }, clock.now());
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return secret;
}

module.exports = { startProvisionedApp, TARGET_NAME };
