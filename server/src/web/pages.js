'use strict';
const fs = require('node:fs');
const path = require('node:path');

/// Where `npm run build` puts the browser apps (web/, built by Vite).
const WEB_DIST = path.resolve(__dirname, '..', '..', '..', 'web', 'dist');

/// The policy every page and asset is served with: nothing but this origin, no inline script,
/// no eval; WebAssembly compilation is the one exception the pricing core needs. With payments
/// configured, the pages may also post cards to the vault (securityHeaders).
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/// The headers of every page and asset: the policy above, whose connect-src also names the
/// vault's origin when `vaultUrl` (the address browsers post cards to) is given.
function securityHeaders(vaultUrl) {
  const policy = vaultUrl
    ? CONTENT_SECURITY_POLICY.replace("connect-src 'self'", `connect-src 'self' ${new URL(vaultUrl).origin}`)
    : CONTENT_SECURITY_POLICY;
  return { 'content-security-policy': policy, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
}

const CONTENT_TYPES = {
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

/// The built file for an asset name (a file directly in assets/), or null: names with a path
/// separator or a leading dot never leave the directory.
function assetFile(name) {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return null;
  const file = path.join(WEB_DIST, 'assets', name);
  return fs.existsSync(file) && CONTENT_TYPES[path.extname(file)] ? file : null;
}

/// The single HTML document of the apps (the page is chosen in the browser by its path), or
/// null when web/ has not been built.
function indexHtml() {
  const file = path.join(WEB_DIST, 'index.html');
  return fs.existsSync(file) ? fs.readFileSync(file) : null;
}

const contentTypeOf = (file) => CONTENT_TYPES[path.extname(file)];

module.exports = { WEB_DIST, securityHeaders, CONTENT_SECURITY_POLICY, assetFile, indexHtml, contentTypeOf };
