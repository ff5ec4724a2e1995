'use strict';
// Where a run stands against the targets of issue 9. Each target: what it asks, the figure
// measured (the worst case over the requests it concerns) and its status: "met", "missed", or
// "not measured yet: needs <what>" for a server target the run did not measure.
// Figures are CPU time per request (rows.js); usage ingestion (issue 16) is events per second
// of wall clock over HTTP; billing runs (issue 17) are the wall clock of a run; the mixed load
// (issue 28) is met when the server answered nothing but 2xx and 429 and kept every event once.

const { perRequestFigures, DATABASE_NAMES } = require('./rows.js');
const { keptPromise, otherAnswers, TRAFFIC_KINDS } = require('./mixed-load-rows.js');

const INGESTION_TARGET = 'usage ingestion >= 20,000 events/s on SQLite and >= 10,000 on PostgreSQL, over HTTP with deduplication (batches of 100, 10 % duplicates)';
/// Events per second each database must take.
const INGESTION_GOALS = { sqlite: 20000, postgres: 10000 };

/** Billing runs (issue 17): 100,000 subscriptions within this many seconds... */
const BILLING_GOAL_S = 60;
const BILLING_SIZES = { small: 10000, large: 100000 };
/// ...and growing linearly: the time per subscription at 100,000 at most this many times that at 10,000.
const BILLING_LINEAR_FACTOR = 1.25;
const BILLING_TARGET = '100,000 subscriptions billed in < 60 s on PostgreSQL with two worker processes, growing linearly from 10,000 '
  + '(time per subscription at 100,000 within 1.25x of that at 10,000)';

/** The entitlement check over HTTP (issue 21), when a run measured it. */
const HTTP_CHECK_TARGET = 'entitlement check over HTTP p99 < 5 ms under load';

