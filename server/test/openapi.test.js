'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BACKENDS, startTestServer } = require('./support/harness');
const { buildApp } = require('../src/app');

for (const backend of BACKENDS) {
  describe(`OpenAPI document and docs page [${backend}]`, () => {
    let t;
    let document;
    before(async () => {
      t = await startTestServer(backend);
      document = (await t.call('GET', '/openapi.json', { key: null })).body;
    });
    after(() => t.close());

    it('is OpenAPI 3.1 with a bearer security scheme', () => {
      assert.equal(document.openapi, '3.1.0');
      assert.equal(document.components.securitySchemes.bearer.scheme, 'bearer');
    });

    const component = (schema) => {
      const match = /^#\/components\/schemas\/(\w+)$/.exec(schema.$ref || '');
      assert.ok(match, `not a named component: ${JSON.stringify(schema).slice(0, 200)}`);
      assert.ok(document.components.schemas[match[1]], `${match[1]} is not among the components`);
      return document.components.schemas[match[1]];
    };

    it('documents every API route with a summary, its security and the error shape', () => {
      for (const { method, url } of t.app.apiRoutes) {
        const path = url.replace(/:(\w+)/g, '{$1}');
        const operation = document.paths[path] && document.paths[path][method.toLowerCase()];
        assert.ok(operation, `${method} ${url} is missing from the document`);
        assert.ok(operation.summary, `${method} ${url} has no summary`);
        assert.deepEqual(operation.security, [{ bearer: [] }]);
        const error = component(operation.responses['4XX'].content['application/json'].schema);
        assert.deepEqual(error.properties.error.required, ['code', 'message', 'path', 'request_id']);
      }
      assert.equal(Object.keys(document.paths).filter((p) => !p.startsWith('/v1')).length, 0, 'only the API is documented');
    });

    it('names every operation (a unique operationId) and every response object (a named component), for generated SDKs', () => {
      const operationIds = [];
      for (const { method, url } of t.app.apiRoutes) {
        const operation = document.paths[url.replace(/:(\w+)/g, '{$1}')][method.toLowerCase()];
        assert.match(operation.operationId || '', /^[a-z][A-Za-z0-9]*$/, `${method} ${url} has no camelCase operationId`);
        operationIds.push(operation.operationId);
        const [status, success] = Object.entries(operation.responses).find(([code]) => code.startsWith('2'));
        const named = component(success.content['application/json'].schema);
        assert.ok(named.title, `${method} ${url} ${status}`);
      }
      assert.equal(new Set(operationIds).size, operationIds.length, 'operationIds are unique');
      assert.equal(document.paths['/v1/subscriptions'].get.responses['200'].content['application/json'].schema.$ref, '#/components/schemas/SubscriptionList');
      assert.equal(component(document.components.schemas.SubscriptionList.properties.data.items).title, 'Subscription');
    });

    it('refuses to register an API route that lacks a requirement, naming the route and what it lacks', async () => {
      const app = await buildApp(t.services); // a second app on the same services, to add routes to
      const route = (schema, config = { permission: 'catalog:read' }) => () => app.get('/v1/test/incomplete', { config, schema }, async () => ({}));
      const response = { 200: { type: 'object', title: 'TestIncomplete', properties: {} } };
      assert.throws(route({ summary: 'x', response }), /route GET \/v1\/test\/incomplete declares no operationId \(schema\.operationId/);
      assert.throws(route({ operationId: 'listPlans', summary: 'x', response }), /reuses the operationId "listPlans" of GET \/v1\/plans/);
      assert.throws(route({ operationId: 'Bad-name', summary: 'x', response }), /use camelCase/);
      assert.throws(route({ operationId: 'testIncomplete', summary: 'x', response: { 200: { type: 'object' } } }), /200 response schema without a title/);
      assert.throws(route({ operationId: 'testIncomplete', summary: 'x' }), /declares no 2xx response schema/);
      assert.throws(route({ operationId: 'testIncomplete', response }), /declares no summary/);
      assert.throws(route({ operationId: 'testIncomplete', summary: 'x', response }, {}), /declares no permission/);
      await app.close();
    });

    it('declares the Idempotency-Key header on every POST and Idempotent-Replayed on its responses', () => {
      const posts = t.app.apiRoutes.filter((r) => r.method === 'POST');
      assert.ok(posts.length > 15);
      for (const { url } of posts) {
        const operation = document.paths[url.replace(/:(\w+)/g, '{$1}')].post;
        const header = (operation.parameters || []).find((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
        assert.ok(header, `POST ${url} declares no Idempotency-Key header`);
        assert.equal(header.required, false);
        assert.equal(header.schema.type, 'string');
        for (const [status, response] of Object.entries(operation.responses)) {
          assert.ok(response.headers && response.headers['Idempotent-Replayed'], `POST ${url} ${status} lacks Idempotent-Replayed`);
        }
      }
      for (const { method, url } of t.app.apiRoutes.filter((r) => r.method !== 'POST')) {
        const operation = document.paths[url.replace(/:(\w+)/g, '{$1}')][method.toLowerCase()];
        assert.ok(!(operation.parameters || []).some((p) => p.in === 'header'), `${method} ${url} takes no Idempotency-Key`);
      }
    });

    it('validates the Idempotency-Key header as the document says', async () => {
      const response = await t.call('POST', '/v1/products', { body: { name: 'x' }, headers: { 'idempotency-key': 'a b' } });
      assert.equal(response.status, 400);
      assert.deepEqual([response.body.error.code, response.body.error.path], ['INVALID_ARGUMENT', '/headers/idempotency-key']);
    });

    it('describes request bodies from the route schemas', () => {
      const body = document.paths['/v1/prices'].post.requestBody.content['application/json'].schema;
      assert.deepEqual([...body.required].sort(), ['currency', 'pricing', 'product', 'type']);
      assert.equal(body.additionalProperties, false);
    });

    it('serves a docs page without a key', async () => {
      const page = await t.call('GET', '/docs/', { key: null });
      assert.equal(page.status, 200);
      assert.match(page.body, /swagger-ui/i);
    });
  });
}
