'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer } = require('./support/harness');
const { createCustomer, expectStatus } = require('./support/fixtures');

const PORTAL = 'https://portal.example.com';

// The customer portal and checkout run in browsers on other origins: they call the API with
// CORS, and read the docs over plain http on any address.
for (const backend of BACKENDS) {
  describe(`browsers: CORS and the docs page [${backend}]`, () => {
    let t;
    before(async () => {
      t = await startTestServer(backend, { config: { corsOrigins: [PORTAL, 'http://localhost:5173'] } });
    });
    after(() => t.close());

    it('answers a preflight from a configured origin without credentials', async () => {
      const preflight = await t.call('OPTIONS', '/v1/subscriptions/sub_x/change', {
        key: null,
        headers: { origin: PORTAL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], PORTAL);
      assert.match(preflight.headers['access-control-allow-methods'], /POST/);
      assert.match(preflight.headers['access-control-allow-headers'], /Authorization/);
      assert.match(preflight.headers['access-control-allow-headers'], /Idempotency-Key/);
      assert.equal(preflight.headers['access-control-allow-credentials'], undefined, 'no cookies: bearer tokens only');
    });

    it('lets the configured origins read responses and their headers, and no other origin', async () => {
      const customer = await createCustomer(t);
      const session = await expectStatus(t.call('POST', '/v1/portal_sessions', { body: { customer: customer.id } }), 201);
      const read = await t.call('GET', `/v1/customers/${customer.id}`, { key: session.token, headers: { origin: PORTAL } });
      assert.equal(read.status, 200);
      assert.equal(read.headers['access-control-allow-origin'], PORTAL);
      assert.match(read.headers['access-control-expose-headers'], /Request-Id/);
      const stranger = await t.call('GET', `/v1/customers/${customer.id}`, { key: session.token, headers: { origin: 'https://evil.example' } });
      assert.equal(stranger.headers['access-control-allow-origin'], undefined);
      const strangerPreflight = await t.call('OPTIONS', '/v1/plans', {
        key: null, headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
      });
      assert.equal(strangerPreflight.headers['access-control-allow-origin'], undefined);
    });

    it('serves the docs page without upgrading its requests to https (it works over plain http on any address)', async () => {
      for (const path of ['/docs/', '/docs/static/swagger-initializer.js']) {
        const page = await t.call('GET', path, { key: null, headers: { host: '10.1.2.3:8080' } });
        assert.equal(page.status, 200, path);
        const policy = page.headers['content-security-policy'];
        assert.match(policy, /default-src 'self'/, 'the content policy is kept');
        assert.doesNotMatch(policy, /upgrade-insecure-requests/);
      }
    });
  });
}

describe('CORS configuration', () => {
  const { parseOrigins } = require('../src/http/cors');
  it('takes a comma-separated list of origins and refuses anything else', () => {
    assert.deepEqual(parseOrigins(' https://a.example , http://localhost:3000'), ['https://a.example', 'http://localhost:3000']);
    assert.deepEqual(parseOrigins(undefined), []);
    for (const bad of ['https://a.example/', 'a.example', 'ftp://a.example', '*']) assert.throws(() => parseOrigins(bad), /not an origin/);
  });
});
