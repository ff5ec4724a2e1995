'use strict';
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');
const { isPrivateAddress, checkedLookup } = require('./addresses');

/// How much of a receiver's answer the delivery log keeps.
const RESPONSE_EXCERPT_BYTES = 4096;

/// POSTs one webhook: a fresh connection (no pooled socket from an earlier lookup), no
/// redirects followed, the whole exchange within `timeoutMs`, and (unless `allowPrivate`) no
/// private or loopback address, whether the URL names one or its host name resolves to one.
/// Resolves to { status, headers, body (the first 4 KiB), latencyMs } for any HTTP answer, or
/// { error, latencyMs } when there was none (refused, timed out, reset, private address).
function postWebhook(url, headers, body, { timeoutMs, allowPrivate }) {
  const started = process.hrtime.bigint();
  const latency = () => Number((process.hrtime.bigint() - started) / 1000000n);
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && net.isIP(host) && isPrivateAddress(host)) {
    return Promise.resolve({ error: `${host} is a private or loopback address; refused`, latencyMs: 0 });
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: latency() });
    };
    const request = client.request(target, {
      method: 'POST', agent: false, lookup: checkedLookup({ allowPrivate }),
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
    }, (response) => {
      const chunks = [];
      let size = 0;
      response.on('data', (chunk) => {
        if (size < RESPONSE_EXCERPT_BYTES) chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_EXCERPT_BYTES) response.destroy();
      });
      const done = () => finish({
        status: response.statusCode, headers: response.headers,
        // Text as the log can store it on both databases (PostgreSQL's text holds no NUL).
        body: Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8').replace(/\u0000/g, '\ufffd'),
      });
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);
    });
    const timer = setTimeout(() => {
      request.destroy();
      finish({ error: `no answer within ${timeoutMs} ms; timed out` });
    }, timeoutMs);
    request.on('error', (error) => finish({ error: error.message || String(error.code) }));
    request.end(body);
  });
}

module.exports = { postWebhook };
