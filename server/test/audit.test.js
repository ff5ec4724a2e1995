'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { sql } = require('kysely');
const { BACKENDS, startTestServer, manualClock } = require('./support/harness');
const { createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { createProduct, productSchema, findProduct, presentProduct, PRODUCT_UPDATE_FIELDS } = require('../src/catalog/products');
const { updateObject } = require('../src/db/update-object');
const { idParam } = require('../src/http/schemas');
const { ApiError } = require('../src/http/errors');
const { eraseAuditEntries } = require('../src/audit/erasure');
const { watchedWorkCount } = require('../src/db/change-notices');

const USER_AGENT = 'audit-test/1.0';
const CLIENT_IP = '203.0.113.7';

for (const backend of BACKENDS) {
  describe(`audit log [${backend}]`, () => {
    let t;
    let clock;
    let keyIds;
    let releaseHeld = null;
    before(async () => {
      clock = manualClock('2026-04-01T08:00:00.000Z');
      // Behind a proxy on 127.0.0.1 (RATECARD_TRUST_PROXY): only it may name the client address.
      t = await startTestServer(backend, { clock, config: { trustProxy: ['127.0.0.1'] } });
      // A change that fails inside its transaction after writing (the product and its event).
      t.app.post('/v1/test/change_then_conflict', {
        config: { permission: 'catalog:write' },
        schema: { operationId: 'testChangeThenConflict', summary: 'test route', body: { type: 'object' }, response: { 201: productSchema } },
      }, async (request, reply) => {
        reply.code(201);
        return request.transaction(async (trx) => {
          await createProduct(trx, t.services, request.body);
          throw new ApiError('CONFLICT', 'the change met another one');
        });
      });
      // A change that commits, then the handler fails before answering, as a crash would.
      t.app.post('/v1/test/commit_then_fail', {
        config: { permission: 'catalog:write' },
        schema: { operationId: 'testCommitThenFail', summary: 'test route', body: { type: 'object' }, response: { 201: productSchema } },
      }, async (request, reply) => {
        reply.code(201);
        await request.transaction((trx) => createProduct(trx, t.services, request.body));
        throw new Error('the process fails after the commit, before the response is sent');
      });
      // A change in a transaction of the handler's own, as payments run theirs around a gateway call.
      t.app.post('/v1/test/change_outside_request_transaction/:id', {
        config: { permission: 'catalog:write' },
        schema: { operationId: 'testChangeOutside', summary: 'test route', params: idParam(), body: { type: 'object' }, response: { 200: productSchema } },
      }, async (request) => {
        const row = await findProduct(t.services.db, request.params.id);
        return t.services.db.transaction().execute((trx) => updateObject(trx, {
          table: 'products', row, body: request.body, fields: PRODUCT_UPDATE_FIELDS, present: presentProduct, eventType: 'product.updated', now: clock.now(),
        }));
      });
      // A handler whose entry is written ahead (as payments' are), held until the test lets it go.
      t.app.post('/v1/test/held_with_entry_ahead/:id', {
        config: { permission: 'catalog:write', auditAhead: true },
        schema: { operationId: 'testHeldAhead', summary: 'test route', params: idParam(), body: { type: 'object' }, response: { 200: productSchema } },
      }, async (request) => {
        await new Promise((resolve) => { releaseHeld = resolve; });
        return presentProduct(await findProduct(t.services.db, request.params.id));
      });
      const listed = await expectStatus(t.call('GET', '/v1/api_keys?limit=100'), 200);
      keyIds = Object.fromEntries(Object.entries(t.keys).map(([role, secret]) => [role, listed.data.find((key) => secret.startsWith(`${key.prefix}_`)).id]));
    });
    after(() => t.close());

    const send = (method, url, options = {}) => t.call(method, url, {
      ...options, remoteAddress: CLIENT_IP, headers: { 'user-agent': USER_AGENT, ...(options.headers || {}) },
    });
    const entriesOf = async (query) => (await expectStatus(t.call('GET', `/v1/audit_log?limit=100&${query}`), 200)).data;
    const onlyEntry = async (query) => {
      const entries = await entriesOf(query);
      assert.equal(entries.length, 1, `one entry for ${query}: ${JSON.stringify(entries)}`);
      return entries[0];
    };

    it('writes the entry of a route marked auditAhead before its handler runs (outcome started), then the answer\'s', async () => {
      const product = await expectStatus(send('POST', '/v1/products', { body: { name: 'Held' } }), 201);
      const route = encodeURIComponent('/v1/test/held_with_entry_ahead/:id');
      const answer = send('POST', `/v1/test/held_with_entry_ahead/${product.id}`, { body: {} });
      while (!releaseHeld) await new Promise((resolve) => setTimeout(resolve, 10));
      // The handler is running: its entry is committed already, as a SIGKILL now would leave it.
      const started = await onlyEntry(`route=${route}`);
      assert.deepEqual([started.outcome, started.status, started.target.id, started.actor.api_key], ['started', null, product.id, keyIds.admin]);
      releaseHeld();
      assert.equal((await answer).status, 200);
      const entries = await entriesOf(`route=${route}`);
      assert.deepEqual(entries.map((entry) => [entry.outcome, entry.status]).sort(), [['started', null], ['succeeded', 200]]);
      assert.equal(new Set(entries.map((entry) => entry.action.request_id)).size, 1, 'both entries name the one request');
      assert.equal((await onlyEntry(`route=${route}&outcome=started`)).id, started.id);
    });

    it('tracks the async context that hears a handler\'s own transactions only while a changing request runs', async () => {
      const customer = await createCustomer(t);
      assert.equal(watchedWorkCount(), 0, 'none after the change is answered');
      const first = t.call('PATCH', `/v1/customers/${customer.id}`, { body: { name: 'First' } });
      const second = t.call('PATCH', `/v1/customers/${customer.id}`, { body: { name: 'Second' } });
      expectStatus(await first, 200);
      expectStatus(await second, 200);
      const names = (await t.call('GET', '/v1/audit_log?limit=2')).body.data.map((entry) => entry.after?.name);
      assert.deepEqual(names.sort(), ['First', 'Second'], 'both overlapping changes recorded');
      assert.equal(watchedWorkCount(), 0, 'none once the last of them is answered');
    });

    it('records a create, an update with before and after, and a revoke: who, what, when and from where', async () => {
      clock.set('2026-04-01T09:00:00.000Z');
      const created = await send('POST', '/v1/products', { body: { name: 'Audited', metadata: { team: 'a' } } });
      assert.equal(created.status, 201);
      const product = created.body;
      const entry = await onlyEntry(`object_id=${product.id}`);
      assert.deepEqual(entry.actor, {
        kind: 'api_key', credential_prefix: t.keys.admin.split('_').slice(0, 2).join('_'), api_key: keyIds.admin, role: 'admin',
        operator: null, operator_session: null, portal_session: null, portal_customer: null, sign_in_email: null,
      });
      assert.deepEqual(entry.action, {
        method: 'POST', route: '/v1/products', path: '/v1/products', operation_id: 'createProduct',
        body_fields: ['name', 'metadata'], request_id: created.headers['request-id'],
      });
      assert.deepEqual(entry.target, { type: 'product', id: product.id, customer: null });
      assert.equal(entry.outcome, 'succeeded');
      assert.equal(entry.status, 201);
      assert.equal(entry.replayed, false);
      assert.equal(entry.created_at, '2026-04-01T09:00:00.000Z');
      assert.deepEqual(entry.source, { ip: CLIENT_IP, user_agent: USER_AGENT });
      assert.equal(entry.before, null);
      assert.deepEqual(entry.after, product);
      assert.deepEqual(await expectStatus(t.call('GET', `/v1/audit_log/${entry.id}`), 200), entry);

      clock.set('2026-04-01T09:05:00.000Z');
      const updated = await expectStatus(send('PATCH', `/v1/products/${product.id}`, { key: t.keys.billing, body: { name: 'Renamed' } }), 200);
      const update = (await entriesOf(`object_id=${product.id}&method=PATCH`))[0];
      assert.equal(update.actor.api_key, keyIds.billing);
      assert.equal(update.actor.role, 'billing');
      assert.equal(update.action.route, '/v1/products/:id');
      assert.equal(update.action.operation_id, 'updateProduct');
      assert.equal(update.created_at, '2026-04-01T09:05:00.000Z');
      assert.equal(update.before.name, 'Audited');
      assert.equal(update.after.name, 'Renamed');
      assert.deepEqual(update.after, updated);

      // A change the handler makes in a transaction of its own: recorded after it, just as well.
      await expectStatus(send('POST', `/v1/test/change_outside_request_transaction/${product.id}`, { body: { name: 'Outside' } }), 200);
      const outside = await onlyEntry(`object_id=${product.id}&operation_id=testChangeOutside`);
      assert.deepEqual([outside.outcome, outside.target.type, outside.before.name, outside.after.name], ['succeeded', 'product', 'Renamed', 'Outside']);

      // A revoke: the "before" is the object as its last event showed it.
      const key = await expectStatus(t.call('POST', '/v1/api_keys', { body: { name: 'short-lived', role: 'support' } }), 201);
      await expectStatus(send('POST', `/v1/api_keys/${key.id}/revoke`), 200);
      const revoke = await onlyEntry(`object_id=${key.id}&operation_id=revokeApiKey`);
      assert.equal(revoke.target.type, 'api_key');
      assert.equal(revoke.before.revoked_at, null);
      assert.equal(revoke.after.revoked_at, '2026-04-01T09:05:00.000Z');
    });

    it('records a portal session\'s own change and sign-out, with its customer', async () => {
      const customer = await createCustomer(t, { name: 'Portal Co', email: 'before@example.com' });
      const session = await expectStatus(t.call('POST', '/v1/portal_sessions', { key: t.keys.billing, body: { customer: customer.id } }), 201);
      await expectStatus(send('PATCH', `/v1/customers/${customer.id}`, { key: session.token, body: { email: 'after@example.com' } }), 200);
      const change = await onlyEntry(`portal_session=${session.id}&method=PATCH`);
      assert.deepEqual(change.actor, {
        kind: 'portal_session', credential_prefix: session.token.split('_').slice(0, 2).join('_'), api_key: null, role: null,
        operator: null, operator_session: null, portal_session: session.id, portal_customer: customer.id, sign_in_email: null,
      });
      assert.deepEqual(change.target, { type: 'customer', id: customer.id, customer: customer.id });
      assert.equal(change.before.email, 'before@example.com');
      assert.equal(change.after.email, 'after@example.com');

      await expectStatus(send('POST', `/v1/portal_sessions/${session.id}/revoke`, { key: session.token }), 200);
      const signOut = await onlyEntry(`portal_session=${session.id}&operation_id=revokePortalSession`);
      assert.equal(signOut.target.id, session.id);
      assert.equal(signOut.before.revoked_at, null);
      assert.notEqual(signOut.after.revoked_at, null);
      assert.equal(signOut.source.ip, CLIENT_IP);
    });

    it('records a delete with the object before it, and a 403 and a 401 as refusals (never the credential)', async () => {
      const endpoint = await expectStatus(t.call('POST', '/v1/webhook_endpoints', { body: { url: 'http://127.0.0.1:9/hook', event_types: ['product.created'] } }), 201);
      await expectStatus(send('DELETE', `/v1/webhook_endpoints/${endpoint.id}`), 200);
      const deletion = await onlyEntry(`object_id=${endpoint.id}&method=DELETE`);
      assert.equal(deletion.outcome, 'succeeded');
      assert.equal(deletion.before.url, 'http://127.0.0.1:9/hook');
      assert.equal(deletion.after.id, endpoint.id);

      clock.set('2026-04-01T10:00:00.000Z');
      const forbidden = await send('POST', '/v1/products', { key: t.keys.support, body: { name: 'Not allowed' } });
      assert.equal(forbidden.status, 403);
      const refusal = await onlyEntry(`api_key=${keyIds.support}&status=403&method=POST`);
      assert.equal(refusal.outcome, 'refused');
      assert.equal(refusal.error_code, 'FORBIDDEN');
      assert.equal(refusal.action.route, '/v1/products');
      assert.equal(refusal.action.request_id, forbidden.headers['request-id']);
      assert.equal(refusal.after, null);
      // Refusals of reads are security events too; successful reads are not recorded.
      await expectError(send('GET', '/v1/api_keys', { key: t.keys.support }), 403, 'FORBIDDEN');
      await onlyEntry(`api_key=${keyIds.support}&status=403&method=GET`);
      await expectStatus(send('GET', '/v1/products'), 200);
      assert.deepEqual(await entriesOf('method=GET&outcome=succeeded'), []);

      // The client address is the one Fastify sees under the trust-proxy setting: a client
      // cannot choose it with X-Forwarded-For; the trusted proxy can.
      const forwarded = { 'x-forwarded-for': '198.51.100.9' };
      await expectError(send('POST', '/v1/api_keys', { key: t.keys.billing, body: {}, headers: forwarded }), 403, 'FORBIDDEN');
      await expectError(t.call('POST', '/v1/api_keys', { key: t.keys.billing, body: {}, headers: forwarded, remoteAddress: '127.0.0.1' }), 403, 'FORBIDDEN');
      const addresses = (await entriesOf(`api_key=${keyIds.billing}&route=/v1/api_keys&status=403`)).map((e) => e.source.ip);
      assert.deepEqual(addresses, ['198.51.100.9', CLIENT_IP]);

      const forged = `${t.keys.admin.slice(0, -6)}000000`;
      await expectError(send('POST', '/v1/products', { key: forged, body: { name: 'Forged' } }), 401, 'UNAUTHENTICATED');
      await expectError(send('POST', `/v1/api_keys/${keyIds.billing}/revoke`, { key: null }), 401, 'UNAUTHENTICATED');
      const unauthenticated = await entriesOf('status=401');
      assert.equal(unauthenticated.length, 2);
      const [anonymous, withForged] = unauthenticated; // newest first
      assert.deepEqual(withForged.actor, {
        kind: 'api_key', credential_prefix: forged.split('_').slice(0, 2).join('_'), api_key: null, role: null, operator: null, operator_session: null,
        portal_session: null, portal_customer: null, sign_in_email: null,
      });
      assert.equal(withForged.error_code, 'UNAUTHENTICATED');
      assert.equal(withForged.source.ip, CLIENT_IP);
      assert.equal(anonymous.actor.kind, 'anonymous');
      assert.equal(anonymous.action.route, '/v1/api_keys/:id/revoke');
      assert.deepEqual(anonymous.target, { type: null, id: keyIds.billing, customer: null });
      const rows = await t.services.db.selectFrom('audit_log').selectAll().execute();
      assert.ok(!JSON.stringify(rows).includes(forged.split('_')[2]), 'the forged credential\'s secret part is not stored');
    });

    it('records an idempotent replay as a replay: one change, and a second entry saying nothing ran', async () => {
      const headers = { 'idempotency-key': 'audit-replay-1' };
      const first = await expectStatus(send('POST', '/v1/products', { body: { name: 'Once' }, headers }), 201);
      const replay = await send('POST', '/v1/products', { body: { name: 'Once' }, headers });
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      const entries = await entriesOf(`object_id=${first.id}`);
      assert.deepEqual(entries.map((e) => [e.replayed, e.status, e.outcome]), [[true, 201, 'succeeded'], [false, 201, 'succeeded']]);
      assert.equal(entries[0].after, null, 'a replay changed nothing');
      assert.equal(entries[1].after.name, 'Once');
      assert.equal(entries[0].action.request_id, replay.headers['request-id']);
    });

    it('keeps no entry claiming success for a change whose transaction failed', async () => {
      const failed = await send('POST', '/v1/test/change_then_conflict', { body: { name: 'Rolled back' } });
      assert.equal(failed.status, 409);
      const entries = await entriesOf('route=/v1/test/change_then_conflict');
      assert.deepEqual(entries.map((e) => [e.outcome, e.status, e.error_code, e.before, e.after]), [['failed', 409, 'CONFLICT', null, null]]);
      assert.equal(entries[0].target.id, null);
      const products = await t.services.db.selectFrom('products').select('id').where('name', '=', 'Rolled back').execute();
      assert.deepEqual(products, [], 'the change rolled back');

      // The entry commits with the change: a failure after the commit leaves both.
      assert.equal((await send('POST', '/v1/test/commit_then_fail', { body: { name: 'Committed' } })).status, 500);
      const [committed] = await t.services.db.selectFrom('products').select('id').where('name', '=', 'Committed').execute();
      const kept = await entriesOf('route=/v1/test/commit_then_fail');
      assert.deepEqual(kept.map((e) => [e.outcome, e.status, e.target.id, e.after.name]), [['succeeded', 201, committed.id, 'Committed']]);

      // A refusal inside a real route's transaction: revoking a revoked key.
      const key = await expectStatus(t.call('POST', '/v1/api_keys', { body: { name: 'twice', role: 'support' } }), 201);
      await expectStatus(t.call('POST', `/v1/api_keys/${key.id}/revoke`), 200);
      await expectError(t.call('POST', `/v1/api_keys/${key.id}/revoke`), 409, 'INVALID_STATE');
      const revokes = await entriesOf(`object_id=${key.id}&operation_id=revokeApiKey`);
      assert.deepEqual(revokes.map((e) => [e.outcome, e.status, e.error_code]), [['failed', 409, 'INVALID_STATE'], ['succeeded', 200, null]]);
      assert.equal(revokes[0].after, null);
    });

    it('is append-only: the database refuses to update or delete an entry', async () => {
      const [entry] = await entriesOf('');
      const { db } = t.services;
      await assert.rejects(db.updateTable('audit_log').set({ status: 200 }).where('id', '=', entry.id).execute(), /append-only/);
      await assert.rejects(db.deleteFrom('audit_log').where('id', '=', entry.id).execute(), /append-only/);
      await assert.rejects(db.deleteFrom('audit_log').execute(), /append-only/);
      if (backend === 'postgres') await assert.rejects(sql`truncate audit_log`.execute(db), /append-only/);
      assert.deepEqual(await expectStatus(t.call('GET', `/v1/audit_log/${entry.id}`), 200), entry);
    });

    it('lets a privacy erasure remove a customer\'s personal values from its entries, once, and change nothing else', async () => {
      const customer = await createCustomer(t, { name: 'Erasable Person', email: 'erasable.person@example.test' });
      const session = await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: customer.id } }), 201);
      await expectStatus(t.call('PATCH', `/v1/customers/${customer.id}`, {
        key: session.token, body: { email: 'erasable.new@example.test' }, remoteAddress: '198.51.100.77', headers: { 'user-agent': 'Erasable Browser' },
      }), 200);
      const personal = ['Erasable Person', 'erasable.person@example.test', 'erasable.new@example.test'];
      // The redactor the privacy erasure passes: each personal value becomes "[erased]".
      const text = (value) => (typeof value === 'string' ? personal.reduce((result, item) => result.split(item).join('[erased]'), value) : value);
      const redactor = { text, jsonText: text };
      const before = await entriesOf(`customer=${customer.id}`);
      assert.equal(before.length, 3, 'the customer\'s creation, its portal session and its own change');
      assert.ok(personal.every((value) => JSON.stringify(before).includes(value)));

      const { db } = t.services;
      const erased = await db.transaction().execute((trx) => eraseAuditEntries(trx, { customerId: customer.id, redactor, now: '2026-04-01T12:00:00.000Z' }));
      assert.equal(erased, 3);
      const after = await entriesOf(`customer=${customer.id}`);
      const stored = JSON.stringify(await db.selectFrom('audit_log').selectAll().where('customer_id', '=', customer.id).execute());
      for (const value of [...personal, '198.51.100.77', 'Erasable Browser']) assert.ok(!stored.includes(value), `still stored: ${value}`);
      const kept = (entry) => [entry.id, entry.actor, entry.action, entry.target, entry.status, entry.outcome, entry.created_at];
      assert.deepEqual(after.map(kept), before.map(kept));
      assert.deepEqual(after.map((e) => e.personal_data_erased_at), Array(3).fill('2026-04-01T12:00:00.000Z'));
      const ownChange = after.find((e) => e.actor.kind === 'portal_session');
      assert.deepEqual(ownChange.source, { ip: null, user_agent: null });
      assert.equal(ownChange.after.email, '[erased]');

      // Once only, and no other column: the database refuses anything else.
      await assert.rejects(db.updateTable('audit_log').set({ after_state: null, personal_data_erased_at: '2026-04-02T00:00:00.000Z' })
        .where('id', '=', ownChange.id).execute(), /append-only/);
      const other = (await entriesOf('')).find((e) => e.personal_data_erased_at === null);
      await assert.rejects(db.updateTable('audit_log').set({ status: 200, personal_data_erased_at: '2026-04-02T00:00:00.000Z' })
        .where('id', '=', other.id).execute(), /append-only/);
      await assert.rejects(db.updateTable('audit_log').set({ client_ip: null }).where('id', '=', other.id).execute(), /append-only/);
      assert.deepEqual(await expectStatus(t.call('GET', `/v1/audit_log/${other.id}`), 200), other);
    });

    it('never stores a secret: API keys, portal tokens, webhook secrets, secret-named fields', async () => {
      const apiKey = await expectStatus(t.call('POST', '/v1/api_keys', { body: { name: 'ci', role: 'billing' }, headers: { 'idempotency-key': 'audit-secret-key' } }), 201);
      await expectStatus(t.call('POST', '/v1/api_keys', { body: { name: 'ci', role: 'billing' }, headers: { 'idempotency-key': 'audit-secret-key' } }), 201);
      const customer = await createCustomer(t);
      const session = await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: customer.id } }), 201);
      const endpoint = await expectStatus(t.call('POST', '/v1/webhook_endpoints', { body: { url: 'http://127.0.0.1:9/secret', event_types: ['product.created'] } }), 201);
      const rotated = await expectStatus(t.call('POST', `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`, { body: {} }), 200);
      const product = await expectStatus(t.call('POST', '/v1/products', { body: { name: 'Metadata', metadata: { deploy_token: 'tok-visible-nowhere' } } }), 201);
      const secrets = [apiKey.secret.split('_')[2], session.token.split('_')[2], endpoint.secret.slice(6), rotated.secret.slice(6), 'tok-visible-nowhere'];
      assert.ok(secrets.every((secret) => secret.length >= 19));
      const stored = JSON.stringify(await t.services.db.selectFrom('audit_log').selectAll().execute());
      for (const secret of secrets) assert.ok(!stored.includes(secret), `the audit log holds a secret: ${secret.slice(0, 6)}...`);
      const creation = (await entriesOf(`object_id=${apiKey.id}`)).find((e) => !e.replayed);
      assert.equal(creation.after.prefix, apiKey.prefix, 'the public prefix is kept');
      const withMetadata = await onlyEntry(`object_id=${product.id}`);
      assert.equal(withMetadata.after.metadata.deploy_token, '[redacted]');
    });

    it('lists with filters and pages newest first; bad filters are coded 400; admin keys only', async () => {
      clock.set('2026-04-02T00:00:00.000Z');
      for (const name of ['P1', 'P2', 'P3', 'P4', 'P5']) {
        clock.advance(60 * 1000);
        await expectStatus(t.call('POST', '/v1/products', { key: t.keys.billing, body: { name } }), 201);
      }
      const day = 'from=2026-04-02T00:00:00Z&to=2026-04-03T00:00:00Z';
      const all = await entriesOf(`${day}&api_key=${keyIds.billing}`);
      assert.deepEqual(all.map((e) => e.after.name), ['P5', 'P4', 'P3', 'P2', 'P1']);
      assert.deepEqual(all.map((e) => e.created_at), [...all.map((e) => e.created_at)].sort().reverse());
      const paged = [];
      let cursor = null;
      do {
        const page = await expectStatus(t.call('GET', `/v1/audit_log?limit=2&${day}${cursor ? `&cursor=${cursor}` : ''}`), 200);
        assert.ok(page.data.length <= 2);
        paged.push(...page.data.map((e) => e.id));
        cursor = page.next_cursor;
      } while (cursor);
      assert.deepEqual(paged, all.map((e) => e.id));
      const narrow = await entriesOf('from=2026-04-02T00:02:00Z&to=2026-04-02T00:04:00Z&outcome=succeeded&route=/v1/products&status=201');
      assert.deepEqual(narrow.map((e) => e.after.name), ['P3', 'P2']);
      assert.deepEqual(await entriesOf(`${day}&api_key=${keyIds.support}`), []);

      await expectError(t.call('GET', '/v1/audit_log?status=abc'), 400, 'INVALID_TYPE', '/query/status');
      await expectError(t.call('GET', '/v1/audit_log?from=yesterday'), 400, 'INVALID_ARGUMENT', '/query/from');
      await expectError(t.call('GET', '/v1/audit_log?to=2026-13-01T00:00:00Z'), 400, 'INVALID_ARGUMENT', '/query/to');
      await expectError(t.call('GET', '/v1/audit_log?outcome=maybe'), 400, 'INVALID_ARGUMENT', '/query/outcome');
      await expectError(t.call('GET', '/v1/audit_log?limit=0'), 400, 'INVALID_ARGUMENT', '/query/limit');
      await expectError(t.call('GET', '/v1/audit_log?actor=me'), 400, 'UNKNOWN_FIELD', '/query/actor');
      await expectError(t.call('GET', '/v1/audit_log?cursor=nope'), 400, 'INVALID_ARGUMENT', '/query/cursor');
      await expectError(t.call('GET', '/v1/audit_log/aud_missing'), 404, 'NOT_FOUND');
      for (const role of ['billing', 'support', 'provisioning']) {
        await expectError(t.call('GET', '/v1/audit_log', { key: t.keys[role] }), 403, 'FORBIDDEN');
      }
    });
  });
}
