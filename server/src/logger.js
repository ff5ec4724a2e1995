'use strict';

/// Paths pino censors wherever they appear in a log line: credentials never reach the logs.
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'headers.authorization',
  'authorization',
  'secret',
  'token',
  'key',
  '*.secret',
  '*.token',
  '*.key',
  '*.authorization',
  '*.password',
];

/// Pino options for the server: JSON lines, ISO timestamps, credentials redacted.
function loggerOptions({ level = 'info', stream } = {}) {
  const options = {
    level,
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      // Fastify's default request serializer logs the URL; strip any query string, where a
      // client might put a credential by mistake.
      req(request) {
        return {
          method: request.method,
          url: request.url.split('?')[0],
          remoteAddress: request.ip,
        };
      },
    },
  };
  return stream ? { ...options, stream } : options;
}

module.exports = { loggerOptions, REDACTED_PATHS };
