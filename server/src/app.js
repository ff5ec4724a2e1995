'use strict';
const Fastify = require('fastify');
const { LogController } = require('fastify');
const { errorHandler, ID_MAX_LENGTH } = require('./http/errors');
const { validatorCompiler } = require('./http/validation');
const { registerJsonBodyParser } = require('./http/json-body');
const { clientErrorHandler } = require('./http/client-errors');
const { RouteMethods } = require('./http/unknown-routes');
const { registerCors } = require('./http/cors');
const { registerRateLimits } = require('./http/rate-limits');
const { apiRouteChecker } = require('./http/route-requirements');
const { newId } = require('./ids');
const { errorResponses } = require('./http/schemas');
const { registerAccessControl } = require('./auth/access-control');
const { registerIdempotency, declareIdempotency } = require('./idempotency/idempotency');
const { registerOpenApi } = require('./http/openapi');
const { eventWatcherOf } = require('./outbox/event-watcher');
const { registerAuditRecording } = require('./audit/recording');

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
  require('./revenue/routes'),
  require('./what-if/routes'),
  require('./test-clocks/routes'),
  require('./subscriptions/routes'),
  require('./outbox/routes'),
  require('./jobs/routes'),
  require('./mail/routes'),
  require('./webhooks/routes'),
  require('./catalog/metrics-routes'),
  require('./usage/routes'),
  require('./entitlements/routes'),
  require('./entitlements/terms-routes'),
  require('./provisioning/account-routes'),
  require('./provisioning/order-routes'),
  require('./payments/routes'),
  require('./payments/dispute-routes'),
  require('./reconciliation/routes'),
  require('./checkout/routes'),
  require('./settings/routes'),
  require('./invoicing/routes'),
  require('./invoicing/hosted-routes'),
  require('./billing-runs/routes'),
  require('./dunning/routes'),
  require('./fraud/routes'),
  require('./credit-notes/routes'),
  require('./balances/routes'),
  require('./documents/routes'),
  require('./documents/export-routes'),
  require('./workflows/routes'),
  require('./audit/routes'),
  require('./operators/routes'),
  require('./privacy/routes'),
];

/// Builds the HTTP application. `services` = { db, dialect, core, clock, logger, config }.
/// The returned app lists its API routes in `app.apiRoutes` ([{ method, url, config }]).
async function buildApp(services) {
  const app = Fastify({
    loggerInstance: services.logger,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    // Every request gets its own id, answered in the Request-Id header and error bodies and
    // logged with each line of the request; a client cannot choose it.
    genReqId: () => newId('req'),
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    routerOptions: { maxParamLength: ID_MAX_LENGTH },
    frameworkErrors: errorHandler,
    trustProxy: services.config.trustProxy,
    clientErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler());
  app.setErrorHandler(errorHandler);
  registerJsonBodyParser(app);
  const routeMethods = new RouteMethods();
  app.setNotFoundHandler((request, reply) => errorHandler(routeMethods.errorFor(request), request, reply));
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('request-id', request.id);
    done();
  });
  app.decorate('services', services);
  // The outbox event watcher keeps this process's caches (API keys, entitlements) current.
  const watcher = eventWatcherOf(services);
  app.addHook('onReady', () => watcher.start());
  app.addHook('onClose', () => watcher.stop());

  app.apiRoutes = [];
  const checkApiRoute = apiRouteChecker();
  app.addHook('onRoute', (route) => {
    // The CORS plugin's catch-all preflight route answers no other method.
    if (route.url !== '*') routeMethods.add([].concat(route.method).filter((method) => method !== 'HEAD'), route.url);
    if (PUBLIC_PREFIXES.some((prefix) => route.url.startsWith(prefix))) {
      route.config = { ...route.config, public: true };
    }
    if (!route.url.startsWith('/v1') || route.method === 'HEAD') return;
    checkApiRoute(route);
    const config = route.config || {};
    route.schema = { ...route.schema, security: [{ bearer: [] }] };
    route.schema.response = { ...errorResponses, ...(route.schema.response || {}) };
    declareIdempotency(route);
    for (const method of [].concat(route.method)) app.apiRoutes.push({ method, url: route.url, config });
  });

  await registerOpenApi(app);
  await registerCors(app, services.config.corsOrigins); // before access control: preflights carry no credentials
  registerAccessControl(app, services);
  await registerRateLimits(app, services.config.rateLimits); // after authentication: limits are per credential
  registerIdempotency(app, services);
  registerAuditRecording(app, services); // after idempotency: its entries join request.transaction

  app.get('/health', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  for (const register of DOMAIN_ROUTES) await app.register(register, { prefix: '/v1', services });
  await app.register(require('./payments/gateway-webhook-route'), { services });
  await app.register(require('./operators/session-routes'), { services }); // the dashboard's sign-in: /auth/...
  await app.register(require('./web/routes'), { services }); // the browser apps: /, /checkout/:plan, /portal, /dashboard (web/)
  return app;
}

module.exports = { buildApp };
