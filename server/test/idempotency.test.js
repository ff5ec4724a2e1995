'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { sql } = require('kysely');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { createProduct, productSchema } = require('../src/catalog/products');
const { ABANDONED_CLAIM_MS } = require('../src/idempotency/idempotency');

// Every text value of every table, for tests that look for a secret anywhere in the database.
async function everyStoredValue(services) {
  const tables = services.dialect === 'postgres'
    ? (await sql`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(services.db)).rows
    : (await sql`select name from sqlite_master where type = 'table'`.execute(services.db)).rows;
  const values = [];
  for (const { name } of tables) {
    const rows = await services.db.selectFrom(name).selectAll().execute();
    for (const row of rows) values.push(...Object.values(row).map((value) => `${name}: ${value}`));
  }
  return values;
}

const DAY_MS = 24 * 60 * 60 * 1000;

for (const backend of BACKENDS) {
  describe(`Idempotency-Key [${backend}]`, () => {
    let t;
    let clock;
    let failuresBeforeCommit = 0;
    let gate = null; // held by /v1/test/gated's handler until the test opens it
    before(async () => {
      clock = manualClock('2026-03-01T00:00:00.000Z');
      t = await startTestServer(backend, { clock });
      // Handlers that fail at the moments a crash or a slow request would, to check what the
      // stored response does then (registered before the app starts serving).
      const options = (operationId) => ({
        config: { permission: 'catalog:write' },
        schema: { operationId, summary: 'test route', body: { type: 'object' }, response: { 201: productSchema } },
      });
      t.app.post('/v1/test/commit_then_fail', options('testCommitThenFail'), async (request, reply) => {
        reply.code(201);
        await request.transaction((trx) => createProduct(trx, t.services, request.body));
        throw new Error('the process fails after the commit, before the response is sent');
      });
      t.app.post('/v1/test/fail_before_commit', options('testFailBeforeCommit'), async (request, reply) => {
        if (failuresBeforeCommit > 0) {
          failuresBeforeCommit -= 1;
          throw new Error('the request fails before anything commits');
        }
        reply.code(201);
        return request.transaction((trx) => createProduct(trx, t.services, request.body));
      });
      t.app.post('/v1/test/gated', options('testGated'), async (request, reply) => {
        gate.entered += 1;
        await gate.opened;
        reply.code(201);
        return request.transaction((trx) => createProduct(trx, t.services, request.body));
      });
      t.app.post('/v1/test/taken_over', options('testTakenOver'), async (request, reply) => {
        // While this request runs, another with its key finds the claim abandoned and takes it.
        await t.services.db.updateTable('idempotency_keys').set({ id: 'idk_taken_over' })
          .where('id', '=', request.idempotencyClaim.id).execute();
        reply.code(201);
        return request.transaction((trx) => createProduct(trx, t.services, request.body));
      });
    });
    after(() => t.close());

    const post = (key, body, apiKey = t.keys.admin, url = '/v1/products') =>
      t.call('POST', url, { key: apiKey, body, headers: { 'idempotency-key': key } });
    const productsNamed = async (name) => (await t.services.db.selectFrom('products').select('id').where('name', '=', name).execute()).length;
    const countEvents = async (type) => (await t.services.db.selectFrom('events').select('id').where('type', '=', type).execute()).length;

    it('replays the first response for the same key and body, creating one object', async () => {
      const before = await countEvents('product.created');
      const first = await post('key-replay', { name: 'Once', metadata: { a: '1', b: '2' } });
      assert.equal(first.status, 201);
      assert.equal(first.headers['idempotent-replayed'], undefined);
      const again = await post('key-replay', { metadata: { b: '2', a: '1' }, name: 'Once' });
      assert.equal(again.status, 201);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.deepEqual(again.body, first.body);
      assert.equal(await countEvents('product.created'), before + 1);
    });

    it('refuses the same key with another body or another endpoint (409 IDEMPOTENCY_KEY_REUSED)', async () => {
      await expectStatus(post('key-reuse', { name: 'First' }), 201);
      const error = await expectError(post('key-reuse', { name: 'Second' }), 409, 'IDEMPOTENCY_KEY_REUSED', '/headers/idempotency-key');
      assert.match(error.message, /different request/);
      await expectError(post('key-reuse', { name: 'First', currency: 'USD' }, t.keys.admin, '/v1/customers'), 409, 'IDEMPOTENCY_KEY_REUSED');
    });

    it('scopes keys to the caller', async () => {
      const admin = await expectStatus(post('key-scoped', { name: 'Scoped' }), 201);
      const billing = await post('key-scoped', { name: 'Scoped' }, t.keys.billing);
      assert.equal(billing.status, 201);
      assert.equal(billing.headers['idempotent-replayed'], undefined);
      assert.notEqual(billing.body.id, admin.id);
    });

    it('stores and replays client errors from the handler, but not schema refusals', async () => {
      const missing = await post('key-404', { name: 'x', pricing: 1 }, t.keys.admin, '/v1/prices');
      assert.equal(missing.status, 400, 'schema refusal');
      const body = { product: 'prod_missing', currency: 'USD', type: 'one_time', pricing: { model: 'flat', amount: '1' } };
      const first = await post('key-404', body, t.keys.admin, '/v1/prices');
      assert.equal(first.status, 404, 'the key was not used by the schema refusal');
      const replay = await post('key-404', body, t.keys.admin, '/v1/prices');
      assert.equal(replay.status, 404);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.deepEqual(replay.body, first.body);
    });

    it('handles concurrent requests with one key: one runs while the others, overlapping it, are refused', async () => {
      const before = await countEvents('product.created');
      let open;
      gate = { entered: 0, opened: new Promise((resolve) => { open = resolve; }), isOpen: false };
      const safety = setTimeout(() => open(), 10000); // never hang the suite
      let settled = 0;
      const responses = await Promise.all(Array.from({ length: 6 }, () => post('key-race', { name: 'Race' }, t.keys.admin, '/v1/test/gated')
        .then((response) => {
          settled += 1;
          const answeredWhileHeld = !gate.isOpen;
          if (settled === 5) { // every request but the one holding the key has its answer: let it finish
            gate.isOpen = true;
            open();
          }
          return { ...response, answeredWhileHeld };
        })));
      clearTimeout(safety);
      const created = responses.filter((r) => r.status === 201);
      assert.equal(created.length, 1);
      assert.equal(gate.entered, 1, 'one request ran the handler');
      for (const other of responses.filter((r) => r.status !== 201)) {
        assert.equal(other.status, 409);
        assert.equal(other.body.error.code, 'IDEMPOTENCY_KEY_IN_USE');
        assert.ok(other.answeredWhileHeld, 'it was refused while the first request was still running: they overlapped');
      }
      assert.equal(await countEvents('product.created'), before + 1);
      const replay = await post('key-race', { name: 'Race' }, t.keys.admin, '/v1/test/gated');
      assert.deepEqual([replay.headers['idempotent-replayed'], replay.body.id], ['true', created[0].body.id]);
      assert.equal(gate.entered, 1);
    });

    it('releases the key when a request fails (5xx) before anything committed, so the retry runs again', async () => {
      failuresBeforeCommit = 1;
      const failed = await post('key-fails-first', { name: 'Second try' }, t.keys.admin, '/v1/test/fail_before_commit');
      assert.equal(failed.status, 500);
      assert.equal(failed.body.error.code, 'INTERNAL');
      const kept = await t.services.db.selectFrom('idempotency_keys').select('id').where('key', '=', 'key-fails-first').execute();
      assert.deepEqual(kept, [], 'the key was released');
      const retry = await post('key-fails-first', { name: 'Second try' }, t.keys.admin, '/v1/test/fail_before_commit');
      assert.equal(retry.status, 201);
      assert.equal(retry.headers['idempotent-replayed'], undefined, 'the retry ran');
      assert.equal(await productsNamed('Second try'), 1);
      const replay = await post('key-fails-first', { name: 'Second try' }, t.keys.admin, '/v1/test/fail_before_commit');
      assert.deepEqual([replay.status, replay.headers['idempotent-replayed'], replay.body.id], [201, 'true', retry.body.id]);
    });

    it('forgets keys after 24 hours, and the purge job deletes them', async () => {
      const first = await expectStatus(post('key-expiry', { name: 'Expiring' }), 201);
      clock.advance(DAY_MS - 1);
      const within = await post('key-expiry', { name: 'Expiring' });
      assert.equal(within.headers['idempotent-replayed'], 'true');
      clock.advance(1);
      const after24h = await post('key-expiry', { name: 'Expiring' });
      assert.equal(after24h.status, 201);
      assert.equal(after24h.headers['idempotent-replayed'], undefined);
      assert.notEqual(after24h.body.id, first.id);

      clock.advance(DAY_MS + 60 * 60 * 1000);
      await t.worker.drain();
      const left = await t.services.db.selectFrom('idempotency_keys').select('key').execute();
      assert.deepEqual(left, [], 'every key is older than 24 hours and purged');
      const purge = await t.services.db.selectFrom('jobs').selectAll().where('type', '=', 'idempotency.purge').execute();
      assert.equal(purge.length, 1);
      assert.equal(purge[0].status, 'queued', 'the purge job reschedules itself');
    });

    it('stores the response in the transaction of the change: a failure after the commit replays it', async () => {
      const failed = await post('key-commit-fail', { name: 'Committed' }, t.keys.admin, '/v1/test/commit_then_fail');
      assert.equal(failed.status, 500);
      const retry = await post('key-commit-fail', { name: 'Committed' }, t.keys.admin, '/v1/test/commit_then_fail');
      assert.equal(retry.status, 201);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.equal(retry.body.name, 'Committed');
      assert.equal(await productsNamed('Committed'), 1, 'the retry did not run the change again');
    });

    it('rolls back a request whose key was taken over while it ran', async () => {
      const late = await post('key-taken', { name: 'Late' }, t.keys.admin, '/v1/test/taken_over');
      assert.equal(late.status, 409);
      assert.equal(late.body.error.code, 'IDEMPOTENCY_KEY_IN_USE');
      assert.match(late.body.error.message, /took over; nothing was changed/);
      assert.equal(await productsNamed('Late'), 0);
    });

    it('lets the next request take over a claim abandoned mid-request (its process died)', async () => {
      const first = await expectStatus(post('key-abandoned', { name: 'Abandoned' }), 201);
      // As if the process had died after claiming the key, before anything committed.
      const abandon = (age) => t.services.db.updateTable('idempotency_keys')
        .set({ state: 'in_progress', response_status: null, response_body: null, created_at: new Date(clock.now().getTime() - age).toISOString() })
        .where('key', '=', 'key-abandoned').execute();
      await t.services.db.deleteFrom('products').where('id', '=', first.id).execute();
      await abandon(ABANDONED_CLAIM_MS - 1000);
      await expectError(post('key-abandoned', { name: 'Abandoned' }), 409, 'IDEMPOTENCY_KEY_IN_USE', '/headers/idempotency-key');
      await abandon(ABANDONED_CLAIM_MS);
      const retry = await post('key-abandoned', { name: 'Abandoned' });
      assert.equal(retry.status, 201);
      assert.equal(retry.headers['idempotent-replayed'], undefined, 'the request ran');
      assert.equal(await productsNamed('Abandoned'), 1);
      const replay = await post('key-abandoned', { name: 'Abandoned' });
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.equal(replay.body.id, retry.body.id);
    });

    it('never stores an API key secret or portal token: the replay has null in its place', async () => {
      const created = await expectStatus(post('key-secret', { name: 'With a key', role: 'support' }, t.keys.admin, '/v1/api_keys'), 201);
      assert.match(created.secret, /^rcsk_/);
      const replay = await post('key-secret', { name: 'With a key', role: 'support' }, t.keys.admin, '/v1/api_keys');
      assert.equal(replay.status, 201);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.deepEqual(replay.body, { ...created, secret: null });

      const customer = await createCustomer(t);
      const session = await expectStatus(post('key-token', { customer: customer.id }, t.keys.admin, '/v1/portal_sessions'), 201);
      assert.match(session.token, /^rcps_/);
      const replayed = await post('key-token', { customer: customer.id }, t.keys.admin, '/v1/portal_sessions');
      assert.equal(replayed.status, 201);
      assert.deepEqual(replayed.body, { ...session, token: null });

      const stored = await everyStoredValue(t.services);
      assert.ok(stored.some((value) => value.startsWith('idempotency_keys: ') && value.includes(created.id)), 'the replay is stored');
      for (const secret of [created.secret, session.token]) {
        const secretPart = secret.split('_')[2];
        assert.deepEqual(stored.filter((value) => value.includes(secretPart)), [], 'no table holds the secret');
      }
    });

    it('refuses malformed keys', async () => {
      await expectError(post('x'.repeat(256), { name: 'Long' }), 400, 'INVALID_ARGUMENT', '/headers/idempotency-key');
      await expectError(post('has space', { name: 'Space' }), 400, 'INVALID_ARGUMENT', '/headers/idempotency-key');
    });
  });
}
