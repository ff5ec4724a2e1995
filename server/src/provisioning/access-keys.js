'use strict';
const { invalidState, notFound } = require('../http/errors');
const { newId, randomSecret } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { hashSecret } = require('../auth/credentials');
const { parseJson } = require('../db/rows');
const { customerNow } = require('../customers/customers');
const { queueSync } = require('./accounts');

// Customer access keys: what the seller's customers use to call the seller's product (not the
// operator keys of /v1/api_keys). A key is "rcak_<10-char prefix>_<40-char secret>", shown
// once; Ratecard and the provisioned service keep only its prefix and SHA-256 hash (200
// random bits: a fast hash suffices). Each key has scopes (the features it may use, or "*")
// and quotas (a metered allowance per key, enforced where it is used: the service decides it
// locally with the core). Rotation issues a new key and lets the old one work for an overlap
// window; revocation stops a key at once.

const KEY_KIND = 'rcak';
const DEFAULT_OVERLAP_SECONDS = 24 * 60 * 60;
const QUOTA_RESETS = ['day', 'week', 'month', 'billing_period', 'never'];

const quotaSchema = {
  type: 'object', additionalProperties: false, required: ['feature', 'limit'],
  properties: {
    feature: { type: 'string', minLength: 1, maxLength: 255 },
    limit: { type: 'string', pattern: '^(0|[1-9][0-9]*)(\\.[0-9]+)?$', maxLength: 40, description: 'Units this key may use per reset period (a decimal string)' },
    reset: { enum: QUOTA_RESETS, default: 'day' },
  },
};

const accessKeySchema = {
  type: 'object',
  title: 'AccessKey',
  properties: {
    id: { type: 'string' }, object: { const: 'access_key' }, customer: { type: 'string' }, account: { type: 'string' },
    name: { type: 'string' }, prefix: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string' } }, quotas: { type: 'array', items: quotaSchema },
    status: { enum: ['active', 'expiring', 'expired', 'revoked'] },
    rotated_from: { type: ['string', 'null'] }, expires_at: { type: ['string', 'null'] }, revoked_at: { type: ['string', 'null'] },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
    secret: { type: ['string', 'null'], description: 'The key itself: in the response that creates it (create, rotate) and never again; null in a replayed response' },
  },
};

function keyStatus(row, nowText) {
  if (row.revoked_at) return 'revoked';
  if (row.expires_at && row.expires_at <= nowText) return 'expired';
  return row.expires_at ? 'expiring' : 'active';
}

function presentAccessKey(row, now) {
  return {
    id: row.id, object: 'access_key', customer: row.customer_id, account: row.account_id, name: row.name, prefix: row.prefix,
    scopes: parseJson(row.scopes), quotas: parseJson(row.quotas), status: keyStatus(row, toInstant(now)),
    rotated_from: row.rotated_from, expires_at: row.expires_at, revoked_at: row.revoked_at,
    created_at: row.created_at, updated_at: row.updated_at,
  };
}

/// Creates a key for the account; returns { row, secret } (the secret exists only here).
async function createAccessKey(trx, services, account, { name, scopes = ['*'], quotas = [], rotatedFrom = null }) {
  if (account.status === 'deprovisioned') throw invalidState('the account is deprovisioned');
  const prefix = `${KEY_KIND}_${randomSecret(10).slice(0, 10)}`;
  const secret = `${prefix}_${randomSecret(40).slice(0, 40)}`;
  const now = toInstant(services.clock.now());
  const row = {
    id: newId('ak'), account_id: account.id, customer_id: account.customer_id, name, prefix, secret_hash: hashSecret(secret),
    scopes: JSON.stringify(scopes), quotas: JSON.stringify(quotas.map((q) => ({ reset: 'day', ...q }))),
    rotated_from: rotatedFrom, expires_at: null, revoked_at: null, created_at: now, updated_at: now,
  };
  await trx.insertInto('access_keys').values(row).execute();
  await recordEvent(trx, { type: rotatedFrom ? 'access_key.rotated' : 'access_key.issued', object: presentAccessKey(row, services.clock.now()), customerId: account.customer_id }, services.clock.now());
  await queueSync(trx, services.clock, account, { kind: 'access_key', id: row.id });
  return { row, secret };
}

async function findAccessKey(executor, customerId, keyId) {
  const row = await executor.selectFrom('access_keys').selectAll().where('id', '=', keyId).where('customer_id', '=', customerId).executeTakeFirst();
  if (!row) throw notFound('access key', keyId);
  return row;
}

/// Rotates a key: a new key with the same name, scopes and quotas, and the old one working
/// for `overlapSeconds` more (by the customer's clock). Returns { row, secret } of the new key.
async function rotateAccessKey(trx, services, account, key, { overlapSeconds = DEFAULT_OVERLAP_SECONDS }) {
  const now = await customerClockNow(trx, services, account);
  if (keyStatus(key, toInstant(now)) !== 'active') throw invalidState(`only an active key can be rotated; this one is ${keyStatus(key, toInstant(now))}`);
  const expiresAt = addMilliseconds(toInstant(now), overlapSeconds * 1000);
  await trx.updateTable('access_keys').set({ expires_at: expiresAt, updated_at: toInstant(services.clock.now()) }).where('id', '=', key.id).execute();
  await queueSync(trx, services.clock, account, { kind: 'access_key', id: key.id });
  return createAccessKey(trx, services, account, {
    name: key.name, scopes: parseJson(key.scopes), quotas: parseJson(key.quotas), rotatedFrom: key.id,
  });
}

/// Revokes a key at once.
async function revokeAccessKey(trx, services, account, key) {
  if (key.revoked_at) throw invalidState('the key is already revoked');
  const changes = { revoked_at: toInstant(await customerClockNow(trx, services, account)), updated_at: toInstant(services.clock.now()) };
  await trx.updateTable('access_keys').set(changes).where('id', '=', key.id).execute();
  const row = { ...key, ...changes };
  await recordEvent(trx, { type: 'access_key.revoked', object: presentAccessKey(row, services.clock.now()), customerId: key.customer_id }, services.clock.now());
  await queueSync(trx, services.clock, account, { kind: 'access_key', id: key.id });
  return row;
}

/// The keys of a customer that work now, as a provisioned service verifies them:
/// [{ id, prefix, secret_hash, scopes, quotas, expires_at }].
async function activeAccessKeys(executor, customerId, now) {
  const nowText = toInstant(now);
  const rows = await executor.selectFrom('access_keys').selectAll().where('customer_id', '=', customerId)
    .where('revoked_at', 'is', null).orderBy('id').execute();
  return rows.filter((row) => !row.expires_at || row.expires_at > nowText).map(serviceView);
}

/// What a provisioned service stores of a key (never the secret).
function serviceView(row) {
  return {
    id: row.id, prefix: row.prefix, secret_hash: row.secret_hash, scopes: parseJson(row.scopes), quotas: parseJson(row.quotas),
    expires_at: row.expires_at, revoked_at: row.revoked_at,
  };
}

async function customerClockNow(trx, services, account) {
  const customer = await trx.selectFrom('customers').selectAll().where('id', '=', account.customer_id).executeTakeFirstOrThrow();
  return customerNow(trx, customer, services.clock);
}

module.exports = {
  accessKeySchema, quotaSchema, presentAccessKey, createAccessKey, findAccessKey, rotateAccessKey, revokeAccessKey,
  activeAccessKeys, serviceView, DEFAULT_OVERLAP_SECONDS,
};
