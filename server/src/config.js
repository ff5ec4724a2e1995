'use strict';
const path = require('node:path');
const { parseOrigins } = require('./http/cors');
const { parseRateLimit, DEFAULT_RATE_LIMITS } = require('./http/rate-limits');

const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');

/// Reads the server's configuration from the environment (docs/server.md lists every variable).
/// The seller of checkout quotes, as the core's tax op reads it: where it is and where it is
/// registered to collect tax (the core checks the codes when a quote is taxed).
function checkoutSeller(env) {
  const seller = { country: env.RATECARD_SELLER_COUNTRY || 'US' };
  const region = env.RATECARD_SELLER_REGION ?? 'NY';
  if (region) seller.region = region;
  const registrations = env.RATECARD_SELLER_TAX_REGISTRATIONS ?? 'US-NY,EU,GB';
  seller.registrations = registrations.split(',').map((code) => code.trim()).filter(Boolean);
  return seller;
}

function loadConfig(env = process.env) {
  const dataDir = path.resolve(env.RATECARD_DATA_DIR || path.join(REPOSITORY_ROOT, 'data'));
  return {
    port: parsePort(env.PORT, 8080),
    host: env.HOST || 'localhost',
    databaseUrl: env.DATABASE_URL || null,
    dataDir,
    sqliteFile: env.RATECARD_SQLITE_FILE || path.join(dataDir, 'ratecard.sqlite'),
    sqliteSynchronous: (env.RATECARD_SQLITE_SYNCHRONOUS || 'FULL').toUpperCase(),
    logLevel: env.LOG_LEVEL || 'info',
    logFormat: oneOf(env.LOG_FORMAT, ['auto', 'json', 'pretty'], 'auto', 'LOG_FORMAT'),
    coreBackend: oneOf(env.RATECARD_CORE_BACKEND, ['auto', 'native', 'wasm'], 'auto', 'RATECARD_CORE_BACKEND'),
    corsOrigins: parseOrigins(env.RATECARD_CORS_ORIGINS),
    rateLimits: readRateLimits(env),
    trustProxy: parseTrustProxy(env.RATECARD_TRUST_PROXY),
    seed: env.RATECARD_SEED !== 'false',
    worker: env.RATECARD_WORKER !== 'false',
    autoBilling: env.RATECARD_AUTO_BILLING !== 'false',
    thresholdsIntervalMs: parsePositiveInteger(env.RATECARD_THRESHOLDS_INTERVAL_MS, 30 * 1000, 'RATECARD_THRESHOLDS_INTERVAL_MS'),
    workerPollMs: parsePositiveInteger(env.RATECARD_WORKER_POLL_MS, 500, 'RATECARD_WORKER_POLL_MS'),
    jobRetentionDays: parsePositiveInteger(env.RATECARD_JOB_RETENTION_DAYS, 7, 'RATECARD_JOB_RETENTION_DAYS'),
    smtpUrl: env.RATECARD_SMTP_URL || null,
    mailFrom: env.RATECARD_MAIL_FROM || 'Ratecard <billing@ratecard.localhost>',
    publicUrl: publicUrl(env.RATECARD_PUBLIC_URL),
    paymentUpdateUrl: env.RATECARD_PAYMENT_UPDATE_URL || null,
    mailDir: path.resolve(env.RATECARD_MAIL_DIR || path.join(dataDir, 'mail')),
    encryptionKey: env.RATECARD_ENCRYPTION_KEY || null,
    encryptionOldKeys: (env.RATECARD_ENCRYPTION_OLD_KEYS || '').split(',').map((key) => key.trim()).filter(Boolean),
    webhookAllowPrivateUrls: env.RATECARD_WEBHOOK_ALLOW_PRIVATE_URLS === 'true',
    webhookTimeoutMs: parsePositiveInteger(env.RATECARD_WEBHOOK_TIMEOUT_MS, 15000, 'RATECARD_WEBHOOK_TIMEOUT_MS'),
    jobVisibilityMs: parsePositiveInteger(env.RATECARD_JOB_VISIBILITY_MS, 5 * 60 * 1000, 'RATECARD_JOB_VISIBILITY_MS'),
    usage: usageConfig(env),
    entitlementPollMs: parsePositiveInteger(env.RATECARD_ENTITLEMENT_POLL_MS, 100, 'RATECARD_ENTITLEMENT_POLL_MS'),
    apiKeyCacheMs: parseCount(env.RATECARD_API_KEY_CACHE_MS, 2000, 'RATECARD_API_KEY_CACHE_MS'),
    exampleApp: (env.RATECARD_EXAMPLE_APP || (env.RATECARD_SEED === 'false' ? 'false' : 'true')) !== 'false',
    deprovisionGraceDays: parseCount(env.RATECARD_DEPROVISION_GRACE_DAYS, 14, 'RATECARD_DEPROVISION_GRACE_DAYS'),
    dataRetentionDays: parseCount(env.RATECARD_DATA_RETENTION_DAYS, 30, 'RATECARD_DATA_RETENTION_DAYS'),
    payments: paymentsConfig(env),
    incompleteExpiryHours: parsePositiveInteger(env.RATECARD_INCOMPLETE_EXPIRY_HOURS, 23, 'RATECARD_INCOMPLETE_EXPIRY_HOURS'),
    bankVerificationDays: parsePositiveInteger(env.RATECARD_BANK_VERIFICATION_DAYS, 14, 'RATECARD_BANK_VERIFICATION_DAYS'),
    checkoutTtlSeconds: parsePositiveInteger(env.RATECARD_CHECKOUT_TTL_SECONDS, 30 * 60, 'RATECARD_CHECKOUT_TTL_SECONDS'),
    checkoutSeller: checkoutSeller(env),
  };
}

