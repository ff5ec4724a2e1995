'use strict';

/// Serves the OpenAPI 3.1 document built from the route schemas at /openapi.json and a
/// Swagger UI page at /docs (assets bundled in the npm package, nothing fetched at run time).
async function registerOpenApi(app) {
  await app.register(require('@fastify/swagger'), {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ratecard API',
        version: '1',
        description: 'Billing and provisioning over one exact pricing core. Amounts are decimal strings. '
          + 'Authenticate with "Authorization: Bearer KEY", KEY being a secret API key (rcsk_...) or a portal session token (rcps_...). See docs/server.md.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Secret API key (rcsk_...) or portal session token (rcps_...)' } },
      },
    },
  });
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  await app.register(require('@fastify/swagger-ui'), {
    routePrefix: '/docs',
    uiConfig: { url: '/openapi.json', docExpansion: 'list', deepLinking: true },
    uiHooks: {},
    staticCSP: true,
    // The plugin's policy upgrades every request to https, which breaks the page when the
    // server is reached over plain http on any address but localhost.
    transformStaticCSP: (policy) => policy.replace(/\s*upgrade-insecure-requests;?/, ''),
    transformSpecificationClone: true,
  });
}

module.exports = { registerOpenApi };
