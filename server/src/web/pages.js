'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { vaultPublicUrl } = require('../payments/settings');

/// Where `npm run build` puts the browser apps (web/, built by Vite).
const WEB_DIST = path.resolve(__dirname, '..', '..', '..', 'web', 'dist');

/// The policy every page and asset is served with: nothing but this origin, no inline script,
/// no eval; WebAssembly compilation is the one exception the pricing core needs. `connectTo`:
/// the other origins the pages may call (the card vault the checkout posts a card to, and the
/// gateways whose 3-D Secure step it answers), none by default.
function contentSecurityPolicy(connectTo = []) {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...connectTo].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/// The policy without payments configured.
const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/// The origins the pages call besides their own, from the server's configuration: the card
/// vault as browsers reach it (payments/settings.js vaultPublicUrl), then each gateway's (its
/// 3-D Secure step). None without payments.
function paymentOrigins(config) {
  const vaultUrl = vaultPublicUrl(config);
  if (!vaultUrl) return [];
  const urls = [vaultUrl, ...((config.payments && config.payments.gateways) || []).map((gateway) => gateway.url)];
  return [...new Set(urls.map((url) => new URL(url).origin))];
}

/// The headers of every page and asset for the server's configuration.
function securityHeaders(config) {
  return {
    'content-security-policy': contentSecurityPolicy(paymentOrigins(config)),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
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

module.exports = { WEB_DIST, securityHeaders, contentSecurityPolicy, paymentOrigins, CONTENT_SECURITY_POLICY, assetFile, indexHtml, contentTypeOf };
