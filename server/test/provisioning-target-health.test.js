'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { BACKENDS, startTestServer } = require('./support/harness');
const { expectStatus, expectError } = require('./support/fixtures');
const { startProvisionedApp } = require('./support/provisioned-app');

// GET /v1/provisioning_targets/:name/health against the real example app (its own process) and
// against a port nothing listens on.

/// A loopback port that was free a moment ago and now has no listener.
async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

for (const backend of BACKENDS) {
  describe(`provisioning target health [${backend}]`, () => {
    let t;
    let app;
    before(async () => {
      t = await startTestServer(backend);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      app = await startProvisionedApp(t);
      await expectStatus(t.call('PUT', '/v1/provisioning_targets/down', { body: { base_url: `http://127.0.0.1:${await closedPort()}` } }), 200);
    });
    after(async () => {
      await app.stop();
      await t.close();
    });

    it('says the example app is healthy, by name or id, for a read-only role too', async () => {
      const health = await expectStatus(t.call('GET', '/v1/provisioning_targets/app/health', { key: t.keys.support }), 200);
      assert.equal(health.object, 'provisioning_target_health');
      assert.equal(health.target, app.target.id);
      assert.equal(health.name, 'app');
      assert.equal(health.base_url, app.url);
      assert.equal(health.healthy, true);
      assert.equal(health.error, null);
      assert.deepEqual(health.accounts, {});
      assert.equal((await expectStatus(t.call('GET', `/v1/provisioning_targets/${app.target.id}/health`), 200)).name, 'app');
    });

    it('says a target that does not answer is unhealthy, with the reason', async () => {
      const health = await expectStatus(t.call('GET', '/v1/provisioning_targets/down/health'), 200);
      assert.equal(health.healthy, false);
      assert.match(health.error, /^down did not answer GET \/health/);
    });

    it('answers 404 for an unknown target', async () => {
      await expectError(t.call('GET', '/v1/provisioning_targets/nope/health'), 404, 'NOT_FOUND');
    });
  });
}
