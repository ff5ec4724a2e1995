'use strict';
// `npm start`'s entry point (src/main.js) as a child process, for tests that start, kill and
// restart real servers. Its standard output is a pipe, so it logs JSON lines: it is ready when
// it logs "Ratecard server listening" (at any LOG_LEVEL), and its admin key is read from the
// file that line names (a server never prints the key except on a terminal).
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { serverNodeFlags } = require('../../src/node-flags');

const MAIN = path.join(__dirname, '..', '..', 'src', 'main.js');

/// Spawns the server (with the Node flags npm start gives it) with `env` added to the environment (PORT 0 and HOST 127.0.0.1 unless
/// given). Returns { child, ready, output(), kill(), stop() }; `ready` resolves with
/// { url, adminKey } once it listens and rejects if it exits first.
function startServerProcess(env) {
  const child = spawn(process.execPath, [...serverNodeFlags(), MAIN], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const line = output.split('\n').find((text) => text.includes('"msg":"Ratecard server listening"'));
      if (line) {
        const { url, admin_key_file: keyFile } = JSON.parse(line);
        resolve({ url, adminKey: fs.readFileSync(keyFile, 'utf8').trim() });
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code, signal) => reject(new Error(`server process exited (${code ?? signal}) before listening:\n${output}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    child,
    ready,
    output: () => output,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/// A caller of a server process's API with its admin key: (method, url, body?) -> { status, body }.
function adminApi(base, adminKey) {
  return async (method, url, body) => {
    const response = await fetch(`${base}${url}`, {
      method, headers: { authorization: `Bearer ${adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: await response.json() };
  };
}

module.exports = { startServerProcess, adminApi };