// RATECARD_RATE_LIMIT_API_KEY, _OPERATOR_SESSION, _PORTAL_SESSION, _CLIENT_IP: each policy of http/rate-limits.js.
function readRateLimits(env) {
  return Object.fromEntries(Object.entries(DEFAULT_RATE_LIMITS).map(([policy, fallback]) => {
    const name = `RATECARD_RATE_LIMIT_${policy.toUpperCase()}`;
    return [policy, env[name] ? parseRateLimit(env[name], name) : fallback];
  }));
}

// Behind a reverse proxy, the client address is in X-Forwarded-For: "true" trusts every proxy,
// a number that many hops, anything else is a list of proxy addresses or CIDR ranges.
function parseTrustProxy(text) {
  if (text === undefined || text === '' || text === 'false') return false;
  if (text === 'true') return true;
  if (/^[0-9]{1,2}$/.test(text)) return Number(text);
  return text.split(',').map((item) => item.trim()).filter(Boolean);
}

function oneOf(text, choices, fallback, name) {
  if (text === undefined || text === '') return fallback;
  if (!choices.includes(text)) throw new Error(`${name} must be one of ${choices.join(', ')}, got "${text}"`);
  return text;
}

// Usage metering's windows (docs/server.md, "Usage metering"); unset ones keep their defaults.
function usageConfig(env) {
  const usage = {
    dedupDays: parsePositiveInteger(env.RATECARD_USAGE_DEDUP_DAYS, undefined, 'RATECARD_USAGE_DEDUP_DAYS'),
    lookbackDays: parsePositiveInteger(env.RATECARD_USAGE_LOOKBACK_DAYS, undefined, 'RATECARD_USAGE_LOOKBACK_DAYS'),
    futureSeconds: parsePositiveInteger(env.RATECARD_USAGE_FUTURE_SECONDS, undefined, 'RATECARD_USAGE_FUTURE_SECONDS'),
    retentionDays: parsePositiveInteger(env.RATECARD_USAGE_RETENTION_DAYS, undefined, 'RATECARD_USAGE_RETENTION_DAYS'),
  };
  return Object.fromEntries(Object.entries(usage).filter(([, value]) => value !== undefined));
}

// The card vault and the gateways (docs/server.md, "Payments"). Without RATECARD_VAULT_URL,
// `npm start` runs the vault and two simulated gateways itself (seed/payment-services.js).
function paymentsConfig(env) {
  let gateways = [];
  if (env.RATECARD_GATEWAYS) {
    try {
      gateways = JSON.parse(env.RATECARD_GATEWAYS);
    } catch {
      throw new Error('RATECARD_GATEWAYS must be JSON: [{"name", "url", "api_key", "webhook_secret"}]');
    }
  }
  return {
    vaultUrl: env.RATECARD_VAULT_URL || null,
    vaultApiKey: env.RATECARD_VAULT_API_KEY || null,
    vaultPublicUrl: env.RATECARD_VAULT_PUBLIC_URL || null,
    gateways,
    timeoutMs: parsePositiveInteger(env.RATECARD_GATEWAY_TIMEOUT_MS, 10000, 'RATECARD_GATEWAY_TIMEOUT_MS'),
    recoveryDelayMs: parsePositiveInteger(env.RATECARD_PAYMENT_RECOVERY_DELAY_MS, 60000, 'RATECARD_PAYMENT_RECOVERY_DELAY_MS'),
  };
}

// Where customers reach this server's pages (links in mail): an http(s) URL without a trailing slash.
function publicUrl(text) {
  if (text === undefined || text === '') return 'http://localhost:8080';
  if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(text)) throw new Error(`RATECARD_PUBLIC_URL must be an http or https URL such as https://billing.example.com, got "${text}"`);
  return text.replace(/\/+$/, '');
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
