'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { BACKENDS, createTestDatabase } = require('./support/harness');

const MAIN = path.join(__dirname, '..', 'src', 'main.js');

// Runs `npm start`'s entry point until it listens; returns { url, adminKey, stop, output }.
async function start(target, dataDir) {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env, DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '',
      RATECARD_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (/Admin key\s+\S+/.test(output) && output.includes('Try')) resolve();
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => reject(new Error(`exited (${code}) before listening:\n${output}`)));
  });
  const url = /listening on (http:\/\/\S+)/.exec(output)[1];
  const adminKey = /Admin key\s+(\S+)/.exec(output)[1];
  return { url, adminKey, output: () => output, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

async function get(server, route, key = server.adminKey) {
  const response = await fetch(`${server.url}${route}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text() };
}

for (const backend of BACKENDS) {
  describe(`npm start [${backend}]`, () => {
    it('serves the API and docs with demo data; a second start keeps the key and duplicates nothing', async () => {
      const target = await createTestDatabase(backend);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-start-'));
      let server;
      try {
        server = await start(target, dataDir);
        const keyFile = path.join(dataDir, 'admin-key.txt');
        assert.equal(fs.readFileSync(keyFile, 'utf8').trim(), server.adminKey);
        assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600);
        assert.match(server.output(), /API docs\s+http:\/\/127\.0\.0\.1:\d+\/docs/);

        const plans = await get(server, '/v1/plans?limit=100');
        assert.equal(plans.status, 200);
        assert.deepEqual(plans.body.data.map((p) => p.code).sort(),
          ['api-usage', 'scale-monthly', 'starter-monthly', 'team-annual', 'team-monthly']);
        const scale = plans.body.data.find((p) => p.code === 'scale-monthly');
        assert.equal(scale.minimum_amount, '500.00');
        const usage = plans.body.data.find((p) => p.code === 'api-usage');
        assert.equal(usage.prices[0].pricing.model, 'graduated');
        const customers = await get(server, '/v1/customers?limit=100');
        assert.equal(customers.body.data.length, 20);
        assert.equal((await get(server, '/v1/add_ons')).body.data.length, 3);
        assert.equal((await get(server, '/v1/coupons')).body.data.length, 3);
        const subscriptions = await get(server, '/v1/subscriptions?limit=100');
        assert.equal(subscriptions.body.data.length, 20);
        assert.ok(subscriptions.body.data.some((s) => s.status === 'trialing' && s.quantity === '12'), 'a trialing annual seat subscription');

        const docs = await get(server, '/docs', null);
        assert.equal(docs.status, 200);
        assert.match(docs.body, /swagger/i);
        const openapi = await get(server, '/openapi.json', null);
        assert.equal(openapi.body.openapi, '3.1.0');
        assert.ok(openapi.body.paths['/v1/subscriptions/{id}/preview_change']);
        assert.equal((await get(server, '/v1/plans', null)).status, 401);
        assert.ok(!server.output().includes(`"${server.adminKey}`), 'the key is printed, never logged');
        const targets = await get(server, '/v1/provisioning_targets');
        assert.deepEqual(targets.body.data.map((target) => target.name), ['example-app'], 'the example provisioned app runs');
        assert.equal((await fetch(`${targets.body.data[0].base_url}/health`)).status, 200);
        await server.stop();

        server = await start(target, dataDir);
        assert.doesNotMatch(server.output(), /created now/);
        assert.equal((await get(server, '/v1/plans?limit=100')).body.data.length, 5);
        assert.equal((await get(server, '/v1/customers?limit=100')).body.data.length, 20);
        assert.equal((await get(server, '/v1/products?limit=100')).body.data.length, 5);
        assert.equal((await get(server, '/v1/subscriptions?limit=100')).body.data.length, 20);
      } finally {
        if (server) await server.stop();
        await target.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
