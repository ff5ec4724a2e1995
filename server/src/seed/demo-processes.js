'use strict';
// The processes `npm start`'s demo runs beside the server (the example provisioned app, the
// card vault, the simulated gateways). Each is known from the moment it is spawned, so a
// signal that arrives while one is still starting stops it too: none outlives the server.
const { spawn } = require('node:child_process');

const running = new Set();
let stopped = false;

/// spawn() for a demo process: the child is remembered until it exits. Throws once
/// stopDemoProcesses() has been called (the server is stopping).
function spawnDemoProcess(command, args, options) {
  if (stopped) throw new Error('not starting a demo process: the server is stopping');
  const child = spawn(command, args, options);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/// Sends SIGTERM to every demo process still running; resolves when all have exited.
function stopDemoProcesses() {
  stopped = true;
  return Promise.all([...running].map((child) => new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  })));
}

module.exports = { spawnDemoProcess, stopDemoProcesses };
