'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { BACKENDS, startTestServer, logCollector } = require('./support/harness');
const { createCustomer, createPlan, expectStatus, expectError } = require('./support/fixtures');
const { MAX_JSON_DEPTH } = require('../src/http/json-body');

const nested = (levels, inner = '1') => '{"a":'.repeat(levels) + inner + '}'.repeat(levels);

// Sends raw bytes to a listening server and returns the raw answer (status line, headers, body).
function rawRequest(port, text) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => { answer += chunk; });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, body] = answer.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), head, body: body ? JSON.parse(body) : null });
    });
  });
}

// What a client can send at the HTTP boundary: every bad request is a coded 4xx in the
// documented shape, carries a Request-Id, and writes no error-level log line.
for (const backend of BACKENDS) {
  describe(`HTTP boundary [${backend}]`, () => {
    let t;
    let logs;
    let port;
    let product;
    before(async () => {
      logs = logCollector();
      t = await startTestServer(backend, { logStream: logs.stream, logLevel: 'info' });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = t.app.server.address().port;
      product = await expectStatus(t.call('POST', '/v1/products', { body: { name: 'Boundary' } }), 201);
    });
    after(() => t.close());

    const send = async (method, url, payload, headers = {}) => {
      const response = await t.app.inject({
        method, url, payload, headers: { authorization: `Bearer ${t.keys.admin}`, 'content-type': 'application/json', ...headers },
      });
      return { status: response.statusCode, body: response.json(), headers: response.headers };
    };
    const priceWith = (pricing) => `{"product":"${product.id}","currency":"USD","type":"one_time","pricing":${pricing}}`;

    it(`refuses bodies nested deeper than ${MAX_JSON_DEPTH} levels before they reach the core or the idempotency hash`, async () => {
      const deep = priceWith(`{"model":"flat","amount":"1","x":${nested(5000)}}`);
      assert.ok(deep.length < 40 * 1024);
      for (const headers of [{}, { 'idempotency-key': 'deep-body' }]) {
        const refused = await send('POST', '/v1/prices', deep, headers);
        assert.equal(refused.status, 413, JSON.stringify(refused.body));
        assert.deepEqual([refused.body.error.code, refused.body.error.path], ['LIMIT_EXCEEDED', '']);
      }
      assert.equal((await send('POST', '/v1/products', nested(MAX_JSON_DEPTH + 1))).body.error.code, 'LIMIT_EXCEEDED');
      const deepest = await send('POST', '/v1/products', nested(MAX_JSON_DEPTH));
      assert.deepEqual([deepest.status, deepest.body.error.code], [400, 'MISSING_FIELD'], 'the limit itself is allowed: the schema answers');
    });

    it('refuses an object naming a member twice (INVALID_JSON at the second one), as the core does', async () => {
      await expectError(send('POST', '/v1/products', '{"name":"a","name":"b"}'), 400, 'INVALID_JSON', '/name');
      await expectError(send('POST', '/v1/products', '{"name":"a","metadata":{"k":"1","\\u006b":"2"}}'), 400, 'INVALID_JSON', '/metadata/k');
      await expectError(send('POST', '/v1/prices', priceWith('{"model":"tiered","tiers":[{"up_to":1},{"up_to":null,"up_to":2}]}')),
        400, 'INVALID_JSON', '/pricing/tiers/1/up_to');
      const same = await expectStatus(send('POST', '/v1/products', '{"name":"a","metadata":{"a":"1"},"description":"a"}'), 201);
      assert.equal(same.name, 'a', 'equal names in different objects are fine');
    });

    it('refuses numbers beyond what the core reads exactly, with the core\'s codes', async () => {
      const customer = await createCustomer(t);
      const { plan } = await createPlan(t, { code: 'boundary' });
      const subscribe = (quantity) => send('POST', '/v1/subscriptions', `{"customer":"${customer.id}","plan":"${plan.id}","quantity":${quantity}}`);
      await expectError(subscribe('1.0'), 400, 'INVALID_ARGUMENT', '/quantity');
      await expectError(subscribe('1e3'), 400, 'INVALID_ARGUMENT', '/quantity');
      await expectError(subscribe('2.5'), 400, 'INVALID_ARGUMENT', '/quantity');
      await expectError(subscribe('1e400'), 400, 'INVALID_JSON', '/quantity');
      await expectError(subscribe('9007199254740993'), 400, 'INVALID_ARGUMENT', '/quantity');
      await expectError(send('POST', '/v1/prices', priceWith('{"model":"per_unit","unit_amount":9.99}')), 400, 'INVALID_TYPE', '/pricing/unit_amount');
      await expectError(send('POST', '/v1/portal_sessions', `{"customer":"${customer.id}","ttl_seconds":600.5}`), 400, 'INVALID_ARGUMENT', '/ttl_seconds');
      await expectError(subscribe(`"${'9'.repeat(25)}"`), 400, 'OVERFLOW', '/quantity');
      await expectError(subscribe('"1.0000000000001"'), 400, 'INVALID_ARGUMENT', '/quantity');
      // The largest quantity is taken, on a price small enough for its first invoice (issued with
      // the subscription) to stay within the exact range; at 10.00 a unit the invoice overflows.
      await expectError(subscribe(`"${'9'.repeat(24)}.${'9'.repeat(12)}"`), 400, 'OVERFLOW', '/quantity');
      const tiny = (await createPlan(t, { code: 'boundary-tiny', pricings: [{ model: 'per_unit', unit_amount: '0.000000000001' }] })).plan;
      const largest = await expectStatus(send('POST', '/v1/subscriptions', `{"customer":"${customer.id}","plan":"${tiny.id}","quantity":"${'9'.repeat(24)}.${'9'.repeat(12)}"}`), 201);
      assert.equal(largest.quantity, `${'9'.repeat(24)}.${'9'.repeat(12)}`);
      await expectError(send('POST', '/v1/plans', JSON.stringify({
        code: 'big-minimum', name: 'x', product: product.id, currency: 'USD', interval: 'month', prices: [plan.prices[0].id], minimum_amount: '1'.repeat(25),
      })), 400, 'OVERFLOW', '/minimum_amount');
      const stored = await t.services.db.selectFrom('subscriptions').select('quantity').where('customer_id', '=', customer.id).execute();
      assert.equal(stored.length, 1, 'nothing refused was stored');
    });

    it('refuses malformed bodies and other media types with coded errors', async () => {
      await expectError(send('POST', '/v1/products', Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])), 400, 'INVALID_JSON', '');
      await expectError(send('POST', '/v1/products', ''), 400, 'INVALID_JSON', '');
      await expectError(send('POST', '/v1/products', '{"name":"x"'), 400, 'INVALID_JSON', '');
      await expectError(send('POST', '/v1/products', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE', '');
      const big = JSON.stringify({ name: 'x', description: 'y'.repeat(1024 * 1024) });
      await expectError(send('POST', '/v1/products', big), 413, 'LIMIT_EXCEEDED', '');
    });

    it('limits ids to 100 characters, answering longer ones in the documented shape', async () => {
      await expectError(t.call('GET', `/v1/customers/${'c'.repeat(200)}`), 400, 'INVALID_ARGUMENT', '');
      await expectError(t.call('POST', `/v1/subscriptions/${'s'.repeat(101)}/cancel`, { body: {} }), 400, 'INVALID_ARGUMENT', '');
      await expectError(t.call('GET', `/v1/customers/${'c'.repeat(100)}`), 404, 'NOT_FOUND', '');
      await expectError(t.call('GET', '/v1/customers/%zz'), 400, 'INVALID_ARGUMENT', '');
    });

    it('answers 405 with Allow for a known path asked with another method, 404 for an unknown path', async () => {
      const refused = await t.call('DELETE', '/v1/customers/cus_x');
      assert.equal(refused.status, 405);
      assert.equal(refused.body.error.code, 'METHOD_NOT_ALLOWED');
      assert.equal(refused.headers.allow, 'GET, PATCH');
      assert.equal((await t.call('PUT', '/v1/subscriptions')).headers.allow, 'GET, POST');
      await expectError(t.call('GET', '/v1/customers/cus_x/nothing'), 404, 'NOT_FOUND');
      await expectError(t.call('DELETE', '/v1/customers/cus_x', { key: null }), 401, 'UNAUTHENTICATED');
    });

    it('serves no file outside the docs assets and answers path tricks with 404', async () => {
      for (const path of ['/docs/static/../../../package.json', '/docs/static/%2e%2e/%2e%2e/%2e%2e/package.json', '/docs/static/..%2f..%2fpackage.json']) {
        const answer = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${t.keys.admin}\r\nConnection: close\r\n\r\n`);
        assert.equal(answer.status, 404, `${path}: ${answer.head}`);
        assert.equal(answer.body.error.code, 'NOT_FOUND');
      }
    });

    it('answers requests Node refuses before routing (oversized headers, broken HTTP) in the documented shape', async () => {
      const oversized = await rawRequest(port, `GET /v1/plans HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'b'.repeat(20000)}\r\n\r\n`);
      assert.equal(oversized.status, 431);
      assert.equal(oversized.body.error.code, 'LIMIT_EXCEEDED');
      assert.match(oversized.head, /Request-Id: req_/);
      const broken = await rawRequest(port, 'NONSENSE\r\n\r\n');
      assert.equal(broken.status, 400);
      assert.equal(broken.body.error.code, 'INVALID_ARGUMENT');
    });

    it('answers /health without a key', async () => {
      const health = await t.call('GET', '/health', { key: null });
      assert.deepEqual([health.status, health.body], [200, { status: 'ok' }]);
    });

    it('puts a Request-Id on every response, in error bodies and in the logs', async () => {
      const responses = [
        await t.call('GET', '/health', { key: null }),
        await t.call('GET', '/v1/products'),
        await t.call('GET', '/v1/products', { key: null }),
        await t.call('GET', '/v1/products/prod_none'),
        await t.call('GET', '/v1/none'),
        await t.call('POST', '/v1/products', { body: { name: 'x', extra: 1 } }),
        await t.call('GET', '/openapi.json', { key: null }),
      ];
      const ids = responses.map((r) => r.headers['request-id']);
      for (const id of ids) assert.match(id, /^req_[0-9a-z]{26}$/);
      assert.equal(new Set(ids).size, ids.length);
      for (const response of responses.filter((r) => r.status >= 400)) assert.equal(response.body.error.request_id, response.headers['request-id']);
      const chosen = await t.call('GET', '/v1/products', { headers: { 'request-id': 'mine', 'x-request-id': 'mine' } });
      assert.notEqual(chosen.headers['request-id'], 'mine', 'a client does not choose the id');
      const logged = logs.lines.map((line) => JSON.parse(line)).filter((line) => line.request_id === ids[1]);
      assert.ok(logged.length >= 2, 'the request and its response are logged with the id');
    });

    it('wrote no error-level log line for anything a client sent', () => {
      const errors = logs.lines.map((line) => JSON.parse(line)).filter((line) => line.level >= 50);
      assert.deepEqual(errors, []);
    });
  });
}