function entitlementHttpTargets(results) {
  const measured = results.entitlements_http;
  if (!measured) {
    return [{ target: HTTP_CHECK_TARGET, measured: null, status: 'not measured yet: needs a run of the entitlements_http section (npm run bench)' }];
  }
  const targets = Object.entries(measured.databases).map(([name, figures]) => ({
    target: `${HTTP_CHECK_TARGET}: ${measured.rate.toLocaleString('en-US')} requests/s held on ${name === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
    measured: `p99 ${figures.p99_ms} ms, p50 ${figures.p50_ms} ms (${figures.achieved_rate}/s achieved, ${figures.errors} errors)`,
    status: status(figures.p99_ms < 5 && figures.errors === 0),
  }));
  if (measured.local_helper) {
    targets.push({
      target: 'entitlement check in process with the local helper (signed snapshot) p99 < 50 us',
      measured: `p99 ${measured.local_helper.p99_us} us, p50 ${measured.local_helper.p50_us} us`,
      status: status(measured.local_helper.p99_us < 50),
    });
  }
  return targets;
}

// The billing runs of 10,000 and 100,000 subscriptions, once `npm run bench` measured them.
function billingTarget(results) {
  const runs = results.billing_runs?.runs ?? [];
  const small = runs.find((run) => run.subscriptions === BILLING_SIZES.small);
  const large = runs.find((run) => run.subscriptions === BILLING_SIZES.large);
  if (!small || !large) {
    const missing = [small ? null : '10,000', large ? null : '100,000'].filter(Boolean).join(' and ');
    return { target: BILLING_TARGET, measured: null, status: `not measured yet: needs the billing runs of ${missing} subscriptions (npm run bench, section billing)` };
  }
  const growth = (large.wall_s / large.subscriptions) / (small.wall_s / small.subscriptions);
  const measured = `100,000 in ${large.wall_s} s (${large.invoices_per_s.toLocaleString('en-US')} invoices/s), 10,000 in ${small.wall_s} s `
    + `(${small.invoices_per_s.toLocaleString('en-US')} invoices/s): ${growth.toFixed(2)}x the time per subscription; load ${results.billing_runs.load_before.one} on ${results.billing_runs.machine.cores} cores`;
  return { target: BILLING_TARGET, measured, status: status(large.wall_s < BILLING_GOAL_S && growth <= BILLING_LINEAR_FACTOR) };
}

// The entry with the largest (or, with pick = Math.min, smallest) value, or null.
function worst(entries, value, pick = Math.max) {
  const measured = entries.map((entry) => ({ name: entry.name, value: value(entry) })).filter((entry) => Number.isFinite(entry.value));
  if (measured.length === 0) return null;
  const extreme = pick(...measured.map((entry) => entry.value));
  return measured.find((entry) => entry.value === extreme);
}

const status = (met) => (met ? 'met' : 'missed');
// f(a, b) when both figures were measured, else null.
const both = (a, b, f) => (Number.isFinite(a) && Number.isFinite(b) ? f(a, b) : null);

function coreTargets(results) {
  const figures = perRequestFigures(results);
  const targets = [];

  const speedup = worst(figures, (entry) => both(entry.reference, entry.cpp, (a, b) => a / b), Math.min);
  if (speedup) {
    targets.push({
      target: 'native core >= 20x the decimal.js reference (price, text in and out)',
      measured: `${speedup.value.toFixed(1)}x (slowest: ${speedup.name})`,
      status: status(speedup.value >= 20),
    });
  }

  const wasmRatio = worst(figures, (entry) => both(entry.wasm, entry.addon, (a, b) => a / b));
  if (wasmRatio) {
    targets.push({
      target: 'WebAssembly within 3x of native (per call, both from Node)',
      measured: `${wasmRatio.value.toFixed(1)}x (worst: ${wasmRatio.name})`,
      status: status(wasmRatio.value <= 3),
    });
  }

  const overhead = worst(figures, (entry) => both(entry.addonBatch, entry.cppBatch, (a, b) => a - b));
  if (overhead) {
    targets.push({
      target: 'addon overhead <= 2 us per op when batched (addon minus C++, per request of a batch of 100)',
      measured: `${overhead.value.toFixed(2)} us (worst: ${overhead.name})`,
      status: status(overhead.value <= 2),
    });
  }

  const entitlement = results.entitlements_in_process;
  if (entitlement) {
    targets.push({
      target: 'entitlement check p99 < 1 ms in process (addon, one call at a time)',
      measured: `p99 ${entitlement.p99_us} us, p50 ${entitlement.p50_us} us`,
      status: status(entitlement.p99_us < 1000),
    });
  }
  return targets;
}

// Usage ingestion, once `npm run bench` measured it (section ingestion).
function ingestionTarget(results) {
  const ingestion = results.usage_ingestion;
  if (!ingestion) {
    return { target: INGESTION_TARGET, measured: null, status: 'not measured yet: needs usage ingestion in the server (an events API with deduplication, usage domain)' };
  }
  const measured = ingestion.databases.map((entry) => (
    `${DATABASE_NAMES[entry.database]} ${entry.events_per_s.toLocaleString('en-US')} events/s (p99 ${entry.latency_ms.p99} ms)`
  )).join(', ');
  const met = ingestion.databases.every((entry) => entry.events_per_s >= INGESTION_GOALS[entry.database] && entry.lost === 0 && entry.counted_twice === 0);
  return { target: INGESTION_TARGET, measured: `${measured}; load ${ingestion.load_before.one} on ${ingestion.machine.cores} cores`, status: status(met) };
}

/** The mixed load (issue 28), once `npm run bench` measured it (section load). */
const MIXED_LOAD_TARGET = 'mixed load at 1.5x ingestion: no 5xx, nothing lost or counted twice';

function mixedLoadTarget(results) {
  const mixed = results.mixed_load;
  if (!mixed) return { target: MIXED_LOAD_TARGET, measured: null, status: 'not measured yet: needs a run of the load section (npm run bench)' };
  const measured = mixed.databases.map((entry) => {
    const e = entry.events;
    const others = TRAFFIC_KINDS.map(({ key }) => otherAnswers(entry[key])).filter((text) => text !== 'none');
    const refused = TRAFFIC_KINDS.reduce((sum, { key }) => sum + (entry[key].statuses['429'] ?? 0), 0);
    return `${DATABASE_NAMES[entry.database]} ${entry.ingestion.target_events_per_s.toLocaleString('en-US')} events/s: ${e.stored.toLocaleString('en-US')} stored, `
      + `${e.counted.toLocaleString('en-US')} counted of ${e.expected.toLocaleString('en-US')}, ${e.lost} lost, ${e.counted_twice} twice; `
      + `other than 2xx: ${others.length ? others.join(', ') : 'none'}, 429 ${refused}`;
  }).join('; ');
  return { target: MIXED_LOAD_TARGET, measured: `${measured}; load ${mixed.load_before.one} on ${mixed.machine.cores} cores before`, status: status(mixed.databases.every(keptPromise)) };
}

/** Every target with its standing, from a results object of run.js. */
function assessTargets(results) {
  return [...coreTargets(results), ingestionTarget(results), billingTarget(results), ...entitlementHttpTargets(results), mixedLoadTarget(results)];
}

module.exports = { assessTargets };
