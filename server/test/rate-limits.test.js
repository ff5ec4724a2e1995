'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer } = require('./support/harness');
const { createCustomer, expectStatus, expectError } = require('./support/fixtures');
const { loadConfig } = require('../src/config');
const { parseRateLimit } = require('../src/http/rate-limits');

describe('rate limit configuration', () => {
  it('limits browser traffic by default, not API keys, and reads each limit from the environment', () => {
    assert.deepEqual(loadConfig({}).rateLimits, {
      api_key: null, operator_session: { max: 600, windowSeconds: 60 }, portal_session: { max: 120, windowSeconds: 60 }, client_ip: { max: 600, windowSeconds: 60 },
    });
    const configured = loadConfig({
      RATECARD_RATE_LIMIT_API_KEY: '6000/m', RATECARD_RATE_LIMIT_OPERATOR_SESSION: '30/s', RATECARD_RATE_LIMIT_PORTAL_SESSION: 'off', RATECARD_RATE_LIMIT_CLIENT_IP: '300/10m',
    });
    assert.deepEqual(configured.rateLimits, {
      api_key: { max: 6000, windowSeconds: 60 }, operator_session: { max: 30, windowSeconds: 1 }, portal_session: null, client_ip: { max: 300, windowSeconds: 600 },
    });
    assert.deepEqual(parseRateLimit('10/s', 'X'), { max: 10, windowSeconds: 1 });
    for (const bad of ['10', '0/m', '10/d', 'ten/m', '10 / m']) assert.throws(() => parseRateLimit(bad, 'RATECARD_X'), /RATECARD_X must be a limit/);
  });
});

for (const backend of BACKENDS) {
  describe(`rate limits [${backend}]`, () => {
    let t;
    let customer;
    before(async () => {
      t = await startTestServer(backend, {
        config: {
          rateLimits: {
            api_key: { max: 4, windowSeconds: 60 }, operator_session: { max: 3, windowSeconds: 60 },
            portal_session: { max: 3, windowSeconds: 60 }, client_ip: { max: 5, windowSeconds: 60 },
          },
        },
      });
      // A route as checkout's will be: called from customers' browsers, so limited per address.
      t.app.get('/v1/test/browser', {
        config: { permission: 'catalog:read', browser: true },
        schema: { operationId: 'testBrowserRoute', summary: 'A browser route', response: { 200: { type: 'object', title: 'TestBrowser', properties: { ok: { type: 'boolean' } } } } },
      }, async () => ({ ok: true }));
      customer = await createCustomer(t);
    });
    after(() => t.close());

    const openSession = async () => (await expectStatus(t.call('POST', '/v1/portal_sessions', { key: t.keys.billing, body: { customer: customer.id } }), 201)).token;
    const asPortal = (token, remoteAddress) => t.call('GET', `/v1/customers/${customer.id}`, { key: token, remoteAddress });

    it('limits each portal session, answering 429 with Retry-After in the documented shape', async () => {
      const token = await openSession();
      for (let i = 0; i < 3; i += 1) {
        const allowed = await asPortal(token, '10.0.0.1');
        assert.equal(allowed.status, 200);
        assert.equal(allowed.headers['x-ratelimit-remaining'], String(2 - i));
      }
      const refused = await asPortal(token, '10.0.0.1');
      await expectError(Promise.resolve(refused), 429, 'RATE_LIMITED', '');
      assert.match(refused.body.error.message, /portal session: at most 3 every 60 s/);
      const retryAfter = Number(refused.headers['retry-after']);
      assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After ${refused.headers['retry-after']}`);
      assert.equal(refused.body.error.request_id, refused.headers['request-id']);
      assert.equal((await asPortal(await openSession(), '10.0.0.9')).status, 200, 'another session is counted apart');
    });

    it('limits browser traffic per client address, across sessions and on browser routes', async () => {
      const [first, second] = [await openSession(), await openSession()];
      for (let i = 0; i < 3; i += 1) assert.equal((await asPortal(first, '10.0.0.2')).status, 200);
      assert.equal((await t.call('GET', '/v1/test/browser', { remoteAddress: '10.0.0.2' })).status, 200);
      assert.equal((await asPortal(second, '10.0.0.2')).status, 200);
      const refused = await asPortal(second, '10.0.0.2');
      assert.equal(refused.status, 429);
      assert.match(refused.body.error.message, /client address: at most 5 every 60 s/);
      await expectError(t.call('GET', '/v1/test/browser', { key: t.keys.support, remoteAddress: '10.0.0.2' }), 429, 'RATE_LIMITED');
      assert.equal((await asPortal(second, '10.0.0.3')).status, 200, 'another address is counted apart');
    });

    it('counts guesses at invoice links per client address: 404 each, then 429', async () => {
      const guess = (i) => t.call('GET', '/v1/hosted_invoice', { key: `rcin_${String(i).padStart(10, '0')}_${'0'.repeat(40)}`, remoteAddress: '10.0.0.6' });
      for (let i = 0; i < 5; i += 1) await expectError(guess(i), 404, 'NOT_FOUND');
      await expectError(guess(5), 429, 'RATE_LIMITED');
    });

    it('limits each operator session (the dashboard\'s cookie) as it does API keys: 429 with Retry-After and the limit headers', async () => {
      const invited = await expectStatus(t.call('POST', '/v1/operators', { body: { email: 'limited@example.com', role: 'support' } }), 201);
      const password = 'a long enough password';
      await expectStatus(t.call('POST', '/auth/invitations/accept', { key: null, body: { token: invited.invitation_token, password }, remoteAddress: '10.0.1.1' }), 200);
      const signIn = async (remoteAddress) => {
        const response = await t.call('POST', '/auth/session', { key: null, body: { email: 'limited@example.com', password }, remoteAddress });
        assert.equal(response.status, 200, JSON.stringify(response.body));
        return response.headers['set-cookie'].split(';')[0];
      };
      const [cookie, otherCookie] = [await signIn('10.0.1.2'), await signIn('10.0.1.3')];
      const asOperator = (sessionCookie) => t.call('GET', '/v1/plans', { key: null, headers: { cookie: sessionCookie }, remoteAddress: '10.0.1.4' });
      for (let i = 0; i < 3; i += 1) {
        const allowed = await asOperator(cookie);
        assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
        assert.equal(allowed.headers['x-ratelimit-limit'], '3');
        assert.equal(allowed.headers['x-ratelimit-remaining'], String(2 - i));
      }
      const refused = await asOperator(cookie);
      await expectError(Promise.resolve(refused), 429, 'RATE_LIMITED', '');
      assert.match(refused.body.error.message, /operator session: at most 3 every 60 s/);
      const retryAfter = Number(refused.headers['retry-after']);
      assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After ${refused.headers['retry-after']}`);
      assert.equal(refused.headers['x-ratelimit-remaining'], '0');
      assert.equal((await asOperator(otherCookie)).status, 200, 'another session of the same operator is counted apart');
    });

    it('limits each API key when configured', async () => {
      for (let i = 0; i < 4; i += 1) assert.equal((await t.call('GET', '/v1/plans', { key: t.keys.provisioning })).status, 200);
      await expectError(t.call('GET', '/v1/plans', { key: t.keys.provisioning }), 429, 'RATE_LIMITED');
      assert.equal((await t.call('GET', '/v1/plans', { key: t.keys.support, remoteAddress: '10.0.0.4' })).status, 200, 'other keys are counted apart');
      assert.equal((await t.call('GET', '/health', { key: null })).status, 200, 'public routes are not limited');
    });
  });
}
