'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { BACKENDS, startTestServer } = require('./support/harness');
const { expectStatus, expectError } = require('./support/fixtures');
const { CONTENT_SECURITY_POLICY, WEB_DIST, securityHeaders } = require('../src/web/pages');

const built = fs.existsSync(path.join(WEB_DIST, 'index.html'));

for (const backend of BACKENDS) {
  describe(`web pages [${backend}]`, () => {
    let t;
    before(async () => { t = await startTestServer(backend); });
    after(() => t.close());

    it('serves the pages without a key under the strict policy (503 with a hint before web/ is built)', async () => {
      for (const url of ['/', '/checkout/team-monthly', '/portal']) {
        const page = await t.call('GET', url, { key: null });
        assert.equal(page.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
        assert.equal(page.headers['x-content-type-options'], 'nosniff');
        if (built) {
          assert.equal(page.status, 200);
          assert.match(page.headers['content-type'], /^text\/html/);
        } else {
          assert.equal(page.status, 503);
          assert.match(String(page.body), /build-web\.sh/);
        }
      }
      assert.match(CONTENT_SECURITY_POLICY, /script-src 'self' 'wasm-unsafe-eval';/);
      assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|'unsafe-eval'/);
    });

    it('lets the pages connect to the card vault and the gateways (3-D Secure) only, when payments are configured', () => {
      const payments = {
        vaultUrl: 'http://127.0.0.1:4100', gateways: [{ name: 'atlas', url: 'http://127.0.0.1:4200/' }, { name: 'beacon', url: 'http://127.0.0.1:4300' }],
      };
      const policy = securityHeaders({ payments })['content-security-policy'];
      assert.match(policy, /; connect-src 'self' http:\/\/127\.0\.0\.1:4100 http:\/\/127\.0\.0\.1:4200 http:\/\/127\.0\.0\.1:4300; /);
      assert.equal(policy.replace(/ http:[^\s;]+/g, ''), CONTENT_SECURITY_POLICY);
      assert.equal(securityHeaders({ payments: { vaultUrl: null, gateways: [] } })['content-security-policy'], CONTENT_SECURITY_POLICY);
    });

    it('serves only files of web/dist/assets, and the WebAssembly module as application/wasm', async () => {
      for (const url of ['/assets/..%2f..%2fpackage.json', '/assets/.env', '/assets/missing.js', '/assets/index.html']) {
        await expectError(t.call('GET', url, { key: null }), 404, 'NOT_FOUND');
      }
      if (built) {
        const wasm = await t.call('GET', '/assets/ratecard_wasm.wasm', { key: null });
        assert.equal(wasm.status, 200);
        assert.equal(wasm.headers['content-type'], 'application/wasm');
      }
    });

    it('gives the demo links a publishable key, and answers 404 without demo data', async () => {
      const links = await expectStatus(t.call('GET', '/demo/links', { key: null }), 200);
      assert.deepEqual(links, { plans: [], portal: false }); // this database has no demo data
      t.services.config.seed = false;
      try {
        await expectError(t.call('GET', '/demo/links', { key: null }), 404, 'NOT_FOUND');
        await expectError(t.call('POST', '/demo/portal_sessions', { key: null, body: {} }), 404, 'NOT_FOUND');
      } finally {
        t.services.config.seed = true;
      }
    });

    it('records a demo portal session in the audit log, with the session it created (never its token)', async () => {
      const customer = await expectStatus(t.call('POST', '/v1/customers', { body: { name: 'Demo Two', email: 'two@example.com', external_id: 'demo-002', currency: 'USD' } }), 201);
      const { url } = await expectStatus(t.call('POST', '/demo/portal_sessions', { key: null, body: {} }), 200);
      const token = /#token=(.+)$/.exec(url)[1];
      const entries = await t.services.db.selectFrom('audit_log').selectAll().where('route', '=', '/demo/portal_sessions').orderBy('created_at').execute();
      assert.deepEqual(entries.map((entry) => [entry.status, entry.actor_kind]), [[200, 'anonymous']]);
      const [session] = await t.services.db.selectFrom('portal_sessions').select('id').where('customer_id', '=', customer.id).execute();
      assert.equal(entries[0].object_id, session.id);
      assert.equal(entries[0].customer_id, customer.id);
      assert.ok(!JSON.stringify(entries).includes(token));
    });
  });
}
