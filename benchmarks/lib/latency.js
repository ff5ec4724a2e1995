'use strict';
// Latency of single calls (not throughput): every call timed on its own, so the tail shows.

const { median, percentile } = require('./measure.js');

/** p50, p99 and max in microseconds of `samples` calls of fn, after a warm-up. */
function callLatency(fn, { samples = 20000, warmup = 2000 } = {}) {
  for (let i = 0; i < warmup; i += 1) fn();
  const times = new Array(samples);
  for (let i = 0; i < samples; i += 1) {
    const start = process.hrtime.bigint();
    fn();
    times[i] = Number(process.hrtime.bigint() - start) / 1e3;
  }
  const round = (value) => Number(value.toFixed(1));
  return { samples, p50_us: round(median(times)), p99_us: round(percentile(times, 0.99)), max_us: round(Math.max(...times)) };
}

module.exports = { callLatency };
