'use strict';
const { ApiError } = require('./errors');

/// The rate limits and whose requests each counts. A request is counted by every policy whose
/// `applies` says so (after authentication, so `request.principal` is known) and refused with
/// 429 RATE_LIMITED and Retry-After when any of them is exhausted.
/// - `api_key`: each secret API key's requests (off unless configured);
/// - `operator_session`: each operator's dashboard session's requests (sent with its cookie);
/// - `portal_session`: each customer portal session's requests;
/// - `client_ip`: browser traffic per client address: every portal session's requests, and
///   every request with an invoice's hosted link, and every request to a route declaring
///   `config: { browser: true }` (checkout's routes).
const RATE_LIMIT_POLICIES = {
  api_key: {
    applies: (request) => request.principal?.kind === 'api_key',
    keyOf: (request) => request.principal.id,
    describe: 'this API key',
  },
  operator_session: {
    applies: (request) => request.principal?.kind === 'operator',
    keyOf: (request) => request.principal.sessionId,
    describe: 'this operator session',
  },
  portal_session: {
    applies: (request) => request.principal?.kind === 'portal',
    keyOf: (request) => request.principal.id,
    describe: 'this portal session',
  },
  client_ip: {
    applies: (request) => ['portal', 'invoice_link'].includes(request.principal?.kind) || Boolean(request.routeOptions.config?.browser),
    keyOf: null, // the client address, IPv6 by /56 subnet (the plugin's own key)
    describe: 'this client address',
  },
};

/// Limits `npm start` applies when the environment says nothing: browser traffic is limited,
/// server-to-server traffic with API keys is not. A dashboard page sends a few requests at a
/// time: an operator's session is limited far above any person's pace.
const DEFAULT_RATE_LIMITS = {
  api_key: null,
  operator_session: { max: 600, windowSeconds: 60 },
  portal_session: { max: 120, windowSeconds: 60 },
  client_ip: { max: 600, windowSeconds: 60 },
};

/// Reads a limit as written in the environment: "120/m" (120 requests a minute), "10/s",
/// "5000/h", "300/10m" (a window of 10 minutes), or "off".
function parseRateLimit(text, name) {
  if (text === 'off') return null;
  const match = /^([1-9][0-9]{0,6})\/([1-9][0-9]{0,3})?(s|m|h)$/.exec(text);
  if (!match) throw new Error(`${name} must be a limit such as "120/m", "10/s", "300/10m", or "off"; got "${text}"`);
  const unit = { s: 1, m: 60, h: 3600 }[match[3]];
  return { max: Number(match[1]), windowSeconds: Number(match[2] || 1) * unit };
}

/// Counts requests per policy with @fastify/rate-limit (in this process's memory: with several
/// server processes each counts its own share) and refuses those beyond a limit. Each limited
/// response carries X-RateLimit-Limit, -Remaining and -Reset of its tightest limit.
async function registerRateLimits(app, limits) {
  await app.register(require('@fastify/rate-limit'), { global: false });
  const counters = [];
  for (const [name, policy] of Object.entries(RATE_LIMIT_POLICIES)) {
    const limit = limits[name];
    if (!limit) continue;
    const count = app.createRateLimit({
      max: limit.max,
      timeWindow: limit.windowSeconds * 1000,
      cache: 10000, // keys remembered per policy (least recently used forgotten first)
      ...(policy.keyOf ? { keyGenerator: (request) => `${name}:${policy.keyOf(request)}` } : {}),
    });
    counters.push({ policy, limit, count });
  }
  if (!counters.length) return;

  app.addHook('onRequest', async (request, reply) => {
    let tightest = null;
    for (const { policy, limit, count } of counters) {
      if (!policy.applies(request)) continue;
      const state = await count(request);
      if (state.isExceeded) {
        reply.header('retry-after', state.ttlInSeconds);
        setLimitHeaders(reply, state);
        throw new ApiError('RATE_LIMITED',
          `too many requests from ${policy.describe}: at most ${limit.max} every ${limit.windowSeconds} s; retry in ${state.ttlInSeconds} s`);
      }
      if (!tightest || state.remaining < tightest.remaining) tightest = state;
    }
    if (tightest) setLimitHeaders(reply, tightest);
  });
}

function setLimitHeaders(reply, state) {
  reply.header('x-ratelimit-limit', state.max);
  reply.header('x-ratelimit-remaining', state.remaining);
  reply.header('x-ratelimit-reset', state.ttlInSeconds);
}

module.exports = { registerRateLimits, parseRateLimit, DEFAULT_RATE_LIMITS };
