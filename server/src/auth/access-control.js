'use strict';
const { ApiError } = require('../http/errors');
const { authenticate, authorize, knownApiKeyPrincipal } = require('./authenticate');
const { PORTAL_SCOPES, checkPortalScope } = require('./ownership');
const { apiKeyCacheOf } = require('./key-cache');
const { operatorPrincipal, checkCsrf, hasSessionCookie } = require('../operators/principal');

/// Authentication and role checks on every request: routes are closed unless their config says
/// `public: true`; an API route opens to the roles holding its `permission`, when it names
/// a `portal` scope (auth/ownership.js) to customer portal sessions on their own objects, and
/// when it says `invoiceLink: true` to an invoice's hosted link (the route reads that invoice).
/// A request without an Authorization header may instead carry an operator's session cookie
/// (the dashboard): its operator's role decides, and a change must carry the CSRF token.
function registerAccessControl(app, services) {
  const { db, clock } = services;
  const keyCache = apiKeyCacheOf(services);
  app.addHook('onRoute', (route) => {
    const scope = route.config && route.config.portal;
    if (scope !== undefined && !PORTAL_SCOPES[scope]) throw new Error(`route ${route.method} ${route.url} names an unknown portal scope "${scope}"`);
  });

  // A plain function, not an async one: an API key this process has already verified and
  // cached is let in at once (every request of a busy client), without the promises of the
  // database's path.
  app.addHook('onRequest', (request, reply, done) => {
    const config = request.routeOptions.config || {};
    if (config.public) return done();
    const known = knownApiKeyPrincipal(db, request.headers.authorization, clock.now(), keyCache);
    if (!known) return identifyAndAuthorize(request, config);
    request.principal = known;
    done(refusalOf(request, config));
  });

  async function identifyAndAuthorize(request, config) {
    if (request.headers.authorization === undefined && hasSessionCookie(request)) {
      request.principal = await operatorPrincipal(db, request, clock.now());
      if (request.is404) return;
      checkCsrf(request, request.principal);
    } else {
      try {
        request.principal = await authenticate(db, request.headers.authorization, clock.now(), { keyCache });
      } catch (error) {
        if (!config.invoiceLink || !(error instanceof ApiError) || error.code !== 'UNAUTHENTICATED') throw error;
        // On an invoice link's route, a link that opens nothing answers 404 like a missing
        // invoice, after the rate limit has counted the request (thrown at preValidation).
        request.deferredRefusal = new ApiError('NOT_FOUND', 'no invoice at this link');
        return;
      }
    }
    const refusal = refusalOf(request, config);
    if (refusal) throw refusal;
    if (request.principal.kind === 'portal' && !request.is404) await checkPortalScope(request, config.portal, db);
  }

  app.addHook('preValidation', (request, reply, done) => {
    done(request.deferredRefusal);
  });
}

// Why the identified principal may not call this route, or undefined when it may (and for an
// unknown route, which the not-found handler answers 404 or 405).
function refusalOf(request, config) {
  if (request.is404) return undefined;
  if (!config.permission) return new ApiError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`);
  if (authorize(request.principal, config)) return undefined;
  const { kind, role } = request.principal;
  return new ApiError('FORBIDDEN', {
    portal: 'a portal session cannot use this endpoint',
    invoice_link: "an invoice's link cannot use this endpoint",
  }[kind] || `the ${kind === 'operator' ? 'operator' : 'API key'}'s role "${role}" does not allow ${config.permission}`);
}

module.exports = { registerAccessControl };
