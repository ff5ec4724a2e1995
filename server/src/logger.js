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
function loggerOptions({ level = 'info' } = {}) {
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
          url: typeof request.url === 'string' ? request.url.split('?')[0] : undefined,
          remoteAddress: request.ip,
        };
      },
    },
  };
  return options;
}

/// The server's logger: to `stream` when given (tests), else to standard output.
function createLogger({ level = 'info', stream } = {}) {
  const pino = require('pino');
  return stream ? pino(loggerOptions({ level }), stream) : pino(loggerOptions({ level }));
}

module.exports = { loggerOptions, createLogger, REDACTED_PATHS };
