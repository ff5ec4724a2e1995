'use strict';

/// Request headers a browser page may send, and response headers it may read.
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key'];
const EXPOSED_HEADERS = ['Request-Id', 'Idempotent-Replayed', 'Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

/// Lets pages served from `origins` (the customer portal's, checkout's: RATECARD_CORS_ORIGINS)
/// call the API from the browser. Preflight requests are answered before authentication (a
/// browser sends them without credentials); other origins get no CORS headers, so browsers
/// keep their pages out. Credentials travel in the Authorization header, never in cookies.
async function registerCors(app, origins) {
  if (!origins.length) return;
  await app.register(require('@fastify/cors'), {
    origin: origins,
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: 600,
    strictPreflight: true,
  });
}

/// Reads RATECARD_CORS_ORIGINS: origins separated by commas, each "scheme://host[:port]".
function parseOrigins(text) {
  if (!text) return [];
  return text.split(',').map((item) => item.trim()).filter(Boolean).map((origin) => {
    let parsed = null;
    try {
      parsed = new URL(origin);
    } catch {
      // refused below
    }
    if (!parsed || parsed.origin !== origin || !['http:', 'https:'].includes(parsed.protocol)) {
      throw new Error(`RATECARD_CORS_ORIGINS: "${origin}" is not an origin such as https://portal.example.com (scheme, host and port only)`);
    }
    return origin;
  });
}

module.exports = { registerCors, parseOrigins };
