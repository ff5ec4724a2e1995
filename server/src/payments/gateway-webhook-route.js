'use strict';
// The gateways' webhooks, outside the API (/v1): a gateway has no API key; each message is
// signed (Standard Webhooks) and verified on the bytes that were signed.
const { receiveGatewayWebhook } = require('./gateway-webhooks');

async function gatewayWebhookRoute(app, { services }) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => done(null, body));
  app.post('/gateway_webhooks/:gateway', {
    config: { public: true },
    schema: {
      hide: true,
      params: { type: 'object', required: ['gateway'], properties: { gateway: { type: 'string', pattern: '^[a-z0-9_-]{1,64}$' } } },
    },
  }, async (request) => receiveGatewayWebhook(services, request.params.gateway, request.headers, request.body || Buffer.alloc(0)));
}

module.exports = gatewayWebhookRoute;
