'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer, logCollector } = require('./support/harness');
const { createCustomer, expectStatus } = require('./support/fixtures');
const { createLogger } = require('../src/logger');

describe('logger redaction', () => {
  it('censors credentials wherever a log call puts them', () => {
    const logs = logCollector();
    const logger = createLogger({ level: 'info', stream: logs.stream });
    logger.info({ req: { headers: { authorization: 'Bearer rcsk_SECRET1' } }, secret: 'SECRET2', token: 'SECRET3', data: { key: 'SECRET4', token: 'SECRET5' } }, 'hello');
    logger.warn({
      job: { payload: { request: { headers: { Authorization: 'Bearer SECRET6', 'Idempotency-Key': 'SECRET7' } } } },
      results: [{ created: { api_key: { secret: 'SECRET8' } } }, [{ portal: { token: 'SECRET9' } }]],
      deep: { a: { b: { c: { d: { e: { f: { password: 'SECRET10' } } } } } } },
      kept: { name: 'visible', nested: { count: 3 } },
    }, 'nested');
    logger.child({ session: { token: 'SECRET11' } }).info('child');
    const text = logs.text();
    assert.match(text, /hello/);
    for (let i = 1; i <= 11; i += 1) assert.ok(!text.includes(`SECRET${i}`), `SECRET${i} leaked: ${text}`);
    assert.match(text, /\[redacted\]/);
    const nested = JSON.parse(logs.lines.find((line) => line.includes('"nested"')));
    assert.deepEqual(nested.kept, { name: 'visible', nested: { count: 3 } }, 'other fields are logged as they are');
    assert.equal(nested.results[1][0].portal.token, '[redacted]');
  });

  it('censors credentials inside texts (a key pasted into a URL, a message quoting one), keeping the public prefix', () => {
    const logs = logCollector();
    const logger = createLogger({ level: 'info', stream: logs.stream });
    const key = `rcsk_abcdefghij_${'s'.repeat(40)}`;
    logger.info({ req: { method: 'GET', url: `/v1/customers/${key}` }, note: `see rcps_${'p'.repeat(10)}_${'t'.repeat(40)}` }, `quoting ${key}`);
    const text = logs.text();
    assert.ok(!text.includes('s'.repeat(40)) && !text.includes('t'.repeat(40)), text);
    assert.match(text, /\/v1\/customers\/rcsk_abcdefghij_\[redacted\]"/);
    assert.match(text, /"msg":"quoting rcsk_abcdefghij_\[redacted\]"/);
  });

  it('writes human-readable lines when asked (on a terminal), still censored', () => {
    const logs = logCollector();
    const logger = createLogger({ level: 'info', stream: logs.stream, pretty: true });
    logger.info({ token: 'SECRET1', count: 3 }, 'pretty line');
    const text = logs.text();
    assert.match(text, /INFO: pretty line/);
    assert.ok(!text.includes('SECRET1'));
    assert.throws(() => JSON.parse(logs.lines[0]), 'not a JSON line');
  });
});

for (const backend of BACKENDS) {
  describe(`server logs [${backend}]`, () => {
    let t;
    let logs;
    before(async () => {
      logs = logCollector();
      t = await startTestServer(backend, { logStream: logs.stream, logLevel: 'debug' });
    });
    after(() => t.close());

    it('never contain an API key, portal token, or idempotency key', async () => {
      const created = await expectStatus(t.call('POST', '/v1/api_keys', { body: { name: 'logged?', role: 'billing' } }), 201);
      const customer = await createCustomer(t, { name: 'Logged Ltd' });
      const session = await expectStatus(t.call('POST', '/v1/portal_sessions', {
        key: created.secret, body: { customer: customer.id }, headers: { 'idempotency-key': 'idem-SECRETISH-123' },
      }), 201);
      await expectStatus(t.call('GET', `/v1/customers/${customer.id}?token=${session.token}`, { key: session.token }), 200);
      await t.call('GET', `/v1/customers/${created.secret}`);
      await t.call('GET', `/v1/subscriptions/${session.token}/x`, { key: session.token });
      await t.call('GET', '/v1/products', { key: `${t.keys.admin.slice(0, -1)}x` });
      await t.call('POST', '/v1/products', { key: t.keys.admin, body: { name: { nested: created.secret } } });
      await t.worker.drain();

      const text = logs.text();
      assert.match(text, /incoming request/, 'the requests were logged');
      assert.match(text, /\/v1\/customers\//);
      const secrets = [created.secret, session.token, 'idem-SECRETISH-123', ...Object.values(t.keys)];
      for (const secret of secrets) {
        assert.ok(!text.includes(secret), `a credential appears in the logs: ${secret.slice(0, 9)}...`);
        assert.ok(!text.includes(secret.split('_')[2]), 'a credential\'s secret part appears in the logs');
      }
    });
  });
}
