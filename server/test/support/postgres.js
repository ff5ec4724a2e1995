'use strict';
// Starts a throwaway PostgreSQL 15 cluster on loopback for the test run: initdb in a temporary
// directory owned by the postgres user, trust authentication, a free port, a socket directory
// inside the temporary directory. stop() shuts it down and removes the directory.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { execFileSync } = require('node:child_process');

const PG_BIN = process.env.RATECARD_PG_BIN || '/usr/lib/postgresql/15/bin';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// As root, run the PostgreSQL binaries as the postgres user (they refuse to run as root).
function asPostgres(binary, args, options = {}) {
  const file = path.join(PG_BIN, binary);
  if (process.getuid && process.getuid() === 0) {
    return execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe', ...options });
  }
  return execFileSync(file, args, { stdio: 'pipe', ...options });
}

/// Starts the cluster; returns { url, port, dataDir, stop }. `url` points at the `postgres`
/// database. Tests run without fsync; `durable: true` keeps PostgreSQL's defaults (fsync and
/// synchronous commits on), as the benchmark measures the durability a deployment would have.
/// `settings` adds server settings ({ name: value }, passed as `-c name=value`), e.g. the
/// billing benchmark's shared_preload_libraries=pg_stat_statements.
async function startPostgres({ durable = false, settings = {} } = {}) {
  if (!fs.existsSync(path.join(PG_BIN, 'initdb'))) {
    throw new Error(`PostgreSQL binaries not found in ${PG_BIN}; run scripts/setup.sh (Debian package postgresql)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratecard-pg-'));
  const dataDir = path.join(dir, 'data');
  if (process.getuid && process.getuid() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  fs.chmodSync(dir, 0o700);
  const port = await freePort();
  let started = false;
  const stop = () => {
    if (started) {
      try {
        asPostgres('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      } catch {
        // already stopped
      }
      started = false;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    asPostgres('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
    asPostgres('pg_ctl', [
      '-D', dataDir, '-l', path.join(dir, 'postgres.log'), '-w', '-t', '60',
      '-o', `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1${durable ? '' : ' -c fsync=off'} -c max_connections=200${
        Object.entries(settings).map(([name, value]) => ` -c ${name}=${value}`).join('')}`,
      'start',
    ]);
    started = true;
  } catch (error) {
    const log = fs.existsSync(path.join(dir, 'postgres.log')) ? fs.readFileSync(path.join(dir, 'postgres.log'), 'utf8') : '';
    stop();
    throw new Error(`could not start PostgreSQL: ${error.stderr || error.message}\n${log}`);
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, dataDir, stop };
}

module.exports = { startPostgres };
