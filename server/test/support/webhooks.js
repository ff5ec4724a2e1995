'use strict';
// The webhook receiver process (webhook-receiver.js) seen from a test.
const path = require('node:path');
const { fork } = require('node:child_process');

/// Starts a receiver; resolves to { port, url, requests (every request as reported), log()
/// (the events it processed, once each, in order), setSecrets, setScript, setFallback, sync,
/// waitFor(check, what), stop() }.
async function startWebhookReceiver() {
  const child = fork(path.join(__dirname, 'webhook-receiver.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const requests = [];
  const started = [];
  const acks = [];
  const port = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`webhook receiver exited (${code}) before listening`)));
    child.on('message', (message) => {
      if (message.port) resolve(message.port);
      if (message.started) started.push(message.started);
      if (message.request) requests.push(message.request);
      if (message.ack) acks.shift()?.();
    });
  });
  const command = (message) => new Promise((resolve) => { acks.push(resolve); child.send(message); });
  return {
    port,
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    started,
    log: () => requests.filter((r) => r.processed).map((r) => r.event),
    setSecrets: (secrets) => command({ secrets }),
    setScript: (script) => command({ script }),
    setFallback: (fallback) => command({ fallback }),
    /// Resolves once every request the receiver has answered so far is in `requests`.
    sync: () => command({}),
    async waitFor(check, what, timeoutMs = 20000) {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill();
    }),
  };
}

module.exports = { startWebhookReceiver };
