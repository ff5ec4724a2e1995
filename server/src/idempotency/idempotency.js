'use strict';
const crypto = require('node:crypto');
const { ApiError } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { groupCommitter } = require('../db/group-commit');

/// How long a key is remembered.
const RETENTION_MS = 24 * 60 * 60 * 1000;
/// A key whose first request has not finished after this long is taken to be abandoned (its
/// process died mid-request): the next request with the key takes it over.
const ABANDONED_CLAIM_MS = 60 * 1000;
const KEY_PATTERN = '^[\\x21-\\x7e]{1,255}$';

/// The request header of every POST, as the route schemas declare it (Fastify validates it:
/// a malformed key is INVALID_ARGUMENT at /headers/idempotency-key).
const idempotencyKeyHeader = {
  type: 'string', pattern: KEY_PATTERN,
  description: 'Makes the POST safe to retry: 1 to 255 printable ASCII characters, kept 24 hours (docs/server.md, "Idempotency")',
};

/// The response header of a replayed response.
const replayedHeader = {
  type: 'string', enum: ['true'],
  description: 'Present on a response replayed for a repeated Idempotency-Key; nothing ran again',
};

/// Declares Idempotency-Key on a POST route of the API (called from the app's onRoute hook):
/// the header in its schema, the replay header on its responses, and `config.idempotent`.
function declareIdempotency(route) {
  if (![].concat(route.method).includes('POST')) return;
  route.config = { ...route.config, idempotent: true };
  route.schema.headers = {
    type: 'object',
    properties: { ...(route.schema.headers?.properties || {}), 'Idempotency-Key': idempotencyKeyHeader },
  };
  route.schema.response = Object.fromEntries(Object.entries(route.schema.response).map(([status, schema]) => [
    status, { ...schema, headers: { ...(schema.headers || {}), 'Idempotent-Replayed': replayedHeader } },
  ]));
}

/// Fastify hooks that make every POST safe to retry with an `Idempotency-Key` header, and
/// `request.transaction(work, { grouped })`, the transaction a handler runs its change in
/// (`grouped`: on SQLite, shared with the grouped changes of concurrent requests and committed
/// once for all, each in its own savepoint: db/group-commit.js).
///
/// The first request with a key claims it (state in_progress) and runs. When its handler runs
/// `request.transaction`, the response is stored in that same transaction, so the change and
/// its stored response commit together: a crash after the commit leaves the response to
/// replay, a failure before it leaves nothing. Other handlers (and errors) store the response
/// when it is sent; a 5xx with nothing committed releases the key. The same key with the same
/// method, path and body replays the stored response (header `Idempotent-Replayed: true`); with
/// anything else it is IDEMPOTENCY_KEY_REUSED (409); while the first request runs it is
/// IDEMPOTENCY_KEY_IN_USE (409), until the claim is ABANDONED_CLAIM_MS old and may be taken
/// over. Routes whose response holds a credential name its fields in `config.secretFields`:
/// the stored copy has them set to null, so a replay shows the object without the secret.
/// Keys are scoped to the caller (API key or portal session) and kept 24 hours.
///
/// `request.transaction(work, { storeResponse: false })` runs the change (and the hooks) without
/// storing the response: for a handler whose answer is known only after further steps of its
/// own (the checkout's card step: the order commits, then the card is charged); its response is
/// stored when it is sent.
///
/// `app.addRequestTransactionHook({ begin(request, trx), beforeCommit(request, reply, trx, value,
/// { storeResponse }), afterCommit(request), afterRollback(request) })` lets a domain act inside every
/// `request.transaction` (the audit log writes its entry there, so an entry commits exactly
/// when the change it describes does).
function registerIdempotency(app, { db, dialect, clock }) {
  const inOwnTransaction = (work) => db.transaction().execute(work);
  const inGroupTransaction = groupCommitter(db, dialect);
  app.decorateRequest('transaction', null);
  app.decorateRequest('idempotencyClaim', null);
  const transactionHooks = [];
  app.decorate('addRequestTransactionHook', (hook) => {
    transactionHooks.push(hook);
  });

  // Plain functions, not async ones: a request on a route that is not idempotent (every read)
  // or without an Idempotency-Key passes on at once, without the promise an async hook costs it.
  app.addHook('preHandler', (request, reply, done) => {
    request.transaction = (work, { grouped = false, ...options } = {}) => runInTransaction(
      grouped ? inGroupTransaction : inOwnTransaction, request, reply, work, transactionHooks, options);
    const config = request.routeOptions.config || {};
    const key = request.headers['idempotency-key'];
    if (!config.idempotent || key === undefined) return done();
    return claimOrReplay(request, reply, config, key);
  });

  async function claimOrReplay(request, reply, config, key) {
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
      request.idempotencyClaim = { id: record.id, secretFields: config.secretFields || [], stored: false };
      return;
    }
    const existing = await db.selectFrom('idempotency_keys').selectAll()
      .where('principal', '=', record.principal).where('key', '=', key).executeTakeFirst();
    if (!existing) throw keyInUse();
    if (existing.request_hash !== record.request_hash) {
      throw new ApiError('IDEMPOTENCY_KEY_REUSED',
        `this Idempotency-Key was used for a different request (${existing.method} ${existing.path} with another body); use a new key for a new request`,
        '/headers/idempotency-key');
    }
    if (existing.state !== 'done') throw keyInUse();
    reply.header('idempotent-replayed', 'true');
    reply.header('content-type', 'application/json; charset=utf-8');
    return reply.code(existing.response_status).send(existing.response_body);
  }

  app.addHook('onSend', (request, reply, payload, done) => {
    const claim = request.idempotencyClaim;
    if (!claim || claim.stored) return done(null, payload);
    return storeClaimedResponse(request, reply, claim, payload);
  });

  async function storeClaimedResponse(request, reply, claim, payload) {
    if (reply.statusCode >= 500) {
      await db.deleteFrom('idempotency_keys').where('id', '=', claim.id).where('state', '=', 'in_progress').execute();
    } else if (!await storeResponse(db, claim, reply.statusCode, String(payload ?? ''))) {
      request.log.warn('the Idempotency-Key was taken over by another request before this response was stored');
    }
    return payload;
  }
}

