'use strict';
const { ApiError } = require('../http/errors');
const { authenticate, authorize } = require('./authenticate');
const { PORTAL_SCOPES, checkPortalScope } = require('./ownership');
const { apiKeyCacheOf } = require('./key-cache');
const { operatorPrincipal, checkCsrf, hasSessionCookie } = require('../operators/principal');

/// Authentication and role checks on every request: routes are closed unless their config says
/// `public: true`; an API route opens to the roles holding its `permission` and, when it names
/// a `portal` scope (auth/ownership.js), to customer portal sessions on their own objects.
/// A request without an Authorization header may instead carry an operator's session cookie
/// (the dashboard): its operator's role decides, and a change must carry the CSRF token.
function registerAccessControl(app, services) {
  const { db, clock } = services;
  const keyCache = apiKeyCacheOf(services);
  app.addHook('onRoute', (route) => {
    const scope = route.config && route.config.portal;
    if (scope !== undefined && !PORTAL_SCOPES[scope]) throw new Error(`route ${route.method} ${route.url} names an unknown portal scope "${scope}"`);
  });

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config || {};
    if (config.public) return;
    if (request.headers.authorization === undefined && hasSessionCookie(request)) {
      request.principal = await operatorPrincipal(db, request, clock.now());
      if (request.is404) return;
      checkCsrf(request, request.principal);
    } else {
      request.principal = await authenticate(db, request.headers.authorization, clock.now(), { keyCache });
    }
    if (request.is404) return; // the not-found handler answers 404 or 405
    if (!config.permission) throw new ApiError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`);
    if (!authorize(request.principal, config)) {
      const { kind, role } = request.principal;
      throw new ApiError('FORBIDDEN', kind === 'portal'
        ? 'a portal session cannot use this endpoint'
        : `the ${kind === 'operator' ? 'operator' : 'API key'}'s role "${role}" does not allow ${config.permission}`);
    }
    if (request.principal.kind === 'portal') await checkPortalScope(request, config.portal, db);
  });
}

module.exports = { registerAccessControl };
