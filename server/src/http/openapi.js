'use strict';
const { isDeepStrictEqual } = require('node:util');

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
    transformObject: ({ openapiObject }) => nameComponents(openapiObject),
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

// Keywords whose values are data, not schemas: never walked for titles.
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'example', 'examples']);

/// Moves every schema with a `title` in the document's operations to components.schemas under
/// that name, leaving a $ref in its place, so generated SDKs get named types (Subscription,
/// SubscriptionList, Error). Two different schemas with one title are a mistake in the routes:
/// building the document fails with both names.
function nameComponents(openapiObject) {
  const components = openapiObject.components.schemas || {};
  openapiObject.components.schemas = components;
  const hoist = (value, key) => {
    if (value === null || typeof value !== 'object' || DATA_KEYWORDS.has(key)) return value;
    if (Array.isArray(value)) return value.map((item) => hoist(item));
    const schema = Object.fromEntries(Object.entries(value).map(([field, item]) => [field, hoist(item, field)]));
    if (typeof schema.title !== 'string' || key === 'properties') return schema;
    if (components[schema.title] && !isDeepStrictEqual(components[schema.title], schema)) {
      throw new Error(`two different schemas have the title "${schema.title}" in the OpenAPI document: give them different titles`);
    }
    components[schema.title] = schema;
    return { $ref: `#/components/schemas/${schema.title}` };
  };
  for (const operations of Object.values(openapiObject.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      // A response's description is copied into its schema: the component must not carry it.
      for (const response of Object.values(operation.responses || {})) {
        for (const media of Object.values(response.content || {})) {
          if (media.schema && media.schema.description === response.description) delete media.schema.description;
        }
      }
      operations[method] = hoist(operation);
    }
  }
  return openapiObject;
}

module.exports = { registerOpenApi };
