'use strict';
// An open-model HTTP load generator: it sends requests at a fixed rate whatever the server
// does (a slow answer does not delay the next request, as it would in a closed loop of N
// connections), and measures each request's latency from the moment it was due, not from the
// moment it could be sent, so a stall of the server shows in full in the percentiles (no
// coordinated omission; wrk2's approach).

const http = require('node:http');
const { median, percentile } = require('./measure.js');

/**
 * Sends GET requests to `url()` (a function, so each request may differ) at `rate` per second
 * for `seconds`, over up to `connections` keep-alive connections, with `headers`. Resolves to
 * { rate, seconds, sent, completed, errors, achieved_rate, p50_ms, p99_ms, p999_ms, max_ms }.
 */
function runConstantRate({ url, rate, seconds, headers = {}, connections = 64 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.round(rate * seconds);
  const intervalMs = 1000 / rate;
  const latencies = [];
  let sent = 0;
  let finished = 0;
  let errors = 0;
  const start = performance.now();
  return new Promise((resolve) => {
    const complete = () => {
      finished += 1;
      if (finished < total) return;
      const elapsed = (performance.now() - start) / 1000;
      agent.destroy();
      const round = (value) => Number(value.toFixed(3));
      resolve({
        rate, seconds, sent, completed: latencies.length, errors, achieved_rate: Math.round(latencies.length / elapsed),
        p50_ms: round(median(latencies)), p99_ms: round(percentile(latencies, 0.99)), p999_ms: round(percentile(latencies, 0.999)),
        max_ms: round(Math.max(...latencies)),
      });
    };
    const fire = (dueAt) => {
      const request = http.get(url(), { agent, headers }, (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode === 200) latencies.push(performance.now() - dueAt);
          else errors += 1;
          complete();
        });
      });
      request.on('error', () => {
        errors += 1;
        complete();
      });
    };
    // Every millisecond, send what has come due since (timers cannot fire every 0.5 ms).
    const timer = setInterval(() => {
      const now = performance.now();
      while (sent < total && start + sent * intervalMs <= now) {
        fire(start + sent * intervalMs);
        sent += 1;
      }
      if (sent >= total) clearInterval(timer);
    }, 1);
  });
}

module.exports = { runConstantRate };
