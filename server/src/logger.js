'use strict';

/// Field names whose values never reach the logs, at any depth of a logged object (compared
/// case-insensitively): credentials of every kind.
const SECRET_FIELDS = new Set([
  'authorization', 'cookie', 'set-cookie', 'idempotency-key', 'secret', 'token', 'key', 'password',
  'secret_hash', 'token_hash',
]);
const CENSOR = '[redacted]';
/// A credential anywhere in a logged text (a key pasted into a URL, a message quoting one): its
/// public prefix is kept, the rest censored (text censored already is left as it is).
const CREDENTIAL_TEXT = /rc(?:sk|ps|in|os|oi)_(?![0-9a-z]{10}_\[redacted\]|\[redacted\])[0-9A-Za-z_-]*/g;

/// `text` with every credential in it censored.
function redactText(text) {
  if (!text.includes('rc')) return text; // no credential can be in it (most texts, request ids)
  return text.replace(CREDENTIAL_TEXT, (found) => {
    const prefix = /^rc(?:sk|ps|in)_[0-9a-z]{10}(?=_)/.exec(found);
    return prefix ? `${prefix[0]}_${CENSOR}` : `${found.slice(0, 5)}${CENSOR}`;
  });
}
/// Deeper than this, a logged object is cut off rather than searched.
const MAX_DEPTH = 16;

/// A copy of `value` with every secret field censored, however deeply nested. Only plain
/// objects and arrays are walked; anything else (requests, errors) goes to pino's serializers,
/// which log only fields chosen for it (see `req` below). `ancestors` holds the objects on the
/// way down (for cycles); it is made only when a member is an object itself, so a flat object
/// (a request logger's bindings, on every request) costs no set.
function redactSecrets(value, depth = 0, ancestors = null) {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (!isPlainData(value)) return value;
  if (ancestors !== null && ancestors.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  const below = hasObjectMember(value) ? (ancestors ?? new WeakSet()).add(value) : ancestors;
  let copy;
  if (Array.isArray(value)) {
    copy = value.map((item) => redactSecrets(item, depth + 1, below));
  } else {
    copy = {};
    for (const field of Object.keys(value)) {
      copy[field] = SECRET_FIELDS.has(field.toLowerCase()) ? CENSOR : redactSecrets(value[field], depth + 1, below);
    }
  }
  if (below !== null) below.delete(value);
  return copy;
}

function isPlainData(value) {
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function hasObjectMember(value) {
  for (const item of Array.isArray(value) ? value : Object.values(value)) if (item !== null && typeof item === 'object') return true;
  return false;
}

/// Pino options for the server: JSON lines, ISO timestamps, credentials redacted at any depth
/// and in any text (messages included).
function loggerOptions({ level = 'info' } = {}) {
  return {
    level,
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { log: (object) => redactSecrets(object) },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg)));
      },
    },
    serializers: {
      // Fastify's default request serializer logs the URL; strip any query string, where a
      // client might put a credential by mistake, and any key pasted into the path. Headers
      // are never logged.
      req(request) {
        return {
          method: request.method,
          url: typeof request.url === 'string' ? redactText(request.url.split('?')[0]) : undefined,
          remoteAddress: request.ip,
        };
      },
    },
  };
}

/// The server's logger: to `stream` when given (tests), else to standard output; `pretty`
/// writes human-readable lines (for a terminal) instead of JSON lines. A child logger's
/// bindings are redacted too (pino applies no formatter to them).
function createLogger({ level = 'info', stream, pretty = false } = {}) {
  const pino = require('pino');
  let destination = stream;
  if (pretty) {
    destination = require('pino-pretty')({
      destination: stream || 1, sync: true, colorize: !stream, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname',
    });
  }
  const logger = destination ? pino(loggerOptions({ level }), destination) : pino(loggerOptions({ level }));
  const child = logger.child;
  // Children inherit this method, so their own children are redacted as well.
  logger.child = function redactedChild(bindings, options) {
    return child.call(this, redactSecrets(bindings), options);
  };
  return logger;
}

module.exports = { loggerOptions, createLogger };
