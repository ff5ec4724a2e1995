'use strict';
// Describes the machine and the checkout a run measured: CPU, cores, memory, OS, compilers,
// Node, date, git commit, and the load average (a shared machine's figures are only as good
// as its load).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..', '..');

function firstLine(command, args) {
  try {
    return execFileSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0].trim();
  } catch {
    return null;
  }
}

function cpuModel() {
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function osName() {
  try {
    const pretty = fs.readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)"?/m);
    if (pretty) return `${pretty[1]} (${os.type()} ${os.release()}, ${os.arch()})`;
  } catch {
    // no os-release
  }
  return `${os.type()} ${os.release()} ${os.arch()}`;
}

// "Emscripten 3.1.6" from em++'s first line of --version, or null without Emscripten.
function emscriptenVersion() {
  const version = firstLine('em++', ['--version'])?.match(/\d+\.\d+\.\d+/);
  return version ? `Emscripten ${version[0]}` : null;
}

/** The commit measured, with "-dirty" when the working tree has changes to tracked files. */
function gitCommit() {
  const commit = firstLine('git', ['rev-parse', '--short=12', 'HEAD']);
  if (!commit) return null;
  const dirty = firstLine('git', ['status', '--porcelain', '--untracked-files=no']);
  return dirty ? `${commit}-dirty` : commit;
}

/** The load averages over 1, 5 and 15 minutes. */
function load() {
  const [one, five, fifteen] = os.loadavg().map((value) => Number(value.toFixed(2)));
  return { one, five, fifteen };
}

function describeMachine() {
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    memory_gib: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    os: osName(),
    compiler: firstLine('g++', ['--version']),
    emscripten: emscriptenVersion(),
    node: process.version,
    date: new Date().toISOString(),
    git_commit: gitCommit(),
  };
}

module.exports = { describeMachine, load };
