#!/usr/bin/env node
// A tiny static file server for the browser example and the browser tests, on loopback only:
//
//   npm run serve            then open http://127.0.0.1:8080/examples/browser-quote.html
//   node examples/serve.js 9000
//
// It serves the package's build (dist/), the examples and the tests, with the content types a
// browser needs (application/wasm for streaming compilation, text/javascript for modules),
// under a strict Content-Security-Policy: scripts from this server only, no eval, WebAssembly
// allowed; the pages (and the browser tests) thus show the package works under such a policy.
// A directory path ending in "/" answers with the JSON list of its files.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const SERVED_DIRECTORIES = ['dist', 'examples', 'tests'];
const CONTENT_TYPES = {
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
].join('; ');

function headers(type, extra = {}) {
  return { 'Content-Type': type, 'Cache-Control': 'no-store', 'Content-Security-Policy': CONTENT_SECURITY_POLICY, ...extra };
}

function send(response, status, type, body) {
  response.writeHead(status, headers(type));
  response.end(body);
}

// Maps a URL path to a file under one of the served directories, or null.
function resolvePath(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.resolve(ROOT, `.${path.posix.normalize(decoded)}`);
  const top = path.relative(ROOT, file).split(path.sep)[0];
  return SERVED_DIRECTORIES.includes(top) ? file : null;
}

function handle(request, response) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    send(response, 405, 'text/plain', 'only GET and HEAD\n');
    return;
  }
  const { pathname } = new URL(request.url, 'http://localhost');
  const file = resolvePath(pathname);
  if (file === null) {
    send(response, 404, 'text/plain', 'not found\n');
    return;
  }
  fs.stat(file, (statError, stats) => {
    if (statError) {
      send(response, 404, 'text/plain', 'not found\n');
    } else if (stats.isDirectory()) {
      if (!pathname.endsWith('/')) {
        send(response, 404, 'text/plain', 'not found (directories end with /)\n');
        return;
      }
      const files = fs.readdirSync(file, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
      send(response, 200, CONTENT_TYPES['.json'], JSON.stringify(files.sort()));
    } else {
      const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
      response.writeHead(200, headers(type, { 'Content-Length': stats.size }));
      if (request.method === 'HEAD') response.end();
      else fs.createReadStream(file).pipe(response);
    }
  });
}

/** Starts the server on 127.0.0.1; resolves to {server, url}. Port 0 picks a free port. */
function startStaticServer({ port = 8080 } = {}) {
  const server = http.createServer(handle);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${server.address().port}` });
    });
  });
}

module.exports = { startStaticServer };

if (require.main === module) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  startStaticServer({ port }).then(({ url }) => {
    console.log(`Serving dist/, examples/ and tests/ on ${url}`);
    console.log(`Live quote: ${url}/examples/browser-quote.html`);
    console.log(`Golden vectors in this browser: ${url}/tests/browser/vectors.html`);
  });
}
