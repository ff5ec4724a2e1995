'use strict';
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { BACKENDS, createTestDatabase } = require('./support/harness');
const { waitFor } = require('./support/wait-for');

const MAIN = path.join(__dirname, '..', 'src', 'main.js');
const quote = (text) => `'${text.replace(/'/g, "'\\''")}'`;

// Runs `npm start`'s entry point until it listens: on a terminal (a pseudo-terminal from
// util-linux `script`), or with standard output piped as a service manager would.
// Returns { url, output, stop }.
async function start(target, dataDir, { terminal }) {
  const env = {
    ...process.env, DATABASE_URL: target.databaseUrl || '', RATECARD_SQLITE_FILE: target.sqliteFile || '',
    RATECARD_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info',
  };
  const child = terminal
    ? spawn('script', ['-qfec', `${quote(process.execPath)} ${quote(MAIN)}`, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const listening = terminal ? /Try\s+curl/ : /"msg":"Ratecard server listening"/;
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (listening.test(output)) resolve();
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => reject(new Error(`exited (${code}) before listening:\n${output}`)));
  });
  const url = terminal
    ? /listening on (http:\/\/\S+)/.exec(output)[1]
    : JSON.parse(output.split('\n').find((line) => line.includes('"Ratecard server listening"'))).url;
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    // On a terminal the server stops when its terminal closes (SIGHUP): wait until it has.
    for (let i = 0; i < 100 && await fetch(`${url}/health`).then(() => true, () => false); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { url, output: () => output, stop };
}

async function post(server, route) {
  const response = await fetch(`${server.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return { status: response.status, body: await response.json() };
}

async function get(server, route, key) {
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
        // First start, on a terminal: readable logs and a banner with the key, created now.
        server = await start(target, dataDir, { terminal: true });
        const keyFile = path.join(dataDir, 'admin-key.txt');
        const adminKey = fs.readFileSync(keyFile, 'utf8').trim();
        assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600);
        const shown = server.output().split(adminKey).length - 1;
        assert.equal(shown, 1, 'the new key is printed once, in the banner');
        assert.match(server.output(), /Admin key\s+rcsk_\S+\s+\(created now and shown this once; kept in /);
        assert.match(server.output(), /API docs\s+http:\/\/127\.0\.0\.1:\d+\/docs/);
        assert.match(server.output(), /INFO.*demo data ready/, 'log lines are human-readable');
        assert.ok(!server.output().split(/\r?\n/).some((line) => line.startsWith('{')), 'no JSON log lines on a terminal');

        const plans = await get(server, '/v1/plans?limit=100', adminKey);
        assert.equal(plans.status, 200);
        assert.deepEqual(plans.body.data.map((p) => p.code).sort(),
          ['api-usage', 'scale-monthly', 'starter-monthly', 'team-annual', 'team-monthly']);
        const scale = plans.body.data.find((p) => p.code === 'scale-monthly');
        assert.equal(scale.minimum_amount, '500.00');
        const usage = plans.body.data.find((p) => p.code === 'api-usage');
        assert.equal(usage.prices[0].pricing.model, 'graduated');
        const customers = await get(server, '/v1/customers?limit=100', adminKey);
        const ofHistory = (customer) => customer.external_id.startsWith('demo-history-'); // the demo's past (seed/demo-history.js)
        assert.deepEqual([customers.body.data.filter((customer) => !ofHistory(customer)).length, customers.body.data.filter(ofHistory).length], [20, 6]);
        assert.equal((await get(server, '/v1/add_ons', adminKey)).body.data.length, 3);
        assert.equal((await get(server, '/v1/coupons', adminKey)).body.data.length, 3);
        const subscriptions = await get(server, '/v1/subscriptions?limit=100', adminKey);
        assert.equal(subscriptions.body.data.length, 26, "20, and the 6 of the demo's past");
        assert.equal((await get(server, '/v1/reports/mrr?currency=USD', adminKey)).body.data.length >= 5, true, "the demo's past months");
        assert.ok(subscriptions.body.data.some((s) => s.status === 'trialing' && s.quantity === '12'), 'a trialing annual seat subscription');

        const docs = await get(server, '/docs');
        assert.equal(docs.status, 200);
        assert.match(docs.body, /swagger/i);
        const openapi = await get(server, '/openapi.json');
        assert.equal(openapi.body.openapi, '3.1.0');
        assert.ok(openapi.body.paths['/v1/subscriptions/{id}/preview_change']);
        assert.equal((await get(server, '/v1/plans')).status, 401);
        const targets = await get(server, '/v1/provisioning_targets', adminKey);
        assert.deepEqual(targets.body.data.map((target) => target.name), ['example-app'], 'the example provisioned app runs');
        assert.equal((await fetch(`${targets.body.data[0].base_url}/health`)).status, 200);
        // The demo portal customer's account is activated in the example app by an order the
        // worker runs over HTTP, so its portal (which reads it with a portal session) has a team
        // and access keys.
        const portalCustomer = customers.body.data.find((customer) => customer.external_id === 'demo-002');
        const portal = await post(server, '/demo/portal_sessions');
        const portalToken = /#token=(.+)$/.exec(portal.body.url)[1];
        // The account turns active as its workspace is made; its users and key follow.
        const activated = await waitFor(async () => {
          await new Promise((resolve) => setTimeout(resolve, 250)); // a few requests a second: under the portal's rate limit
          const accounts = await get(server, `/v1/customers/${portalCustomer.id}/accounts`, portalToken);
          const users = await get(server, `/v1/customers/${portalCustomer.id}/account/users`, portalToken);
          const keys = await get(server, `/v1/customers/${portalCustomer.id}/access_keys`, portalToken);
          const done = accounts.body.data?.[0]?.status === 'active' && users.body.data?.length === 2 && keys.body.data?.length === 1;
          return done && { account: accounts.body.data[0], users: users.body.data, keys: keys.body.data };
        }, 60000, 'the demo account to be active with its users and key');
        assert.equal(activated.account.customer, portalCustomer.id);
        assert.deepEqual(activated.users.map((user) => [user.email, user.role]).sort(),
          [['ada@bluebird-logistics.example', 'owner'], ['sam@bluebird-logistics.example', 'member']]);
        assert.deepEqual(activated.keys.map((key) => key.name), ['Demo key']);
        await server.stop();

        // Second start, piped: JSON lines only; the key is neither created nor printed, and a
        // key pasted into a URL is not logged.
        server = await start(target, dataDir, { terminal: false });
        assert.equal((await get(server, '/v1/plans?limit=100', adminKey)).body.data.length, 5);
        assert.equal((await get(server, '/v1/customers?limit=100', adminKey)).body.data.length, 26);
        assert.equal((await get(server, '/v1/products?limit=100', adminKey)).body.data.length, 5);
        assert.equal((await get(server, '/v1/subscriptions?limit=100', adminKey)).body.data.length, 26);
        assert.equal((await get(server, `/v1/orders?type=activate&customer=${portalCustomer.id}&limit=100`, adminKey)).body.data.length, 1, 'one demo activation');
        assert.equal((await get(server, `/v1/customers/${adminKey}`, adminKey)).status, 404);
        await get(server, `/v1/plans/${adminKey}/x?key=${adminKey}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
        const lines = server.output().split('\n').filter(Boolean);
        for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `not a JSON line: ${line}`);
        const listening = lines.map((line) => JSON.parse(line)).find((line) => line.msg === 'Ratecard server listening');
        assert.equal(listening.admin_key_file, keyFile);
        assert.equal(listening.admin_key_created, false);
        assert.ok(lines.some((line) => line.includes(`/v1/customers/${adminKey.slice(0, 15)}_[redacted]`)), 'the request was logged, its key censored');
        assert.ok(!server.output().includes(adminKey.split('_')[2]), 'the key never appears in the output');
      } finally {
        if (server) await server.stop();
        await target.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}

