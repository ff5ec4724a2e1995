'use strict';
const path = require('node:path');

const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');

/// Reads the server's configuration from the environment (docs/server.md lists every variable).
function loadConfig(env = process.env) {
  const dataDir = path.resolve(env.RATECARD_DATA_DIR || path.join(REPOSITORY_ROOT, 'data'));
  return {
    port: parsePort(env.PORT, 8080),
    host: env.HOST || 'localhost',
    databaseUrl: env.DATABASE_URL || null,
    dataDir,
    sqliteFile: env.RATECARD_SQLITE_FILE || path.join(dataDir, 'ratecard.sqlite'),
    logLevel: env.LOG_LEVEL || 'info',
    seed: env.RATECARD_SEED !== 'false',
    worker: env.RATECARD_WORKER !== 'false',
    workerPollMs: parsePositiveInteger(env.RATECARD_WORKER_POLL_MS, 500, 'RATECARD_WORKER_POLL_MS'),
    jobRetentionDays: parsePositiveInteger(env.RATECARD_JOB_RETENTION_DAYS, 7, 'RATECARD_JOB_RETENTION_DAYS'),
    smtpUrl: env.RATECARD_SMTP_URL || null,
    mailFrom: env.RATECARD_MAIL_FROM || 'Ratecard <billing@ratecard.localhost>',
    mailDir: path.resolve(env.RATECARD_MAIL_DIR || path.join(dataDir, 'mail')),
    encryptionKey: env.RATECARD_ENCRYPTION_KEY || null,
    encryptionOldKeys: (env.RATECARD_ENCRYPTION_OLD_KEYS || '').split(',').map((key) => key.trim()).filter(Boolean),
    webhookAllowPrivateUrls: env.RATECARD_WEBHOOK_ALLOW_PRIVATE_URLS === 'true',
    webhookTimeoutMs: parsePositiveInteger(env.RATECARD_WEBHOOK_TIMEOUT_MS, 15000, 'RATECARD_WEBHOOK_TIMEOUT_MS'),
    jobVisibilityMs: parsePositiveInteger(env.RATECARD_JOB_VISIBILITY_MS, 5 * 60 * 1000, 'RATECARD_JOB_VISIBILITY_MS'),
    entitlementPollMs: parsePositiveInteger(env.RATECARD_ENTITLEMENT_POLL_MS, 100, 'RATECARD_ENTITLEMENT_POLL_MS'),
    exampleApp: (env.RATECARD_EXAMPLE_APP || (env.RATECARD_SEED === 'false' ? 'false' : 'true')) !== 'false',
    deprovisionGraceDays: parseCount(env.RATECARD_DEPROVISION_GRACE_DAYS, 14, 'RATECARD_DEPROVISION_GRACE_DAYS'),
    dataRetentionDays: parseCount(env.RATECARD_DATA_RETENTION_DAYS, 30, 'RATECARD_DATA_RETENTION_DAYS'),
  };
}

function parsePort(text, fallback) {
  if (text === undefined || text === '') return fallback;
  if (text === '0') return 0; // any free port
  const port = parsePositiveInteger(text, fallback, 'PORT');
  if (port > 65535) throw new Error(`PORT must be at most 65535, got ${text}`);
  return port;
}

// A count that may be zero (days of a grace period, say).
function parseCount(text, fallback, name) {
  return text === '0' ? 0 : parsePositiveInteger(text, fallback, name);
}

function parsePositiveInteger(text, fallback, name) {
  if (text === undefined || text === '') return fallback;
  if (!/^[1-9][0-9]{0,8}$/.test(text)) throw new Error(`${name} must be a positive integer, got "${text}"`);
  return Number(text);
}

module.exports = { loadConfig, REPOSITORY_ROOT };
