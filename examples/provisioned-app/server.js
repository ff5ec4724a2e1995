#!/usr/bin/env node
// A small product that Ratecard provisions over HTTP: workspaces (one per customer), their
// users and access keys. It enforces what each customer may use locally, in process, with the
// `ratecard` package's local entitlement helper (a signed snapshot from the Ratecard server,
// decided by the same core). `npm start` starts it beside the server; the server's tests
// start it on a free port.
//
//   RATECARD_URL=http://127.0.0.1:8080 RATECARD_API_KEY=rcsk_... node examples/provisioned-app/server.js
//
// Environment: PORT (default 0: any free port), HOST (127.0.0.1), RATECARD_URL, RATECARD_API_KEY
// (a key of role provisioning), APP_ADMIN_TOKEN (lets GET /workspaces/:id show a workspace to
// an operator), APP_DATA_FILE (keep the state in this JSON file), APP_RESPONSE_DELAY_MS (answer
// Ratecard's calls this much later: a slow service, for demos and crash tests). It prints
// "provisioned app listening on http://HOST:PORT" once it listens.
//
// GET /health answers anyone. Ratecard's calls (each signed, see signature.js):
//   PUT /workspaces/:id {customer, name}           POST /workspaces/:id/suspend | /restore
//   POST /workspaces/:id/archive {retain_until}    DELETE /workspaces/:id?purge=true
//   PUT|DELETE /workspaces/:id/users/:user         PUT /workspaces/:id/keys/:key
//   POST /workspaces/:id/entitlements/refresh      POST /workspaces/:id/welcome {email}
// An operator (header x-admin-token: APP_ADMIN_TOKEN) may read GET /workspaces/:id, and make the
// next `times` of Ratecard's calls (its health checks, GET /health, included) matching a method
// and path prefix fail with `status` (POST /admin/faults {method, path_prefix, status, times};
// times 0 ends it): an outage, for demos and tests.
// The product's own API, for the customer's users (Authorization: Bearer <access key>):
//   POST /api/workspaces/:id/use/:feature {amount, user}  -> 200, or 401/403/404/410/423 with a reason
'use strict';

const http = require('node:http');
const { createRatecard, createLocalEntitlements } = require('../..');
const { createSignatureVerifier } = require('./signature');
const { createStore } = require('./store');

/// Emails at this domain are refused (422): a way to make a provisioning step fail for good.
const REFUSED_EMAIL_DOMAIN = '@refused.example';

