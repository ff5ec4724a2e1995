'use strict';
// The card vault's HTTP service (docs/server.md, "Vault"). The checkout posts card details
// here, never to Ratecard's server; Ratecard's server holds only the token and the card's
// description, and asks the vault to forward a charge to a gateway with the number put in.
const crypto = require('node:crypto');
const Fastify = require('fastify');
const { checkCard, CardError } = require('./cards');
const { checkBankAccount } = require('./bank-accounts');

const CARD_FIELDS = { number: 'string', exp_month: 'integer', exp_year: 'integer', cvc: 'string' };
const BANK_ACCOUNT_FIELDS = { routing_number: 'string', account_number: 'string', account_holder_name: 'string', account_holder_type: 'string' };
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
    const open = request.url === '/health' || (['/cards', '/bank_accounts'].includes(request.url) && ['POST', 'OPTIONS'].includes(request.method));
    if (!open && !authorized(request)) return fail(reply, 401, 'UNAUTHENTICATED', 'this vault endpoint needs the server\'s API key');
  });

  app.get('/health', async () => ({ status: 'ok' }));
  // Posting card or bank details: the body's fields checked by type, then by meaning.
  const intake = (fields, object, check, save) => async (request, reply) => {
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return fail(reply, 400, 'INVALID_TYPE', 'the body must be a JSON object');
    for (const [name, type] of Object.entries(fields)) {
      if (body[name] === undefined) return fail(reply, 400, 'MISSING_FIELD', 'is required', `/${name}`);
      const ok = type === 'integer' ? Number.isInteger(body[name]) : typeof body[name] === 'string';
      if (!ok) return fail(reply, 400, 'INVALID_TYPE', `must be ${type === 'integer' ? 'an integer' : 'a string'}`, `/${name}`);
    }
    const unknown = Object.keys(body).find((name) => !(name in fields));
    if (unknown) return fail(reply, 400, 'UNKNOWN_FIELD', 'is not a field here', `/${unknown}`);
    try {
      return reply.code(201).send({ object, ...save(check(body, clock.now()), clock.now()) });
    } catch (error) {
      if (error instanceof CardError) return fail(reply, 400, error.code, error.message, error.path);
      throw error;
    }
  };
  for (const url of ['/cards', '/bank_accounts']) {
    app.options(url, async (request, reply) => reply.code(204)
      .header('access-control-allow-methods', 'POST').header('access-control-allow-headers', 'content-type').send());
  }
  app.post('/cards', intake(CARD_FIELDS, 'vault_card', checkCard, store.save));
  app.post('/bank_accounts', intake(BANK_ACCOUNT_FIELDS, 'vault_bank_account', checkBankAccount, store.saveBankAccount));

  for (const [url, object] of [['/cards/:token', 'vault_card'], ['/bank_accounts/:token', 'vault_bank_account']]) {
    app.get(url, async (request, reply) => {
      const kindMatches = (object === 'vault_bank_account') === request.params.token.startsWith('btok_');
      const found = kindMatches && store.describe(request.params.token);
      if (!found) return fail(reply, 404, 'NOT_FOUND', `no such token "${request.params.token}"`);
      return { object, ...found };
    });
    app.delete(url, async (request, reply) => {
      if (!store.remove(request.params.token)) return fail(reply, 404, 'NOT_FOUND', `no such token "${request.params.token}"`);
      return reply.code(204).send();
    });
  }

  // { gateway, path, idempotency_key, token, body, timeout_ms }: posts `body` with `card` =
  // { number, exp_month, exp_year } (a card's token) or `bank_account` = { routing_number,
  // account_number } (a bank account's) to the gateway. Answers { outcome: "response",
  // status, body } with the gateway's answer, or { outcome: "no_response", reason } when there
  // was none (timed out, refused): the charge may or may not have happened.
  app.post('/forward', async (request, reply) => {
    const { gateway, path, idempotency_key: key, token, body, timeout_ms: timeoutMs } = request.body || {};
    const target = gateways[gateway];
    if (!target) return fail(reply, 400, 'UNKNOWN_GATEWAY', `the vault forwards to no gateway "${gateway}"`, '/gateway');
    if (typeof path !== 'string' || !/^\/[A-Za-z0-9/_-]*$/.test(path)) return fail(reply, 400, 'INVALID_ARGUMENT', 'must be a path', '/path');
    if (typeof key !== 'string' || !key) return fail(reply, 400, 'MISSING_FIELD', 'is required', '/idempotency_key');
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_FORWARD_TIMEOUT_MS) return fail(reply, 400, 'INVALID_ARGUMENT', `must be 1 to ${MAX_FORWARD_TIMEOUT_MS}`, '/timeout_ms');
    const secret = typeof token === 'string' && store.reveal(token);
    if (!secret) return fail(reply, 404, 'NOT_FOUND', `no such token "${token}"`, '/token');
    try {
      const response = await fetch(new URL(path, target.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${target.api_key}`, 'idempotency-key': key },
        body: JSON.stringify({ ...body, ...secret }),
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
