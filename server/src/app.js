'use strict';
const Fastify = require('fastify');
const { errorHandler, ApiError } = require('./http/errors');
const { validatorCompiler } = require('./http/validation');
const { errorResponses } = require('./http/schemas');
const { registerAccessControl } = require('./auth/access-control');
const { registerIdempotency, declareIdempotency } = require('./idempotency/idempotency');
const { registerOpenApi } = require('./http/openapi');

// Documentation is readable without a key; everything else needs one.
const PUBLIC_PREFIXES = ['/docs', '/openapi.json', '/health'];

const DOMAIN_ROUTES = [
  require('./auth/routes'),
  require('./catalog/products-routes'),
  require('./catalog/prices-routes'),
  require('./catalog/plans-routes'),
  require('./catalog/add-ons-routes'),
  require('./catalog/coupons-routes'),
  require('./customers/routes'),
  require('./test-clocks/routes'),
  require('./subscriptions/routes'),
  require('./outbox/routes'),
  require('./jobs/routes'),
  require('./mail/routes'),
  require('./webhooks/routes'),
  require('./entitlements/routes'),
  require('./entitlements/terms-routes'),
  require('./provisioning/account-routes'),
  require('./provisioning/order-routes'),
];

/// Builds the HTTP application. `services` = { db, dialect, core, clock, logger }.
/// The returned app lists its API routes in `app.apiRoutes` ([{ method, url, config }]).
async function buildApp(services) {
  const app = Fastify({
    loggerInstance: services.logger,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  });
  app.setValidatorCompiler(validatorCompiler());
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    errorHandler(new ApiError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`), request, reply);
  });
  app.decorate('services', services);

  app.apiRoutes = [];
  app.addHook('onRoute', (route) => {
    if (PUBLIC_PREFIXES.some((prefix) => route.url.startsWith(prefix))) {
      route.config = { ...route.config, public: true };
    }
    if (!route.url.startsWith('/v1')) return;
    const config = route.config || {};
    if (!config.permission) throw new Error(`route ${route.method} ${route.url} declares no permission`);
    route.schema = { ...route.schema, security: [{ bearer: [] }] };
    route.schema.response = { ...errorResponses, ...(route.schema.response || {}) };
    declareIdempotency(route);
    for (const method of [].concat(route.method)) {
      if (method !== 'HEAD') app.apiRoutes.push({ method, url: route.url, config });
    }
  });

  await registerOpenApi(app);
  registerAccessControl(app, services);
  registerIdempotency(app, services);

  app.get('/health', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  for (const register of DOMAIN_ROUTES) await app.register(register, { prefix: '/v1', services });
  return app;
}

module.exports = { buildApp };