async function startApp({ port = 0, host = '127.0.0.1', ratecardUrl, apiKey, adminToken = null, dataFile = null, responseDelayMs = 0 }) {
  const ratecard = await createRatecard();
  const store = createStore(dataFile);
  const verify = createSignatureVerifier({ ratecardUrl, apiKey });
  const entitlements = new Map(); // customer -> Promise<LocalEntitlements>
  const faults = []; // { method, path_prefix, status, times }

  function entitlementsOf(customer) {
    if (!entitlements.has(customer)) {
      const pending = createLocalEntitlements({ ratecard, url: ratecardUrl, apiKey, customer });
      pending.catch(() => entitlements.delete(customer));
      entitlements.set(customer, pending);
    }
    return entitlements.get(customer);
  }

  const ratecardRoutes = [
    ['PUT', /^\/workspaces\/([\w-]+)$/, (id, body) => [200, summary(store.putWorkspace(id, body))]],
    ['POST', /^\/workspaces\/([\w-]+)\/suspend$/, (id, body) => setStatus(id, 'suspended', { suspended_reason: body.reason || null })],
    ['POST', /^\/workspaces\/([\w-]+)\/restore$/, (id) => setStatus(id, 'active', { suspended_reason: null })],
    ['POST', /^\/workspaces\/([\w-]+)\/archive$/, (id, body) => setStatus(id, 'archived', { retain_until: body.retain_until || null })],
    ['DELETE', /^\/workspaces\/([\w-]+)\?purge=true$/, (id) => {
      if (store.workspace(id)) store.purge(id);
      return [204, null];
    }],
    ['PUT', /^\/workspaces\/([\w-]+)\/users\/([\w-]+)$/, (id, body, userId) => {
      if (String(body.email).endsWith(REFUSED_EMAIL_DOMAIN)) return [422, { error: { code: 'EMAIL_REFUSED', message: `this product does not accept ${body.email}` } }];
      return withWorkspace(id, (workspace) => { workspace.users[userId] = { id: userId, ...body }; });
    }],
    ['DELETE', /^\/workspaces\/([\w-]+)\/users\/([\w-]+)$/, (id, body, userId) => withWorkspace(id, (workspace) => { delete workspace.users[userId]; }, 204)],
    ['PUT', /^\/workspaces\/([\w-]+)\/keys\/([\w-]+)$/, (id, body, keyId) => withWorkspace(id, (workspace) => { workspace.keys[keyId] = { ...body, id: keyId }; })],
    ['DELETE', /^\/workspaces\/([\w-]+)\/keys\/([\w-]+)$/, (id, body, keyId) => withWorkspace(id, (workspace) => { delete workspace.keys[keyId]; }, 204)],
    // Once per user: Ratecard may repeat the call after a crash.
    ['POST', /^\/workspaces\/([\w-]+)\/welcome$/, (id, body) => withWorkspace(id, (workspace) => {
      if (!workspace.welcomes.some((welcome) => welcome.user === body.user)) workspace.welcomes.push({ ...body, at: new Date().toISOString() });
    })],
    ['POST', /^\/workspaces\/([\w-]+)\/entitlements\/refresh$/, async (id) => {
      const workspace = store.workspace(id);
      if (!workspace || workspace.status === 'purged') return [404, { error: { code: 'NOT_FOUND', message: `no workspace ${id}` } }];
      const local = await entitlementsOf(workspace.customer);
      return [200, { refreshed: await local.refresh(), etag: local.etag }];
    }],
  ];

  function summary(workspace) {
    return { id: workspace.id, customer: workspace.customer, status: workspace.status };
  }

  function setStatus(id, status, fields) {
    return withWorkspace(id, (workspace) => {
      Object.assign(workspace, fields, { status });
      workspace.events.push({ status, at: new Date().toISOString() });
    });
  }

  function withWorkspace(id, change, status = 200) {
    const workspace = store.workspace(id);
    if (!workspace || workspace.status === 'purged') {
      return status === 204 ? [204, null] : [404, { error: { code: 'NOT_FOUND', message: `no workspace ${id}` } }];
    }
    store.update(id, change);
    return [status, status === 204 ? null : summary(store.workspace(id))];
  }

  // The product's API: an access key, the workspace's state, then the local decision.
  async function useFeature(id, feature, body, authorization) {
    const workspace = store.workspace(id);
    if (!workspace || workspace.status === 'purged') return [404, { error: { code: 'NOT_FOUND', reason: 'no_workspace' } }];
    if (workspace.status === 'archived') return [410, { error: { code: 'GONE', reason: 'workspace_archived' } }];
    if (workspace.status === 'suspended') return [423, { error: { code: 'SUSPENDED', reason: 'workspace_suspended' } }];
    const local = await entitlementsOf(workspace.customer);
    // The customer's time: their test clock's, when Ratecard runs them on one.
    const now = local.snapshot.frozen_time ? new Date(local.snapshot.frozen_time) : new Date();
    const key = store.findKey(workspace, (/^Bearer (\S+)$/.exec(authorization || '') || [])[1], now);
    if (!key) return [401, { error: { code: 'UNAUTHENTICATED', reason: 'invalid_access_key' } }];
    if (body.user !== undefined) {
      const user = workspace.users[body.user];
      if (!user) return [403, { error: { code: 'FORBIDDEN', reason: 'unknown_user' } }];
      const seat = local.check('seats', { assignee: body.user });
      if (seat.kind === 'limit' && !seat.allowed) return [403, { error: { code: 'FORBIDDEN', reason: seat.reason } }];
    }
    const usageKey = `${key.id}:${feature}`;
    const keyUsage = workspace.key_usage[usageKey] || [];
    const decision = local.check(feature, { amount: body.amount, key, keyUsage });
    if (!decision.allowed) return [403, { error: { code: 'NOT_ENTITLED', reason: decision.reason }, decision }];
    const at = `${now.toISOString().slice(0, 19)}Z`;
    store.update(id, (w) => { w.key_usage[usageKey] = [...keyUsage, { amount: String(body.amount ?? '1'), at }]; });
    return [200, { allowed: true, decision }];
  }

  // The answer of an outage the operator asked for on this call, or null (the call goes on).
  function injectedFault(method, url) {
    const fault = faults.find((f) => f.times > 0 && f.method === method && url.startsWith(f.path_prefix));
    if (!fault) return null;
    fault.times -= 1;
    return [fault.status, { error: { code: 'FAULT', message: `an outage the operator asked for (${fault.status})` } }];
  }

  async function route(request, text) {
    const url = request.url;
    let body;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      return [400, { error: { code: 'INVALID_JSON', message: 'the body is not JSON' } }];
    }
    if (url === '/health' && request.method === 'GET') return injectedFault('GET', url) || [200, { status: 'ok' }];
    const use = /^\/api\/workspaces\/([\w-]+)\/use\/([\w.-]+)$/.exec(url);
    if (use && request.method === 'POST') return useFeature(use[1], use[2], body, request.headers.authorization);
    const operator = adminToken && request.headers['x-admin-token'] === adminToken;
    if (url === '/admin/faults' && request.method === 'POST' && operator) {
      // A new fault replaces the one on the same method and path prefix (times 0 ends it).
      const index = faults.findIndex((f) => f.method === body.method && f.path_prefix === body.path_prefix);
      if (index >= 0) faults.splice(index, 1);
      if (body.times > 0) faults.push({ method: body.method, path_prefix: body.path_prefix, status: body.status, times: body.times });
      return [204, null];
    }
    const inspect = /^\/workspaces\/([\w-]+)$/.exec(url);
    if (inspect && request.method === 'GET' && operator) {
      const workspace = store.workspace(inspect[1]);
      return workspace ? [200, workspace] : [404, { error: { code: 'NOT_FOUND' } }];
    }
    for (const [method, pattern, handler] of ratecardRoutes) {
      const match = pattern.exec(url);
      if (!match || method !== request.method) continue;
      const refused = await verify(request.method, url, request.headers['ratecard-signature'], text);
      if (refused) return [401, { error: { code: 'UNAUTHENTICATED', message: refused } }];
      if (responseDelayMs) await new Promise((resolve) => setTimeout(resolve, responseDelayMs));
      return injectedFault(request.method, url) || handler(match[1], body, match[2]);
    }
    return [404, { error: { code: 'NOT_FOUND', message: `no route ${request.method} ${url}` } }];
  }

  const server = http.createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => { text += chunk; });
    request.on('end', () => {
      route(request, text).then(([status, payload]) => {
        response.writeHead(status, payload === null ? {} : { 'content-type': 'application/json' });
        response.end(payload === null ? undefined : JSON.stringify(payload));
      }, (error) => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { code: 'INTERNAL', message: error.message } }));
      });
    });
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  return {
    url: `http://${host}:${address.port}`,
    close: async () => {
      for (const pending of entitlements.values()) pending.then((local) => local.close(), () => {});
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

if (require.main === module) {
  const env = process.env;
  if (!env.RATECARD_URL || !env.RATECARD_API_KEY) {
    process.stderr.write('set RATECARD_URL and RATECARD_API_KEY (a key of role provisioning)\n');
    process.exit(2);
  }
  startApp({
    port: Number(env.PORT || 0), host: env.HOST || '127.0.0.1', ratecardUrl: env.RATECARD_URL, apiKey: env.RATECARD_API_KEY,
    adminToken: env.APP_ADMIN_TOKEN || null, dataFile: env.APP_DATA_FILE || null, responseDelayMs: Number(env.APP_RESPONSE_DELAY_MS || 0),
  }).then((app) => {
    process.stdout.write(`provisioned app listening on ${app.url}\n`);
    const stop = () => app.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }, (error) => {
    process.stderr.write(`provisioned app failed to start: ${error.stack || error}\n`);
    process.exit(1);
  });
}

module.exports = { startApp };
