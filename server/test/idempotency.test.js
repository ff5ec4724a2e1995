'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { expectStatus, expectError } = require('./support/fixtures');

const DAY_MS = 24 * 60 * 60 * 1000;

for (const backend of BACKENDS) {
  describe(`Idempotency-Key [${backend}]`, () => {
    let t;
    let clock;
    before(async () => {
      clock = manualClock('2026-03-01T00:00:00.000Z');
      t = await startTestServer(backend, { clock });
    });
    after(() => t.close());

    const post = (key, body, apiKey = t.keys.admin, url = '/v1/products') =>
      t.call('POST', url, { key: apiKey, body, headers: { 'idempotency-key': key } });
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

    it('handles concurrent requests with one key: one runs, none duplicates', async () => {
      const before = await countEvents('product.created');
      const responses = await Promise.all(Array.from({ length: 6 }, () => post('key-race', { name: 'Race' })));
      const created = responses.filter((r) => r.status === 201);
      assert.ok(created.length >= 1);
      assert.equal(new Set(created.map((r) => r.body.id)).size, 1);
      for (const other of responses.filter((r) => r.status !== 201)) {
        assert.equal(other.status, 409);
        assert.equal(other.body.error.code, 'IDEMPOTENCY_KEY_IN_USE');
      }
      assert.equal(await countEvents('product.created'), before + 1);
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

    it('refuses malformed keys', async () => {
      await expectError(post('x'.repeat(256), { name: 'Long' }), 400, 'INVALID_ARGUMENT', '/headers/idempotency-key');
      await expectError(post('has space', { name: 'Space' }), 400, 'INVALID_ARGUMENT', '/headers/idempotency-key');
    });
  });
}
