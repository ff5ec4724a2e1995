'use strict';
// The prebuilt addon ships in the package for one platform (linux-x64 with glibc). Before
// loading it, its manifest (dist/ratecard.node.json) is compared with this process, so that
// another platform, an older glibc or a Node without the Node-API version it needs gets a clear
// reason and the WebAssembly backend instead of a crash or a cryptic dlopen error.

const fs = require('node:fs');

/** Compares dotted versions ("2.36" < "2.4" is false): negative, 0 or positive. */
function compareVersions(a, b) {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The glibc version this process runs on ("2.36"), or null on another C library (musl). */
function runtimeGlibcVersion() {
  if (process.platform !== 'linux') return null;
  process.report.excludeNetwork = true;
  return process.report.getReport().header.glibcVersionRuntime ?? null;
}

/**
 * Why the addon described by the manifest at `manifestPath` cannot run in this process, as a
 * sentence; null when it fits, or when there is no manifest (then loading it is the only test).
 */
function addonAbiMismatch(manifestPath) {
  if (!fs.existsSync(manifestPath)) return null;
  const built = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const target = `${built.platform}-${built.arch}`;
  if (target !== `${process.platform}-${process.arch}`) {
    return `the prebuilt native addon is for ${target}, this is ${process.platform}-${process.arch}`;
  }
  const napi = Number(process.versions.napi);
  if (!(napi >= built.napi)) {
    return `the prebuilt native addon needs Node-API ${built.napi}, this Node has ${process.versions.napi}`;
  }
  if (built.glibc) {
    const glibc = runtimeGlibcVersion();
    if (glibc === null) return `the prebuilt native addon needs glibc ${built.glibc} or newer, this system has another C library`;
    if (compareVersions(glibc, built.glibc) < 0) {
      return `the prebuilt native addon needs glibc ${built.glibc} or newer, this system has ${glibc}`;
    }
  }
  return null;
}

module.exports = { addonAbiMismatch, compareVersions };
