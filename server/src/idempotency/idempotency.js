'use strict';
const crypto = require('node:crypto');
const { ApiError } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');

/// How long a key is remembered.
const RETENTION_MS = 24 * 60 * 60 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/// Fastify hooks that make every POST safe to retry with an `Idempotency-Key` header.
/// The first request with a key runs and its response (status below 500) is stored; the same
/// key with the same method, path and body replays it (header `Idempotent-Replayed: true`); the
/// same key with anything else is IDEMPOTENCY_KEY_REUSED (409); a key whose first request is
/// still running is IDEMPOTENCY_KEY_IN_USE (409). A 5xx releases the key. Keys are scoped to
/// the caller (API key or portal session) and kept 24 hours.
function registerIdempotency(app, { db, clock }) {
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const key = request.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new ApiError('INVALID_ARGUMENT', 'Idempotency-Key must be 1 to 255 printable ASCII characters', '/headers/idempotency-key');
    }
    const now = clock.now();
    const record = {
      id: newId('idk'),
      principal: request.principal.scope,
      key,
      method: request.method,
      path: request.url.split('?')[0],
      request_hash: hashRequest(request),
      state: 'in_progress',
      response_status: null,
      response_body: null,
      created_at: toInstant(now),
      expires_at: addMilliseconds(toInstant(now), RETENTION_MS),
    };
    if (await claimKey(db, record, now)) {
      request.idempotencyRecordId = record.id;
      return;
    }
    const existing = await db.selectFrom('idempotency_keys').selectAll()
      .where('principal', '=', record.principal).where('key', '=', key).executeTakeFirst();
    if (!existing) throw new ApiError('IDEMPOTENCY_KEY_IN_USE', 'a request with this Idempotency-Key is in progress; retry later', '/headers/idempotency-key');
    if (existing.request_hash !== record.request_hash) {
      throw new ApiError('IDEMPOTENCY_KEY_REUSED',
        `this Idempotency-Key was used for a different request (${existing.method} ${existing.path} with another body); use a new key for a new request`,
        '/headers/idempotency-key');
    }
    if (existing.state !== 'done') {
      throw new ApiError('IDEMPOTENCY_KEY_IN_USE', 'a request with this Idempotency-Key is in progress; retry later', '/headers/idempotency-key');
    }
    reply.header('idempotent-replayed', 'true');
    reply.header('content-type', 'application/json; charset=utf-8');
    request.idempotencyReplay = true;
    return reply.code(existing.response_status).send(existing.response_body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const id = request.idempotencyRecordId;
    if (!id) return payload;
    if (reply.statusCode >= 500) {
      await db.deleteFrom('idempotency_keys').where('id', '=', id).execute();
    } else {
      await db.updateTable('idempotency_keys')
        .set({ state: 'done', response_status: reply.statusCode, response_body: String(payload ?? '') })
        .where('id', '=', id).execute();
    }
    return payload;
  });
}

// Inserts the key unless the caller already has it; an expired key is removed first.
async function claimKey(db, record, now) {
  await db.deleteFrom('idempotency_keys')
    .where('principal', '=', record.principal).where('key', '=', record.key)
    .where('expires_at', '<=', toInstant(now)).execute();
  const result = await db.insertInto('idempotency_keys').values(record)
    .onConflict((conflict) => conflict.columns(['principal', 'key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

function hashRequest(request) {
  const text = `${request.method} ${request.url.split('?')[0]}\n${canonicalJson(request.body ?? null)}`;
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/// JSON with object keys sorted, so two bodies that differ only in key order are the same.
function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/// Deletes keys past their 24 hours; returns how many.
async function purgeExpiredKeys(db, now) {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', toInstant(now)).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}

module.exports = { registerIdempotency, purgeExpiredKeys, canonicalJson, RETENTION_MS };