// The processes whose parent is `pid`, as { pid, command } from /proc.
function childrenOf(pid) {
  return fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).flatMap((name) => {
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) !== pid || state === 'Z') return [];
      return [{ pid: Number(name), command: fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ') }];
    } catch {
      return []; // gone meanwhile
    }
  });
}

const isRunning = (pid) => {
  try {
    return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

// Not per database: what is checked is the processes, which the database does not change.
describe('npm start stopped while it starts', () => {
  it('a SIGTERM as soon as its first demo process is spawned leaves no process behind', async () => {
    const target = await createTestDatabase('sqlite');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-start-'));
    const env = { ...process.env, RATECARD_SQLITE_FILE: target.sqliteFile, DATABASE_URL: '', RATECARD_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' };
    const main = spawn(process.execPath, [MAIN], { env, stdio: 'ignore' });
    const exited = new Promise((resolve) => main.on('exit', (code) => resolve(code)));
    let spawned = [];
    try {
      // Poll until the example app (the first demo process) exists, before it listens.
      for (let i = 0; i < 6000 && spawned.length === 0 && main.exitCode === null; i += 1) {
        spawned = childrenOf(main.pid).filter((child) => child.command.includes('provisioned-app'));
        if (spawned.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      assert.equal(spawned.length, 1, 'the example app was spawned');
      main.kill('SIGTERM');
      assert.equal(await exited, 0, 'the server stopped on SIGTERM');
      assert.equal(isRunning(spawned[0].pid), false, 'the example app stopped with it');
    } finally {
      if (main.exitCode === null) main.kill('SIGKILL');
      for (const child of spawned) if (isRunning(child.pid)) process.kill(child.pid, 'SIGKILL');
      await target.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
