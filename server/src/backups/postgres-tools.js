'use strict';
// pg_dump and pg_restore as child processes: found on PATH (Debian's wrappers) or in the
// newest /usr/lib/postgresql/<version>/bin, their verbose lines passed on as progress.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const DEBIAN_ROOT = '/usr/lib/postgresql';

/// The path of PostgreSQL's client program `name` (pg_dump, pg_restore); throws when none is
/// installed.
function postgresTool(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  const versions = fs.existsSync(DEBIAN_ROOT) ? fs.readdirSync(DEBIAN_ROOT).filter((v) => /^\d+$/.test(v)).sort((a, b) => b - a) : [];
  for (const version of versions) {
    const candidate = path.join(DEBIAN_ROOT, version, 'bin', name);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} was not found: install PostgreSQL's client programs (Debian: apt install postgresql-client)`);
}

/// Runs `name` with `args`; each line it writes to standard error goes to `onLine`. Resolves
/// when it exits with 0, rejects with its last lines otherwise.
function runPostgresTool(name, args, onLine) {
  return new Promise((resolve, reject) => {
    const child = spawn(postgresTool(name), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const lines = [];
    let partial = '';
    child.stderr.on('data', (chunk) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop();
      for (const line of parts) {
        lines.push(line);
        onLine(line);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (partial) lines.push(partial);
      if (code === 0) resolve();
      else reject(new Error(`${name} failed (exit ${code}):\n${lines.slice(-5).join('\n')}`));
    });
  });
}

module.exports = { runPostgresTool };
