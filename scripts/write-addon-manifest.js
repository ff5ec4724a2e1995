#!/usr/bin/env node
// Writes dist/ratecard.node.json beside the native addon: the platform, the C library and the
// Node-API version it was built for. The package ships the addon prebuilt and checks this
// manifest before loading it (lib/backends/addon-abi.js); elsewhere it uses WebAssembly.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { compareVersions } = require('../lib/backends/addon-abi.js');

const root = path.join(__dirname, '..');
const addonCmake = fs.readFileSync(path.join(root, 'node-addon', 'CMakeLists.txt'), 'utf8');
const napi = Number(/NAPI_VERSION=(\d+)/.exec(addonCmake)?.[1]);
if (!Number.isInteger(napi)) {
  console.error('write-addon-manifest: no NAPI_VERSION=<n> in node-addon/CMakeLists.txt');
  process.exit(1);
}

/** The newest glibc symbol version the addon needs (objdump), else the glibc it was built on. */
function requiredGlibc(addonPath) {
  if (process.platform !== 'linux') return null;
  const symbols = spawnSync('objdump', ['-T', addonPath], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const versions = symbols.status === 0 ? symbols.stdout.match(/\bGLIBC_\d+(\.\d+)*/g) ?? [] : [];
  if (versions.length === 0) {
    process.report.excludeNetwork = true;
    return process.report.getReport().header.glibcVersionRuntime ?? null;
  }
  return versions.map((version) => version.slice('GLIBC_'.length)).reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));
}

const addonPath = path.join(root, 'dist', 'ratecard.node');
const manifest = { platform: process.platform, arch: process.arch, glibc: requiredGlibc(addonPath), napi };

const target = path.join(root, 'dist', 'ratecard.node.json');
const text = `${JSON.stringify(manifest, null, 2)}\n`;
if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) fs.writeFileSync(target, text);
