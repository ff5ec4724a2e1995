'use strict';
// Timing helpers for the JavaScript side of the benchmark: CPU and wall-clock microseconds per
// call, as medians of several rounds, each round long enough for the clocks to be meaningful.

/** Sorted copy's median (the mean of the two middle values for an even count). */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The value below which `fraction` of the values lie (nearest rank). */
function percentile(values, fraction) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank];
}

// CPU time of this process so far, in microseconds (user and system, every thread).
function cpuMicroseconds() {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/**
 * Time per call of `fn`, in microseconds: calibrates how many calls fill `roundMs`, warms up,
 * then returns the medians over `rounds` rounds (divided by `perCall` when one call does several
 * operations, e.g. a batch) of the CPU time (`cpu_us`: what the work costs, barely disturbed by
 * other processes on a shared machine) and of the wall-clock time (`wall_us`).
 */
function timePerCall(fn, { rounds = 7, roundMs = 30, perCall = 1 } = {}) {
  let calls = 1;
  for (;;) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i += 1) fn();
    const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (elapsedMs >= roundMs / 4 || calls >= 1 << 24) {
      calls = Math.max(1, Math.ceil((calls * roundMs) / Math.max(elapsedMs, 0.001)));
      break;
    }
    calls *= 4;
  }
  const cpu = [];
  const wall = [];
  for (let round = 0; round < rounds; round += 1) {
    const startCpu = cpuMicroseconds();
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i += 1) fn();
    wall.push(Number(process.hrtime.bigint() - start) / 1e3 / calls / perCall);
    cpu.push((cpuMicroseconds() - startCpu) / calls / perCall);
  }
  return { cpu_us: median(cpu), wall_us: median(wall) };
}

module.exports = { median, percentile, timePerCall };
