'use strict';
// A webhook receiver in its own process, for the webhook tests: fork it with an IPC channel.
// It verifies every request's signature with its own implementation of the Standard Webhooks
// specification (not the server's signer, not the package's verifier) against the secrets the
// parent gives it, also asks the package's verifyWebhook (the real clock's tolerance), and
// processes each valid event once: a webhook-id it has processed already is acknowledged and
// dropped, as a receiver should.
//
// Parent → child: { secrets: [...] }, { script: [answer, ...] } (the answers to the next requests,
// in order), { fallback: answer } (the answer after the script), where an answer is
// { status, headers, body, process (record the event before answering; default true for 2xx),
// holdMs (wait before answering) }. Each command is acknowledged with { ack }.
// Child → parent: { port } once listening, { started: id } when a request arrives, { request }
// once it is answered (or its client went away).
const http = require('node:http');
const crypto = require('node:crypto');
const { verifyWebhook } = require('ratecard');

let secrets = [];
let script = [];
let fallback = { status: 200 };
const processed = new Set();

// The specification: the signed content is "{id}.{timestamp}.{body}"; the key the secret after
// "whsec_", base64-decoded; each signature "v1,<base64 HMAC-SHA256>", several space-separated.
function secretsThatSigned(id, timestamp, body, header) {
  const given = new Set(String(header || '').split(' ').filter((s) => s.startsWith('v1,')).map((s) => s.slice(3)));
  return secrets.map((secret, index) => {
    const key = Buffer.from(secret.split('_')[1], 'base64');
    const mac = crypto.createHmac('sha256', key).update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`), body])).digest('base64');
    return given.has(mac) ? index : -1;
  }).filter((index) => index >= 0);
}

function libraryVerdict(headers, body) {
  if (!secrets.length) return 'no secret';
  const codes = secrets.map((secret) => {
    try {
      verifyWebhook(secret, headers, body);
      return 'accepted';
    } catch (error) {
      return error.code;
    }
  });
  return codes.includes('accepted') ? 'accepted' : codes[0];
}

const server = http.createServer((request, response) => {
  const id = request.headers['webhook-id'];
  process.send({ started: id });
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    const timestamp = request.headers['webhook-timestamp'];
    const signedBy = secretsThatSigned(id, timestamp, body, request.headers['webhook-signature']);
    const answer = script.length ? script.shift() : fallback;
    const valid = signedBy.length > 0 && request.method === 'POST' && request.headers['content-type'] === 'application/json';
    const processNow = valid && (answer.process ?? (answer.status >= 200 && answer.status < 300));
    const duplicate = processed.has(id);
    if (processNow && !duplicate) processed.add(id);
    const report = {
      id, timestamp: Number(timestamp), signature: request.headers['webhook-signature'], signedBy, valid,
      library: libraryVerdict(request.headers, body), userAgent: request.headers['user-agent'], url: request.url,
      status: answer.status, processed: processNow && !duplicate, duplicate: processNow && duplicate,
      event: valid ? JSON.parse(body.toString('utf8')) : null, body: body.toString('utf8'),
    };
    // The report goes out before the answer: once the server has the answer, a later command's
    // acknowledgement reaches the parent after the report (one IPC channel keeps the order).
    const respond = () => {
      if (response.destroyed) return;
      process.send({ request: report });
      response.writeHead(answer.status, answer.headers || {});
      response.end(answer.body || '');
    };
    response.on('close', () => {
      if (!response.writableFinished) process.send({ request: { ...report, status: null, aborted: true } });
    });
    if (answer.holdMs) setTimeout(respond, answer.holdMs);
    else respond();
  });
});

process.on('message', (command) => {
  if (command.secrets) secrets = command.secrets;
  if (command.script) script = command.script.slice();
  if (command.fallback) fallback = command.fallback;
  process.send({ ack: true });
});
process.on('disconnect', () => process.exit(0));
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
