'use strict';
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { KINDS, newCredential } = require('./credentials');
const { PUBLISHABLE_ROLE } = require('./roles');

/// Creates an API key; returns { record, secret }. The secret exists only in this return value:
/// the database keeps its hash. A `publishable` key (`rcpk_`, roles.js) is meant to be public:
/// it may only create and complete checkout sessions.
async function createApiKey(executor, { name, role, bootstrap = false }, now) {
  const { prefix, secret, hash } = newCredential(role === PUBLISHABLE_ROLE ? KINDS.publishableKey : KINDS.apiKey);
  const record = {
    id: newId('key'),
    prefix,
    secret_hash: hash,
    name,
    role,
    bootstrap: bootstrap ? 1 : 0,
    created_at: toInstant(now),
    last_used_at: null,
    revoked_at: null,
  };
  await executor.insertInto('api_keys').values(record).execute();
  return { record, secret };
}

/// The API object of a key: never its secret or hash.
function presentApiKey(row) {
  return {
    id: row.id,
    object: 'api_key',
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    created_at: row.created_at,
    last_used_at: row.last_used_at,
    revoked_at: row.revoked_at,
  };
}

module.exports = { createApiKey, presentApiKey };
