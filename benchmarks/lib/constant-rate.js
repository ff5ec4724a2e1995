'use strict';
// An open-model HTTP load generator: it sends requests at a fixed rate whatever the server
// does (a slow answer does not delay the next request, as it would in a closed loop of N
// connections), and measures each request's latency from the moment it was due, not from the
// moment it could be sent, so a stall of the server shows in full in the percentiles (no
// coordinated omission; wrk2's approach). The requests go out through raw-http.js, a client
// lean enough that the load tool's own CPU and event loop weigh little in what it measures.

const { RawHttpPool } = require('./raw-http.js');
const { median, percentile } = require('./measure.js');

/**
 * Sends requests at `rate` per second for `seconds`, over up to `connections` keep-alive
 * connections: GET `url()` with `headers` (a function, so each request may differ), or
 * whatever `request()` returns ({ url, method, headers, body }). `onAnswer(status, body, spec)`,
 * when given, sees every answer's status, its body as text and the request it answers.
 * Resolves to { rate, seconds, sent, completed, errors, statuses, achieved_rate, p50_ms,
 * p99_ms, p999_ms, max_ms }: `completed` and the latencies count 2xx answers, `errors` the
 * others and the requests that got no answer, `statuses` every answer by status code, and
 * `no_answer` the requests whose connection failed.
 */
function runConstantRate({ url, request, rate, seconds, headers = {}, connections = 64, onAnswer = null }) {
  let pool = null;
  let origin = null;
  const nextRequest = request ?? (() => ({ url: url(), method: 'GET', headers }));
  const total = Math.round(rate * seconds);
  const intervalMs = 1000 / rate;
  const latencies = [];
  const statuses = {};
  let sent = 0;
  let finished = 0;
  let errors = 0;
  let noAnswer = 0;
  const start = performance.now();
  return new Promise((resolve) => {
    const complete = () => {
      finished += 1;
      if (finished < total) return;
      const elapsed = (performance.now() - start) / 1000;
      if (pool) pool.destroy();
      const round = (value) => (latencies.length === 0 ? null : Number(value.toFixed(3)));
      resolve({
        rate, seconds, sent, completed: latencies.length, errors, statuses, no_answer: noAnswer, achieved_rate: Math.round(latencies.length / elapsed),
        p50_ms: round(median(latencies)), p99_ms: round(percentile(latencies, 0.99)), p999_ms: round(percentile(latencies, 0.999)),
        max_ms: round(Math.max(...latencies)),
      });
    };
    const fire = (dueAt) => {
      const spec = nextRequest();
      const target = new URL(spec.url);
      if (!pool) {
        origin = target.origin;
        pool = new RawHttpPool(origin, { connections });
      }
      if (target.origin !== origin) throw new Error(`one run sends to one server: ${target.origin} is not ${origin}`);
      const outgoing = { method: spec.method ?? 'GET', path: target.pathname + target.search, headers: spec.headers ?? {}, body: spec.body };
      pool.send(outgoing, onAnswer !== null, (error, status, body) => {
        if (error) {
          errors += 1;
          noAnswer += 1;
        } else {
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status >= 200 && status < 300) latencies.push(performance.now() - dueAt);
          else errors += 1;
          if (onAnswer) onAnswer(status, body.toString('utf8'), spec);
        }
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
