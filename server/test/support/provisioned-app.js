'use strict';
// Starts examples/provisioned-app as a real process on a free loopback port, pointed at a
// listening test server, and registers it as a provisioning target.
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');

const APP = path.join(__dirname, '..', '..', '..', 'examples', 'provisioned-app', 'server.js');

/// Starts the app for test server `t` (its app must listen): { url, workspace(id), use(...), stop }.
async function startProvisionedApp(t, { targetName = 'app' } = {}) {
  const { port } = t.app.server.address();
  const app = await spawnProvisionedApp({ ratecardUrl: `http://127.0.0.1:${port}`, apiKey: t.keys.provisioning });
  const target = await t.call('PUT', `/v1/provisioning_targets/${targetName}`, { body: { base_url: app.url } });
  if (target.status !== 200) throw new Error(`registering the app failed: ${JSON.stringify(target.body)}`);
  return { ...app, target: target.body };
}

/// Starts the app process for a Ratecard server at `ratecardUrl`: { url, workspace(id), use(...), stop }.
async function spawnProvisionedApp({ ratecardUrl, apiKey, responseDelayMs = 0 }) {
  const adminToken = crypto.randomBytes(16).toString('hex');
  const child = spawn(process.execPath, [APP], {
    env: {
      ...process.env, PORT: '0', HOST: '127.0.0.1', RATECARD_URL: ratecardUrl, RATECARD_API_KEY: apiKey, APP_ADMIN_TOKEN: adminToken,
      APP_RESPONSE_DELAY_MS: String(responseDelayMs),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => reject(new Error(`the provisioned app exited (${code}):\n${output}`)));
  });
  const json = async (response) => ({ status: response.status, body: response.status === 204 ? null : await response.json() });
  return {
    url,
    output: () => output,
    /// The workspace as the app keeps it (its operator view).
    workspace: async (id) => json(await fetch(`${url}/workspaces/${id}`, { headers: { 'x-admin-token': adminToken } })),
    /// Makes the next `times` calls of Ratecard's matching `method` and `pathPrefix` fail with `status`.
    fault: async ({ method, pathPrefix, status, times }) => {
      const response = await fetch(`${url}/admin/faults`, {
        method: 'POST', headers: { 'x-admin-token': adminToken, 'content-type': 'application/json' },
        body: JSON.stringify({ method, path_prefix: pathPrefix, status, times }),
      });
      if (response.status !== 204) throw new Error(`the app refused the fault: ${response.status}`);
    },
    /// A call of the product's API with a customer's access key.
    use: async (workspaceId, feature, { key, amount, user } = {}) => json(await fetch(`${url}/api/workspaces/${workspaceId}/use/${feature}`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ ...(amount !== undefined ? { amount } : {}), ...(user !== undefined ? { user } : {}) }),
    })),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

module.exports = { startProvisionedApp, spawnProvisionedApp };
