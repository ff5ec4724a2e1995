'use strict';
const { ApiError, notFound } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant } = require('../time');

// Targets: the services Ratecard provisions over HTTP (the seller's product, such as
// examples/provisioned-app). Ratecard signs every request it sends them (target-client.js).

const targetSchema = {
  type: 'object',
  title: 'ProvisioningTarget',
  properties: {
    id: { type: 'string' }, object: { const: 'provisioning_target' }, name: { type: 'string' }, base_url: { type: 'string' },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

function presentTarget(row) {
  return { id: row.id, object: 'provisioning_target', name: row.name, base_url: row.base_url, created_at: row.created_at, updated_at: row.updated_at };
}

/// A base URL Ratecard may call: http or https, no credentials, no query or fragment.
function checkBaseUrl(text, path) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new ApiError('INVALID_ARGUMENT', 'is not a URL', path);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw new ApiError('INVALID_ARGUMENT', 'must be an http or https URL without credentials, query or fragment', path);
  }
  return url.toString().replace(/\/$/, '');
}

/// Registers a target, or updates the base URL of the one with the same name.
async function upsertTarget(trx, { clock }, { name, base_url: baseUrl }) {
  const url = checkBaseUrl(baseUrl, '/base_url');
  const now = toInstant(clock.now());
  const existing = await trx.selectFrom('provisioning_targets').selectAll().where('name', '=', name).executeTakeFirst();
  if (existing) {
    await trx.updateTable('provisioning_targets').set({ base_url: url, updated_at: now }).where('id', '=', existing.id).execute();
    return { ...existing, base_url: url, updated_at: now };
  }
  const row = { id: newId('tgt'), name, base_url: url, created_at: now, updated_at: now };
  await trx.insertInto('provisioning_targets').values(row).execute();
  return row;
}

/// The target an order names (id or name), or the only one registered.
async function resolveTarget(executor, idOrName, path = '/target') {
  if (idOrName) {
    const row = await executor.selectFrom('provisioning_targets').selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)])).executeTakeFirst();
    if (!row) throw notFound('provisioning target', idOrName, path);
    return row;
  }
  const rows = await executor.selectFrom('provisioning_targets').selectAll().limit(2).execute();
  if (rows.length !== 1) {
    throw new ApiError(rows.length ? 'MISSING_FIELD' : 'INVALID_STATE',
      rows.length ? 'several provisioning targets exist: name one' : 'no provisioning target is registered (POST /v1/provisioning_targets)', path);
  }
  return rows[0];
}

async function findTarget(executor, id) {
  const row = await executor.selectFrom('provisioning_targets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('provisioning target', id);
  return row;
}

module.exports = { targetSchema, presentTarget, upsertTarget, resolveTarget, findTarget };
