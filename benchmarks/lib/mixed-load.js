'use strict';
// Mixed load (issue 28): a real server process per database (`npm start`'s entry point,
// durability as shipped, rate limits as shipped) takes, at once and for a bounded time, usage
// ingestion at 1.5x the rate the ingestion section measured it sustains (batches of 100 events,
// 10 % repeats), entitlement checks at a fixed rate (a metered feature that reads the usage
// being ingested, and a limit) and portal traffic at a fixed rate (portal sessions reading their
// customer's subscriptions, entitlements and upcoming invoice, the portal's view of its
// invoices). Each kind is an open-model load (constant-rate.js): requests go out when due,
// whatever the server answers, so the overload queues up and shows in the latencies.
// Afterwards the books: no 5xx; every event the server acknowledged (accepted, or a duplicate of
// one it holds) stored once and counted once in the aggregates; the fate of events whose batch
// got no 2xx answer looked up one by one.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServerProcess } = require('./server-process.js');
const { runConstantRate } = require('./constant-rate.js');
const { apiClient } = require('./api-client.js');
const { load } = require('./machine.js');
const { startPostgres } = require('../../server/test/support/postgres.js');
const {
  setUpMeteredCustomers, makeBatches, waitForMerged, countedCalls, BATCH, FRESH_PER_BATCH,
} = require('./usage-ingestion.js');

/// How far above the sustainable ingestion rate the run sends events.
const FACTOR = 1.5;
/// Requests per second of the other traffic, whatever the ingestion does.
const RATES = { entitlements: 100, portal: 20 };
/// Connections per kind of traffic (each kind its own client, as separate callers would be).
const CONNECTIONS = { ingestion: 16, entitlements: 16, portal: 8 };
const PORTAL_REQUESTS = ['subscriptions', 'entitlements', 'upcoming_invoice'];

/**
 * Runs the mixed load on SQLite, then PostgreSQL, for `seconds` each. `sustainable` gives the
 * events per second each database sustains ({ sqlite, postgres }) and `source` where that
 * figure comes from; `progress(step)` names each step.
 */
async function measureMixedLoad({ sustainable, source, seconds, progress = () => {} }) {
  const result = {
    seconds, factor: FACTOR, batch_size: BATCH, duplicate_share: 0.1, rates: RATES, connections: CONNECTIONS, sustainable_source: source,
    load_before: load(), databases: [],
  };
  for (const database of ['sqlite', 'postgres']) {
    progress(database);
    result.databases.push(await measureOne(database, sustainable[database], seconds));
  }
  result.load_after = load();
  return result;
}

