'use strict';
// The entitlement check over HTTP under a fixed load, on SQLite and PostgreSQL, and the same
// decision in process with the package's local helper. Each database gets a real server
// process (`npm start`'s entry point, no demo data) with a customer on a plan of a limit, a
// boolean and a metered feature, an add-on and a grant; the load tool (constant-rate.js) sends
// GET /v1/entitlements/check at a fixed rate from this process, over loopback. Where the time
// goes: the CPU the server process, PostgreSQL and the load tool used per request, steadier on
// a busy machine than the latency.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServerProcess } = require('./server-process.js');
const { runConstantRate } = require('./constant-rate.js');
const { callLatency } = require('./latency.js');
const { load } = require('./machine.js');
const { processCpu, clusterCpu } = require('./process-cpu.js');

const ROOT = path.join(__dirname, '..', '..');

async function startServer(database, dataDir) {
  const server = startServerProcess({ databaseUrl: database.databaseUrl, sqliteFile: database.sqliteFile, dataDir });
  const { url, adminKey } = await server.ready;
  return { url, adminKey, pid: server.child.pid, stop: server.stop };
}

// A customer with entitlements worth checking; returns the check's query string.
async function setUpCustomer(server) {
  const call = async (method, route, body) => {
    const response = await fetch(`${server.url}${route}`, {
      method, headers: { authorization: `Bearer ${server.adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const parsed = await response.json();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(parsed)}`);
    return parsed;
  };
  const product = await call('POST', '/v1/products', { name: 'Team' });
  const price = await call('POST', '/v1/prices', { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'per_unit', unit_amount: '12.00' } });
  const plan = await call('POST', '/v1/plans', { code: 'team', name: 'Team', product: product.id, currency: 'USD', interval: 'month', prices: [price.id] });
  await call('PUT', `/v1/plans/${plan.id}/entitlements`, {
    features: [
      { key: 'seats', kind: 'limit', limit: 0 }, { key: 'projects', kind: 'limit', limit: 10 }, { key: 'sso', kind: 'boolean' },
      { key: 'api_calls', kind: 'metered', included: '100000' },
    ],
  });
  const addOnPrice = await call('POST', '/v1/prices', { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'flat', amount: '5.00' } });
  const addOn = await call('POST', '/v1/add_ons', { code: 'more-projects', name: '+5 projects', price: addOnPrice.id });
  await call('PUT', `/v1/add_ons/${addOn.id}/entitlements`, { features: [{ key: 'projects', kind: 'limit', limit: 5 }] });
  const customer = await call('POST', '/v1/customers', { name: 'Acme', currency: 'USD', timezone: 'America/New_York' });
  await call('POST', '/v1/subscriptions', { customer: customer.id, plan: plan.id, quantity: 5, add_ons: [{ add_on: addOn.id, quantity: 2 }] });
  await call('POST', `/v1/customers/${customer.id}/entitlement_grants`, { feature: 'projects', amount: '3' });
  const key = await call('POST', '/v1/api_keys', { name: 'bench', role: 'provisioning' });
  return { customer: customer.id, apiKey: key.secret, query: `customer=${customer.id}&feature=projects&amount=1` };
}

// CPU seconds used so far by the server process, the PostgreSQL cluster (when given its data
// directory) and this process (the load tool).
function cpuSeconds(serverPid, postgresDataDir) {
  const usage = process.cpuUsage();
  return { server: processCpu(serverPid), postgres: postgresDataDir ? clusterCpu(postgresDataDir) : null, load_tool: (usage.user + usage.system) / 1e6 };
}

/**
 * Measures the check over HTTP at `rate` per second on each database of `databases`
 * ([{ name, databaseUrl | sqliteFile, postgresDataDir }]), and the local helper's latency.
 */
async function measureEntitlementsHttp({ databases, rate = 2000, seconds = 10, warmupSeconds = 2, samples = 20000, progress = () => {} }) {
  const result = { rate, seconds, load_before: load(), databases: {} };
  for (const database of databases) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-bench-'));
    const server = await startServer(database, dataDir);
    try {
      const { query, apiKey, customer } = await setUpCustomer(server);
      const url = `${server.url}/v1/entitlements/check?${query}`;
      const headers = { authorization: `Bearer ${apiKey}` };
      progress(`${database.name} warm-up`);
      await runConstantRate({ url: () => url, rate, seconds: warmupSeconds, headers });
      progress(`${database.name} ${rate}/s for ${seconds} s`);
      const before = cpuSeconds(server.pid, database.postgresDataDir);
      const figures = await runConstantRate({ url: () => url, rate, seconds, headers });
      const after = cpuSeconds(server.pid, database.postgresDataDir);
      const perRequest = (name) => (before[name] === null ? null : Math.round(((after[name] - before[name]) * 1e6) / figures.sent));
      result.databases[database.name] = {
        ...figures, cpu_us_per_request: { server: perRequest('server'), postgres: perRequest('postgres'), load_tool: perRequest('load_tool') }, load_after: load(),
      };
      if (database.name === 'sqlite') {
        progress('local helper');
        result.local_helper = await localHelperLatency(server.url, apiKey, customer, samples);
      }
    } finally {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  result.load_after = load();
  return result;
}

// The same decision in process: the package's helper on the customer's signed snapshot.
async function localHelperLatency(url, apiKey, customer, samples) {
  const { createRatecard, createLocalEntitlements } = require(ROOT);
  const ratecard = await createRatecard({ backend: 'native' });
  const local = await createLocalEntitlements({ ratecard, url, apiKey, customer, refreshIntervalMs: 0 });
  try {
    if (!local.check('projects', { amount: '1' }).allowed) throw new Error('the local helper refused the benchmark check');
    return callLatency(() => local.check('projects', { amount: '1' }), { samples, warmup: Math.min(2000, samples / 10) });
  } finally {
    local.close();
  }
}

module.exports = { measureEntitlementsHttp };
