'use strict';
// A real server process for the benchmarks: `npm start`'s entry point on its own database, any
// free port, no demo data. Its stdout is a pipe, so the server writes JSON log lines and keeps
// the admin key out of them; the line "Ratecard server listening" names where it listens and
// the 0600 file holding the key.

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { serverNodeFlags } = require('../../server/src/node-flags');

const MAIN = path.join(__dirname, '..', '..', 'server', 'src', 'main.js');

/**
 * Starts the server; `ready` resolves to { url, adminKey } once it listens. `env` adds or
 * overrides environment variables (e.g. RATECARD_AUTO_BILLING).
 */
function startServerProcess({ databaseUrl, sqliteFile, dataDir, env = {} }) {
  const profile = process.env.BENCH_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`] : [];
  const probe = process.env.BENCH_TAIL_PROBE_DIR ? ['--require', path.join(__dirname, 'tail-probe.js')] : [];
  const flags = process.env.BENCH_SERVER_NODE_FLAGS ? process.env.BENCH_SERVER_NODE_FLAGS.split(' ').filter(Boolean) : [];
  const child = spawn(process.execPath, [...serverNodeFlags(), ...flags, ...profile, ...probe, MAIN], {
    env: {
      ...process.env, DATABASE_URL: databaseUrl || '', RATECARD_SQLITE_FILE: sqliteFile || '', RATECARD_DATA_DIR: dataDir,
      PORT: '0', HOST: '127.0.0.1', RATECARD_SEED: 'false', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const ready = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const listening = listeningLine(output);
      if (!listening) return;
      child.stdout.off('data', onData);
      // Later lines go to BENCH_SERVER_OUTPUT_DIR when set (e.g. what --trace-gc prints), else
      // nowhere, but must not fill the pipe.
      if (process.env.BENCH_SERVER_OUTPUT_DIR) child.stdout.pipe(fs.createWriteStream(path.join(process.env.BENCH_SERVER_OUTPUT_DIR, `server-${child.pid}.log`)));
      else child.stdout.resume();
      resolve({ url: listening.url, adminKey: fs.readFileSync(listening.admin_key_file, 'utf8').trim() });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)));
  });
  const stop = async () => { child.kill('SIGTERM'); await exited; };
  return { child, ready, exited, stop };
}

function listeningLine(output) {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line);
      if (entry.msg === 'Ratecard server listening') return entry;
    } catch { /* a line still being written */ }
  }
  return null;
}

module.exports = { startServerProcess };