async function measureOne(database, sustainableEventsPerS, seconds) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-bench-'));
  const postgres = database === 'postgres' ? await startPostgres({ durable: true }) : null;
  const server = startServerProcess({ databaseUrl: postgres ? postgres.url : null, sqliteFile: path.join(dir, 'bench.sqlite'), dataDir: dir });
  try {
    const { url: base, adminKey } = await server.ready;
    const setUp = await setUpTraffic(base, adminKey);
    const targetEventsPerS = Math.round(sustainableEventsPerS * FACTOR);
    const batchesPerS = targetEventsPerS / BATCH;
    const batchCount = Math.max(1, Math.round(batchesPerS * seconds));
    const { bodies, unique } = makeBatches(setUp.customers, batchCount);
    const ingestion = ingestionTraffic(base, adminKey, bodies);

    const [ingested, entitlements, portal] = await Promise.all([
      runConstantRate({ request: ingestion.next, rate: batchesPerS, seconds: batchCount / batchesPerS, connections: CONNECTIONS.ingestion, onAnswer: ingestion.onAnswer }),
      runConstantRate({ request: entitlementChecks(base, setUp), rate: RATES.entitlements, seconds, connections: CONNECTIONS.entitlements }),
      runConstantRate({ request: portalReads(base, setUp), rate: RATES.portal, seconds, connections: CONNECTIONS.portal }),
    ]);
    const events = await checkEvents(base, adminKey, setUp.customers, unique, ingestion);
    return {
      database,
      ingestion: { sustainable_events_per_s: sustainableEventsPerS, target_events_per_s: targetEventsPerS, batches: batchCount, ...traffic(ingested) },
      entitlements: traffic(entitlements),
      portal: traffic(portal),
      events,
    };
  } finally {
    await server.stop();
    if (postgres) postgres.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// A run's figures as the results keep them: what was sent and answered, latencies of the 2xx
// answers from the moment each request was due, every answer by status.
function traffic(figures) {
  return {
    rate: Number(figures.rate.toFixed(2)), sent: figures.sent, ok: figures.completed, statuses: figures.statuses, no_answer: figures.no_answer,
    achieved_rate: figures.achieved_rate, latency_ms: { p50: figures.p50_ms, p99: figures.p99_ms, max: figures.max_ms },
  };
}

// The metered customers of the ingestion section, with entitlements on their plan (a metered
// feature counting the ingested API calls and a limit), a provisioning key for the checks, and
// a portal session per customer.
async function setUpTraffic(base, adminKey) {
  const { call } = apiClient({ url: base, adminKey });
  const { plan, customers } = await setUpMeteredCustomers(base, adminKey);
  await call('PUT', `/v1/plans/${plan}/entitlements`, {
    features: [{ key: 'api_calls', kind: 'metered', included: '100000000' }, { key: 'projects', kind: 'limit', limit: 10 }],
  });
  const provisioningKey = (await call('POST', '/v1/api_keys', { name: 'mixed load', role: 'provisioning' })).secret;
  const portalTokens = [];
  for (const customer of customers) {
    portalTokens.push((await call('POST', '/v1/portal_sessions', { customer, return_url: 'https://example.com/account', ttl_seconds: 3600 })).token);
  }
  return { customers, provisioningKey, portalTokens };
}

// The batches in order, and what their answers said: the ids acknowledged (accepted, or a
// duplicate of an event held), the ids answered "accepted" more than once, other outcomes, and
// the batches without a 2xx answer (their fate is looked up afterwards).
function ingestionTraffic(base, adminKey, bodies) {
  const state = {
    acknowledged: new Set(), accepted: new Set(), acceptedTwice: 0, reported: { accepted: 0, duplicate: 0, conflict: 0, error: 0 }, answered: new Set(),
  };
  let next = 0;
  return {
    state,
    next: () => {
      const batch = next;
      next += 1;
      return {
        batch, url: `${base}/v1/usage_events`, method: 'POST', body: bodies[batch],
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      };
    },
    onAnswer: (status, body, spec) => {
      if (status < 200 || status >= 300) return;
      state.answered.add(spec.batch);
      for (const result of JSON.parse(body).results) {
        state.reported[result.status] += 1;
        if (result.status === 'accepted') {
          if (state.accepted.has(result.id)) state.acceptedTwice += 1;
          state.accepted.add(result.id);
        }
        if (result.status === 'accepted' || result.status === 'duplicate') state.acknowledged.add(result.id);
      }
    },
  };
}

// Entitlement checks with the provisioning key, round the customers: the metered feature (its
// usage is read from the aggregates the ingestion feeds), then the limit.
function entitlementChecks(base, { customers, provisioningKey }) {
  const headers = { authorization: `Bearer ${provisioningKey}` };
  let next = 0;
  return () => {
    const n = next;
    next += 1;
    const feature = n % 2 ? 'projects' : 'api_calls';
    return { url: `${base}/v1/entitlements/check?customer=${customers[Math.floor(n / 2) % customers.length]}&feature=${feature}&amount=1`, headers };
  };
}

// Portal sessions, round the customers, each reading in turn its subscriptions, its
// entitlements and its upcoming invoice (the portal reads no other invoice).
function portalReads(base, { customers, portalTokens }) {
  let next = 0;
  return () => {
    const n = next;
    next += 1;
    const index = n % customers.length;
    const customer = customers[index];
    const headers = { authorization: `Bearer ${portalTokens[index]}` };
    switch (PORTAL_REQUESTS[Math.floor(n / customers.length) % PORTAL_REQUESTS.length]) {
      case 'subscriptions': return { url: `${base}/v1/subscriptions`, headers };
      case 'entitlements': return { url: `${base}/v1/customers/${customer}/entitlements`, headers };
      default: return {
        url: `${base}/v1/invoices/upcoming`, method: 'POST', body: JSON.stringify({ customer }), headers: { ...headers, 'content-type': 'application/json' },
      };
    }
  };
}

// The books after the run: the events expected stored (those acknowledged, and those of
// unanswered batches the server holds anyway), against the events stored and counted.
async function checkEvents(base, adminKey, customers, unique, { state }) {
  const { call } = apiClient({ url: base, adminKey });
  const unknown = [];
  unique.forEach((event, n) => {
    if (!state.answered.has(Math.floor(n / FRESH_PER_BATCH)) && !state.acknowledged.has(event.id)) unknown.push(event);
  });
  let storedAnyway = 0;
  for (const event of unknown) {
    const found = await call('GET', `/v1/usage_events?customer=${event.customer}&event_id=${encodeURIComponent(event.id)}`);
    storedAnyway += found.data.length;
  }
  const expected = state.acknowledged.size + storedAnyway;
  const drainStart = Date.now();
  const status = await waitForMerged(base, adminKey, expected);
  const mergedAfter = (Date.now() - drainStart) / 1000;
  const counted = await countedCalls(base, adminKey, customers);
  return {
    sent_distinct: unique.length, acknowledged: state.acknowledged.size, unanswered_stored: storedAnyway, unanswered_missing: unknown.length - storedAnyway,
    expected, stored: status.accepted, counted, reported: state.reported, accepted_twice: state.acceptedTwice,
    lost: Math.max(0, expected - status.accepted, expected - counted),
    counted_twice: Math.max(0, status.accepted - expected, counted - expected, state.acceptedTwice),
    failed_merges: status.failed, merged_s_after_run: Number(mergedAfter.toFixed(2)),
  };
}

module.exports = { measureMixedLoad, FACTOR };
