'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startTestServer } = require('./support/harness');
const { startProvisionedApp } = require('./support/provisioned-app');
const { signingKey } = require('../src/entitlements/signing-keys');
const { callTarget } = require('../src/provisioning/target-client');

// The example app obeys only requests Ratecard signed (Ed25519, `Ratecard-Signature`) over this
// moment, this method, this path and this body. On SQLite only: what is checked is the app's
// verification, which the database does not change.
describe('the provisioned app refuses requests Ratecard did not sign', () => {
  let t;
  let app;
  before(async () => {
    t = await startTestServer('sqlite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    app = await startProvisionedApp(t);
  });
  after(async () => {
    await app.stop();
    await t.close();
  });

  // A PUT of a workspace with a signature header made here: { status, body }.
  const put = async (workspace, { signed = workspace, body, signedBody = body, age = 0 }) => {
    const key = await signingKey(t.services.db);
    const timestamp = Math.floor(Date.now() / 1000) - age;
    const digest = crypto.createHash('sha256').update(signedBody, 'utf8').digest('hex');
    const signature = key.sign(`${timestamp}.PUT./workspaces/${signed}.${digest}`);
    const response = await fetch(`${app.url}/workspaces/${workspace}`, {
      method: 'PUT', body, headers: { 'content-type': 'application/json', 'ratecard-signature': `t=${timestamp},kid=${key.kid},sig=${signature}` },
    });
    return { status: response.status, body: await response.json() };
  };
  const body = JSON.stringify({ customer: 'cus_signed', name: 'Signed' });

  it('obeys a signed request, and refuses unsigned, stale, altered and replayed ones, changing nothing', async () => {
    const unsigned = await fetch(`${app.url}/workspaces/ws_unsigned`, { method: 'PUT', body, headers: { 'content-type': 'application/json' } });
    assert.equal(unsigned.status, 401);
    assert.match((await unsigned.json()).error.message, /missing or malformed Ratecard-Signature/);
    const stale = await put('ws_stale', { body, age: 301 });
    assert.deepEqual([stale.status, stale.body.error.message], [401, 'the signature is too old']);
    const altered = await put('ws_altered', { body: JSON.stringify({ customer: 'cus_other', name: 'Other' }), signedBody: body });
    assert.deepEqual([altered.status, altered.body.error.message], [401, 'the signature does not verify']);
    const replayed = await put('ws_elsewhere', { signed: 'ws_signed', body });
    assert.deepEqual([replayed.status, replayed.body.error.message], [401, 'the signature does not verify']);
    for (const id of ['ws_unsigned', 'ws_stale', 'ws_altered', 'ws_elsewhere']) assert.equal((await app.workspace(id)).status, 404, id);

    // The same request signed as Ratecard signs it is obeyed.
    await callTarget(t.services, { name: 'app', base_url: app.url }, { method: 'PUT', path: '/workspaces/ws_signed', body: JSON.parse(body) });
    const workspace = await app.workspace('ws_signed');
    assert.equal(workspace.status, 200);
    assert.equal(workspace.body.customer, 'cus_signed');
  });
});
