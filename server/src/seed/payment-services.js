'use strict';
// Starts the card vault (server/vault) and the two simulated gateways (server/gateways-sim)
// as processes on free loopback ports, each with fresh credentials, and returns the payments
// configuration that points the server at them. `npm start` uses it when RATECARD_VAULT_URL
// is not set; the tests use it for a real vault and real gateways.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnDemoProcess } = require('./demo-processes');

const SERVER_ROOT = path.resolve(__dirname, '..', '..');
const VAULT_ENTRY = path.join(SERVER_ROOT, 'vault', 'main.js');
const GATEWAY_ENTRY = path.join(SERVER_ROOT, 'gateways-sim', 'gateway.js');
const GATEWAY_NAMES = ['atlas', 'beacon'];
/// What each simulated gateway takes (server/gateways-sim/profiles.js).
const GATEWAY_METHODS = { atlas: ['card', 'us_bank_account'], beacon: ['card'] };
const START_TIMEOUT_MS = 30 * 1000;

/// Starts them: `webhookBaseUrl` (the server's /gateway_webhooks, to which each gateway
/// posts at /<name>), `vaultDbFile`, `vaultKeyFile` (the vault's encryption key, created 0600
/// when missing; without it a fresh key), `gatewayEnv` ({ name: extra environment }, e.g.
/// GATEWAY_TIMEOUT_EVERY). Returns { payments (config.payments without timeouts), gateways
/// ({ name: { url, apiKey } }), output() (everything the processes printed), stop() }.
async function startPaymentServices({ webhookBaseUrl, vaultDbFile, vaultKeyFile = null, gatewayEnv = {}, logger = null }) {
  const children = [];
  const stop = async () => Promise.all(children.map(({ child, exited }) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  }));
  try {
    const gateways = [];
    for (const name of GATEWAY_NAMES) {
      const apiKey = `gk_${crypto.randomBytes(16).toString('hex')}`;
      const webhookSecret = `whsec_${crypto.randomBytes(32).toString('base64')}`;
      const started = await spawnListening(GATEWAY_ENTRY, {
        GATEWAY_NAME: name, GATEWAY_API_KEY: apiKey, GATEWAY_WEBHOOK_SECRET: webhookSecret,
        GATEWAY_WEBHOOK_URL: `${webhookBaseUrl}/${name}`, ...(gatewayEnv[name] || {}),
      }, new RegExp(`gateway ${name} listening on (http://\\S+)`), logger);
      children.push(started);
      gateways.push({ name, url: started.url, api_key: apiKey, webhook_secret: webhookSecret, methods: GATEWAY_METHODS[name] });
    }
    const vaultApiKey = `vk_${crypto.randomBytes(16).toString('hex')}`;
    const vault = await spawnListening(VAULT_ENTRY, {
      VAULT_ENCRYPTION_KEY: vaultKey(vaultKeyFile), VAULT_API_KEY: vaultApiKey, VAULT_DB_FILE: vaultDbFile,
      VAULT_GATEWAYS: JSON.stringify(gateways.map(({ name, url, api_key: key }) => ({ name, url, api_key: key }))),
    }, /vault listening on (http:\/\/\S+)/, logger);
    children.push(vault);
    return {
      payments: { vaultUrl: vault.url, vaultApiKey, gateways },
      gateways: Object.fromEntries(gateways.map((gateway) => [gateway.name, { url: gateway.url, apiKey: gateway.api_key }])),
      vaultUrl: vault.url,
      output: () => children.map((child) => child.output()).join('\n'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// The vault's key: kept in `file` (created with a new key, mode 0600) or, without a file, new.
function vaultKey(file) {
  if (!file) return crypto.randomBytes(32).toString('base64');
  if (!fs.existsSync(file)) fs.writeFileSync(file, `${crypto.randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return fs.readFileSync(file, 'utf8').trim();
}

function spawnListening(entry, env, pattern, logger) {
  const child = spawnDemoProcess(process.execPath, [entry], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  let output = '';
  child.stderr.on('data', (chunk) => {
    output += chunk;
    if (logger) logger.warn({ component: path.basename(path.dirname(entry)) }, String(chunk).trim());
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start in time`)), START_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, exited, url: match[1], output: () => output });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code}) before listening: ${output}`));
    });
  });
}

module.exports = { startPaymentServices };