/// Runs `work(trx)` in the transaction `transaction(work)` gives it and, when the request holds
/// an idempotency claim, stores its response (the status set on `reply`, the body `work`
/// returns, serialized as the route sends it) in the same transaction, after the `hooks`
/// (registerIdempotency) ran; with `storeResponse: false`, only the hooks. Returns what `work`
/// returns.
async function runInTransaction(transaction, request, reply, work, hooks, options = {}) {
  const storing = options.storeResponse !== false;
  const claim = storing ? request.idempotencyClaim : null;
  let result;
  try {
    result = await transaction(async (trx) => {
      for (const hook of hooks) await hook.begin(request, trx);
      const value = await work(trx);
      for (const hook of hooks) await hook.beforeCommit(request, reply, trx, value, { storeResponse: storing });
      if (claim && !claim.stored && !await storeResponse(trx, claim, reply.statusCode, reply.serialize(value))) {
        throw new ApiError('IDEMPOTENCY_KEY_IN_USE',
          `this request ran longer than ${ABANDONED_CLAIM_MS / 1000} s and another request with its Idempotency-Key took over; nothing was changed`,
          '/headers/idempotency-key');
      }
      return value;
    });
  } catch (error) {
    for (const hook of hooks) hook.afterRollback(request);
    throw error;
  }
  for (const hook of hooks) hook.afterCommit(request);
  if (claim) claim.stored = true;
  return result;
}

const keyInUse = () => new ApiError('IDEMPOTENCY_KEY_IN_USE', 'a request with this Idempotency-Key is in progress; retry later', '/headers/idempotency-key');

// Finishes the claim with the response; false when the claim is no longer ours.
async function storeResponse(executor, claim, status, body) {
  const result = await executor.updateTable('idempotency_keys')
    .set({ state: 'done', response_status: status, response_body: withoutSecrets(body, claim.secretFields, status) })
    .where('id', '=', claim.id).where('state', '=', 'in_progress').executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0) === 1;
}

// The response body to store: a successful response's secret fields set to null.
function withoutSecrets(body, secretFields, status) {
  if (!secretFields.length || status >= 300) return body;
  const object = JSON.parse(body);
  for (const field of secretFields) if (field in object) object[field] = null;
  return JSON.stringify(object);
}

// Inserts the key unless the caller already has it. A key past its 24 hours, or a claim
// abandoned mid-request, is removed first (so its key is claimed anew).
async function claimKey(db, record, now) {
  const nowText = toInstant(now);
  const abandonedBefore = addMilliseconds(nowText, -ABANDONED_CLAIM_MS);
  await db.deleteFrom('idempotency_keys')
    .where('principal', '=', record.principal).where('key', '=', record.key)
    .where((eb) => eb.or([
      eb('expires_at', '<=', nowText),
      eb.and([eb('state', '=', 'in_progress'), eb('created_at', '<=', abandonedBefore)]),
    ]))
    .execute();
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

module.exports = {
  registerIdempotency, declareIdempotency, purgeExpiredKeys, canonicalJson, RETENTION_MS, ABANDONED_CLAIM_MS,
};
