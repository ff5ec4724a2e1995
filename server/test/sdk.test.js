'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const { BACKENDS, startTestServer } = require('./support/harness');
const { createPlan } = require('./support/fixtures');

const run = promisify(execFile);
const SERVER_DIR = path.join(__dirname, '..');
const bin = (name) => path.join(SERVER_DIR, 'node_modules', '.bin', name);
// The repository's TypeScript compiler (root devDependencies); openapi-typescript brings its own
// TypeScript 5 for its code generation.
const TSC = path.join(SERVER_DIR, '..', 'node_modules', '.bin', 'tsc');

// A client as an integrator writes it with the generated types: typed bodies, responses and
// named components. It fails to compile if the document's types do not fit this use.
const CLIENT = `
import createClient from 'openapi-fetch';
import type { paths, components } from './ratecard.js';

type Customer = components['schemas']['Customer'];
type Subscription = components['schemas']['Subscription'];
type ApiError = components['schemas']['Error'];
declare const process: { argv: string[]; exit(code: number): never };

async function main(): Promise<void> {
  const [baseUrl, key, planId] = process.argv.slice(2);
  const client = createClient<paths>({ baseUrl, headers: { Authorization: \`Bearer \${key}\` } });

  const created = await client.POST('/v1/customers', {
    body: { name: 'SDK Ltd', currency: 'USD', metadata: { source: 'sdk' } },
    params: { header: { 'Idempotency-Key': \`sdk-\${Date.now()}\` } },
  });
  if (!created.data) throw new Error(JSON.stringify(created.error));
  const customer: Customer = created.data;

  const subscribed = await client.POST('/v1/subscriptions', { body: { customer: customer.id!, plan: planId, quantity: '3' } });
  if (!subscribed.data) throw new Error(JSON.stringify(subscribed.error));
  const retrieved = await client.GET('/v1/subscriptions/{id}', {
    params: { path: { id: subscribed.data.id! }, query: { 'expand[]': ['customer', 'plan'] } },
  });
  const subscription: Subscription | undefined = retrieved.data;
  const expandedCustomer = subscription && typeof subscription.customer === 'object' ? subscription.customer.name : null;

  const missing = await client.GET('/v1/customers/{id}', { params: { path: { id: 'cus_missing' } } });
  const error: ApiError | undefined = missing.error;

  console.log(JSON.stringify({
    customer: customer.id, quantity: subscription?.quantity, expandedCustomer,
    requestId: retrieved.response.headers.get('request-id'), error: error?.error.code, errorStatus: missing.response.status,
  }));
}

main().catch((failure) => {
  console.error(failure);
  process.exit(1);
});
`;

// Generates types from the live server's /openapi.json with openapi-typescript, compiles a
// client written with openapi-fetch against them (tsc, strict), and runs it against a real
// listening server on each database.
describe('generated TypeScript SDK', () => {
  let dir;
  let compiled;
  const servers = {}; // one listening test server per database; the SQLite one serves the document
  const listen = async (backend) => {
    servers[backend] = await startTestServer(backend);
    await servers[backend].app.listen({ port: 0, host: '127.0.0.1' });
    return `http://127.0.0.1:${servers[backend].app.server.address().port}`;
  };
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-sdk-'));
    fs.symlinkSync(path.join(SERVER_DIR, 'node_modules'), path.join(dir, 'node_modules'));
    const base = await listen('sqlite');
    await run(bin('openapi-typescript'), [`${base}/openapi.json`, '--output', path.join(dir, 'ratecard.ts')], { cwd: dir });
    fs.writeFileSync(path.join(dir, 'client.ts'), CLIENT);
    fs.writeFileSync(path.join(dir, 'package.json'), '{"type": "module"}');
    try {
      await run(TSC, ['--strict', '--noEmitOnError', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
        '--skipLibCheck', '--lib', 'es2022,dom', '--outDir', path.join(dir, 'out'), path.join(dir, 'client.ts')], { cwd: dir });
    } catch (error) {
      throw new Error(`the client does not compile against the generated types:\n${error.stdout}${error.stderr}`);
    }
    compiled = path.join(dir, 'out', 'client.js');
  });
  after(async () => {
    for (const server of Object.values(servers)) await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the API objects as types', () => {
    const types = fs.readFileSync(path.join(dir, 'ratecard.ts'), 'utf8');
    for (const name of ['Subscription', 'SubscriptionList', 'Customer', 'Plan', 'PortalPolicy', 'Error']) {
      assert.match(types, new RegExp(`\\b${name}: \\{`), `no type ${name}`);
    }
    assert.match(types, /createSubscription: \{/, 'operations are named by their operationId');
  });

  for (const backend of BACKENDS) {
    it(`calls a real server with the compiled client [${backend}]`, async () => {
      const base = servers[backend] ? `http://127.0.0.1:${servers[backend].app.server.address().port}` : await listen(backend);
      const t = servers[backend];
      const { plan } = await createPlan(t, { code: 'sdk' });
      const { stdout } = await run(process.execPath, [compiled, base, t.keys.billing, plan.id]);
      const result = JSON.parse(stdout);
      assert.match(result.customer, /^cus_/);
      assert.equal(result.quantity, '3');
      assert.equal(result.expandedCustomer, 'SDK Ltd');
      assert.match(result.requestId, /^req_/);
      assert.deepEqual([result.errorStatus, result.error], [404, 'NOT_FOUND']);
    });
  }
});
