'use strict';
const fs = require('node:fs');
const { ApiError } = require('../http/errors');
const { SECURITY_HEADERS, assetFile, indexHtml, contentTypeOf } = require('./pages');
const { demoLinks, demoPortalSession } = require('./demo');

/// The browser apps on the API's port: the pages (`/`, `/checkout/:plan`, `/portal`, the
/// dashboard at `/dashboard` and below, one
/// document whose script picks the page), their bundled assets, and the start page's demo
/// links when the demo data is seeded. No credential is needed to load a page; every call the
/// pages make carries one.
async function webRoutes(app, { services }) {
  const hidden = { hide: true };
  const open = { public: true };

  const sendPage = async (request, reply) => {
    const html = indexHtml();
    reply.headers({ ...SECURITY_HEADERS, 'cache-control': 'no-store' });
    if (!html) {
      reply.code(503).type('text/plain; charset=utf-8');
      return 'The web pages are not built: run npm run build (or bash scripts/build-web.sh).\n';
    }
    reply.type('text/html; charset=utf-8');
    return html;
  };
  for (const url of ['/', '/checkout/:plan', '/portal', '/dashboard', '/dashboard/*']) app.get(url, { config: open, schema: hidden }, sendPage);

  app.get('/assets/:name', { config: open, schema: hidden }, async (request, reply) => {
    const file = assetFile(request.params.name);
    if (!file) throw new ApiError('NOT_FOUND', `no asset "${request.params.name}"`);
    // Names carry a content hash (the WebAssembly module is replaced only with the page's script).
    reply.headers({ ...SECURITY_HEADERS, 'cache-control': 'no-cache' }).type(contentTypeOf(file));
    return fs.createReadStream(file);
  });

  const demoOnly = () => {
    if (!services.config.seed) throw new ApiError('NOT_FOUND', 'no demo data on this server (RATECARD_SEED=false)');
  };
  const demo = { public: true, browser: true };
  app.get('/demo/links', { config: demo, schema: hidden }, async () => {
    demoOnly();
    return demoLinks(services);
  });
  app.post('/demo/portal_sessions', { config: demo, schema: hidden }, async () => {
    demoOnly();
    const session = await demoPortalSession(services);
    if (!session) throw new ApiError('NOT_FOUND', 'the demo customer does not exist');
    return session;
  });
}

module.exports = webRoutes;
