'use strict';
// Where a slow request of a server process spends its time. Loaded into the server with
// `--require` when BENCH_TAIL_PROBE_DIR names a directory (server-process.js); at exit it writes
// <dir>/tail-probe-<pid>.json. It records, on one monotonic clock (performance.now()):
// - each HTTP request's phases: accepted (the 'request' event) → onRequest hooks (authentication,
//   rate limits) → validation → handler → serialization → the response's end, for the
//   requests over SLOW_MS and a histogram of all;
// - stalls of the event loop (a 1 ms timer firing over STALL_MS late) and the loop's delay
//   histogram (perf_hooks.monitorEventLoopDelay);
// - garbage collection pauses;
// - every database statement: SQLite's run synchronously on the loop (better-sqlite3), timed
//   each; PostgreSQL's from sending to answer; counted per statement text.
// Then each slow request and stall is matched with the GC pauses and statements overlapping it.

const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { monitorEventLoopDelay, PerformanceObserver } = require('node:perf_hooks');

const DIR = process.env.BENCH_TAIL_PROBE_DIR;
const SLOW_MS = 3;
const STALL_MS = 2;
const KEEP = 2000;

const slowRequests = [];
const requestMs = [];
const stalls = [];
const gcs = [];
const statements = new Map();
const longStatements = [];

const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

let expected = performance.now() + 1;
setInterval(() => {
  const now = performance.now();
  const late = now - expected;
  if (late > STALL_MS && stalls.length < KEEP) stalls.push({ at: round(expected), late_ms: round(late) });
  expected = now + 1;
}, 1).unref();

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (gcs.length < 50000) gcs.push({ at: round(entry.startTime), ms: round(entry.duration), kind: entry.detail?.kind });
  }
}).observe({ entryTypes: ['gc'] });

function countStatement(sql, ms, at, sync) {
  const key = String(sql).replace(/\s+/g, ' ').slice(0, 120);
  const entry = statements.get(key) || { count: 0, total_ms: 0, max_ms: 0, sync };
  entry.count += 1;
  entry.total_ms += ms;
  entry.max_ms = Math.max(entry.max_ms, ms);
  statements.set(key, entry);
  if (ms > 0.5 && longStatements.length < KEEP) longStatements.push({ at: round(at), ms: round(ms), sync, sql: key });
}

// Wraps the modules as the server first loads them.
const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  const exported = originalLoad.apply(this, arguments);
  if (request === 'better-sqlite3' && !exported.__probed) wrapSqlite(exported);
  if (request === 'pg' && !exported.__probed) wrapPg(exported);
  if (request === 'fastify' && !exported.__probed) return wrapFastify(exported);
  return exported;
};

function wrapSqlite(Database) {
  Database.__probed = true;
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function probedPrepare(sql) {
    const statement = prepare.apply(this, arguments);
    for (const method of ['run', 'get', 'all']) {
      const original = statement[method];
      statement[method] = function timed() {
        const at = performance.now();
        try { return original.apply(this, arguments); } finally { countStatement(sql, performance.now() - at, at, true); }
      };
    }
    return statement;
  };
}

function wrapPg(pg) {
  pg.__probed = true;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function probedQuery(config) {
    const sql = typeof config === 'string' ? config : config && config.text;
    const at = performance.now();
    const result = query.apply(this, arguments);
    if (result && typeof result.then === 'function') {
      result.then(() => countStatement(sql, performance.now() - at, at, false), () => {});
    }
    return result;
  };
}

function wrapFastify(fastify) {
  const probed = function probedFastify(options) {
    const app = fastify(options);
    const mark = (name) => async (request) => { request.raw.probe[name] = performance.now(); };
    app.addHook('onRequest', mark('hooks'));
    app.addHook('preValidation', mark('validation'));
    app.addHook('preHandler', mark('handler'));
    app.addHook('preSerialization', async (request, reply, payload) => { request.raw.probe.serialization = performance.now(); return payload; });
    app.addHook('onSend', async (request, reply, payload) => { request.raw.probe.send = performance.now(); return payload; });
    app.server.prependListener('request', (raw, response) => {
      raw.probe = { accepted: performance.now() };
      response.on('finish', () => record(raw.probe, raw.url, performance.now()));
    });
    return app;
  };
  Object.assign(probed, fastify);
  probed.__probed = true;
  return probed;
}

function record(probe, url, end) {
  const ms = end - probe.accepted;
  requestMs.push(ms);
  if (ms <= SLOW_MS || slowRequests.length >= KEEP) return;
  const order = ['accepted', 'hooks', 'validation', 'handler', 'serialization', 'send'];
  const phases = {};
  let previous = probe.accepted;
  let previousName = 'accepted';
  for (const name of order.slice(1)) {
    if (probe[name] === undefined) continue;
    phases[`${previousName}→${name}`] = round(probe[name] - previous);
    previous = probe[name];
    previousName = name;
  }
  phases[`${previousName}→end`] = round(end - previous);
  slowRequests.push({ at: round(probe.accepted), ms: round(ms), url: url.split('?')[0], phases });
}

const round = (value) => Math.round(value * 1000) / 1000;
const overlaps = (at, ms, list) => list.filter((item) => item.at < at + ms && item.at + (item.ms ?? item.late_ms) > at);

function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = (q) => (sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]) : null);
  return { count: sorted.length, p50: pick(0.5), p99: pick(0.99), p999: pick(0.999), max: sorted.length ? round(sorted[sorted.length - 1]) : null };
}

process.on('exit', () => {
  if (!DIR) return;
  const ms = (ns) => round(ns / 1e6);
  const gcTotal = gcs.reduce((sum, gc) => sum + gc.ms, 0);
  const report = {
    pid: process.pid,
    server_side_request_ms: percentiles(requestMs),
    event_loop_delay_ms: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), p999: ms(loopDelay.percentile(99.9)), max: ms(loopDelay.max) },
    gc: { count: gcs.length, total_ms: round(gcTotal), over_2ms: gcs.filter((gc) => gc.ms > 2).length, max_ms: Math.max(0, ...gcs.map((gc) => gc.ms)) },
    statements: [...statements].map(([sql, entry]) => ({ sql, ...entry, total_ms: round(entry.total_ms), max_ms: round(entry.max_ms) }))
      .sort((a, b) => b.total_ms - a.total_ms),
    stalls: stalls.map((stall) => ({ ...stall, gc: overlaps(stall.at, stall.late_ms, gcs), statements: overlaps(stall.at, stall.late_ms, longStatements) })),
    slow_requests: slowRequests.map((slow) => ({ ...slow, gc: overlaps(slow.at, slow.ms, gcs), statements: overlaps(slow.at, slow.ms, longStatements) })),
  };
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(path.join(DIR, `tail-probe-${process.pid}.json`), `${JSON.stringify(report, null, 1)}\n`);
});
