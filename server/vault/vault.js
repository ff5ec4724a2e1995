'use strict';
// The card vault's HTTP service (docs/server.md, "Vault"). The checkout posts card details
// here, never to Ratecard's server; Ratecard's server holds only the token and the card's
// description, and asks the vault to forward a charge to a gateway with the number put in.
const crypto = require('node:crypto');
const Fastify = require('fastify');
const { checkCard, CardError } = require('./cards');

const CARD_FIELDS = { number: 'string', exp_month: 'integer', exp_year: 'integer', cvc: 'string' };
const MAX_FORWARD_TIMEOUT_MS = 60 * 1000;

/// Builds the vault: `store` (store.js), `apiKey` (the bearer token Ratecard's server uses),
/// `gateways` ({ name: { url, api_key } }: where a forward may go), `clock` ({ now() }).
function buildVault({ store, apiKey, gateways, clock = { now: () => new Date() } }) {
  // No request logging at all: bodies and URLs here may carry card data.
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  const fail = (reply, status, code, message, path = '') => reply.code(status).send({ error: { code, message, path } });

  app.setErrorHandler((error, request, reply) => {
    if (error.statusCode && error.statusCode < 500) return fail(reply, error.statusCode, 'INVALID_JSON', 'the request body is not valid JSON');
    return fail(reply, 500, 'INTERNAL', 'the vault failed; nothing was kept');
  });

  const authorized = (request) => {
    const given = Buffer.from(String(request.headers.authorization || ''));
    const expected = Buffer.from(`Bearer ${apiKey}`);
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  };
  app.addHook('onRequest', async (request, reply) => {
    // The checkout, on any origin, may post a card; everything else is Ratecard's server's.
    reply.header('access-control-allow-origin', '*');
    const open = request.url === '/health' || (request.url === '/cards' && ['POST', 'OPTIONS'].includes(request.method));
    if (!open && !authorized(request)) return fail(reply, 401, 'UNAUTHENTICATED', 'this vault endpoint needs the server\'s API key');
  });

  app.get('/health', async () => ({ status: 'ok' }));
  app.options('/cards', async (request, reply) => reply.code(204)
    .header('access-control-allow-methods', 'POST').header('access-control-allow-headers', 'content-type').send());

  app.post('/cards', async (request, reply) => {
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return fail(reply, 400, 'INVALID_TYPE', 'the body must be a JSON object');
    for (const [name, type] of Object.entries(CARD_FIELDS)) {
      if (body[name] === undefined) return fail(reply, 400, 'MISSING_FIELD', 'is required', `/${name}`);
      const ok = type === 'integer' ? Number.isInteger(body[name]) : typeof body[name] === 'string';
      if (!ok) return fail(reply, 400, 'INVALID_TYPE', `must be ${type === 'integer' ? 'an integer' : 'a string'}`, `/${name}`);
    }
    const unknown = Object.keys(body).find((name) => !(name in CARD_FIELDS));
    if (unknown) return fail(reply, 400, 'UNKNOWN_FIELD', 'is not a field of a card', `/${unknown}`);
    try {
      const card = checkCard(body, clock.now());
      return reply.code(201).send({ object: 'vault_card', ...store.save(card, clock.now()) });
    } catch (error) {
      if (error instanceof CardError) return fail(reply, 400, error.code, error.message, error.path);
      throw error;
    }
  });

  app.get('/cards/:token', async (request, reply) => {
    const card = store.describe(request.params.token);
    if (!card) return fail(reply, 404, 'NOT_FOUND', `no card "${request.params.token}"`);
    return { object: 'vault_card', ...card };
  });

  app.delete('/cards/:token', async (request, reply) => {
    if (!store.remove(request.params.token)) return fail(reply, 404, 'NOT_FOUND', `no card "${request.params.token}"`);
    return reply.code(204).send();
  });

  // { gateway, path, idempotency_key, card_token, body, timeout_ms }: posts `body` with
  // `card` = { number, exp_month, exp_year } to the gateway. Answers { outcome: "response",
  // status, body } with the gateway's answer, or { outcome: "no_response", reason } when there
  // was none (timed out, refused): the charge may or may not have happened.
  app.post('/forward', async (request, reply) => {
    const { gateway, path, idempotency_key: key, card_token: token, body, timeout_ms: timeoutMs } = request.body || {};
    const target = gateways[gateway];
    if (!target) return fail(reply, 400, 'UNKNOWN_GATEWAY', `the vault forwards to no gateway "${gateway}"`, '/gateway');
    if (typeof path !== 'string' || !/^\/[A-Za-z0-9/_-]*$/.test(path)) return fail(reply, 400, 'INVALID_ARGUMENT', 'must be a path', '/path');
    if (typeof key !== 'string' || !key) return fail(reply, 400, 'MISSING_FIELD', 'is required', '/idempotency_key');
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_FORWARD_TIMEOUT_MS) return fail(reply, 400, 'INVALID_ARGUMENT', `must be 1 to ${MAX_FORWARD_TIMEOUT_MS}`, '/timeout_ms');
    const card = typeof token === 'string' && store.reveal(token);
    if (!card) return fail(reply, 404, 'NOT_FOUND', `no card "${token}"`, '/card_token');
    try {
      const response = await fetch(new URL(path, target.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${target.api_key}`, 'idempotency-key': key },
        body: JSON.stringify({ ...body, card }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = { error: { type: 'api_error', message: 'the gateway answered something other than JSON' } };
      }
      return { outcome: 'response', status: response.status, body: parsed };
    } catch (error) {
      const reason = error.name === 'TimeoutError' ? 'timeout' : 'unreachable';
      return { outcome: 'no_response', reason };
    }
  });

  return app;
}

module.exports = { buildVault };
