'use strict';
const { isPlanChanged } = require('../db/prepared-statements');

/// HTTP status for each error code; the codes the core returns keep their meaning here.
const STATUS_BY_CODE = {
  INVALID_JSON: 400,
  MISSING_FIELD: 400,
  UNKNOWN_FIELD: 400,
  INVALID_TYPE: 400,
  INVALID_ARGUMENT: 400,
  UNKNOWN_CURRENCY: 400,
  UNKNOWN_TIME_ZONE: 400,
  OVERFLOW: 400,
  LIMIT_EXCEEDED: 413,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  INVALID_STATE: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  SEAT_LIMIT_REACHED: 409,
  LAST_ADMIN: 409,
  QUOTE_CHANGED: 409,
  PAYMENT_IN_PROGRESS: 409,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  PAYMENTS_UNAVAILABLE: 503,
  FRAUD_BLOCKED: 402,
  CARD_DATA: 400,
  INTERNAL: 500,
};

/// The code of a client error (4xx) that Fastify or a plugin raised with only a status.
const CODE_BY_STATUS = {
  403: 'NOT_FOUND', // the static files plugin's answer to a path outside its folder
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'LIMIT_EXCEEDED',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/// An error the API reports as {"error": {"code", "message", "path"}}; path is a JSON Pointer
/// into the request body ("" when the error is about the request as a whole).
class ApiError extends Error {
  constructor(code, message, path = '') {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.path = path;
    this.statusCode = STATUS_BY_CODE[code] || 400;
  }
}

/// The longest id a path may carry (Fastify's maxParamLength and every id schema).
const ID_MAX_LENGTH = 100;

const notFound = (what, id, path = '') => new ApiError('NOT_FOUND', `no ${what} "${id}"`, path);
const invalidState = (message, path = '') => new ApiError('INVALID_STATE', message, path);
const invalidArgument = (message, path) => new ApiError('INVALID_ARGUMENT', message, path);

/// Translates Ajv's first validation error into the core's codes and a JSON Pointer path.
function fromValidationError(error, httpPart) {
  const first = error.validation[0];
  const base = httpPart === 'body' ? '' : `/${httpPart === 'querystring' ? 'query' : httpPart}`;
  const where = base + (first.instancePath || '');
  const params = first.params || {};
  // Keywords of our own (validation.js) name the code the core would give.
  if (params.code && STATUS_BY_CODE[params.code]) return new ApiError(params.code, first.message, where);
  switch (first.keyword) {
    case 'required':
      return new ApiError('MISSING_FIELD', 'is required', `${where}/${escapePointer(params.missingProperty)}`);
    case 'additionalProperties':
      return new ApiError('UNKNOWN_FIELD', `is not a field of this object`, `${where}/${escapePointer(params.additionalProperty)}`);
    case 'type':
      if (isFractionWhereIntegerFits(error.validation, first)) {
        return new ApiError('INVALID_ARGUMENT', 'JSON numbers with a fraction are not exact; pass an integer or a decimal string such as "2.5"', where);
      }
      return new ApiError('INVALID_TYPE', `must be ${[].concat(params.type).join(' or ')}`, where);
    default:
      return new ApiError('INVALID_ARGUMENT', first.message || 'is not valid', where);
  }
}

// A JSON number with a fraction where an integer is one of the types allowed (a count, or a
// quantity: a string or an integer) is INVALID_ARGUMENT, as in the core; where only a string
// fits (money) it stays INVALID_TYPE.
function isFractionWhereIntegerFits(errors, first) {
  if (typeof first.data !== 'number' || Number.isInteger(first.data)) return false;
  return errors.some((other) => other.keyword === 'type' && other.instancePath === first.instancePath
    && [].concat(other.params.type).includes('integer'));
}

function escapePointer(token) {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

const UNIQUE_VIOLATIONS = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/// PostgreSQL's deadlock (40P01) and serialization failure (40001): two transactions took the
/// same rows in opposite orders (two previews proposing changes to the same subscriptions, a
/// preview crossing a billing run); one is rolled back and may simply be sent again.
const CROSSED_TRANSACTIONS = new Set(['40P01', '40001']);

/// A unique-constraint violation of PostgreSQL (23505) or SQLite as CONFLICT (409), or null for
/// any other error. Routes check codes and external ids before inserting; this answers the
/// race in which two requests pass that check at once. The path names the column when there is
/// one ("/code", "/external_id"), as the route's own check would.
function fromDatabaseError(error) {
  if (!error || !UNIQUE_VIOLATIONS.has(error.code)) return null;
  const columns = violatedColumns(error);
  const path = columns.length === 1 && columns[0] !== 'id' ? `/${escapePointer(columns[0])}` : '';
  const what = columns.length ? `the same ${columns.join(', ')}` : 'the same key';
  return new ApiError('CONFLICT', `an object with ${what} already exists (another request created it at the same time)`, path);
}

// PostgreSQL: detail "Key (code)=(x) already exists."; SQLite: "UNIQUE constraint failed: coupons.code".
function violatedColumns(error) {
  const postgres = /^Key \(([^)]*)\)=/.exec(error.detail || '');
  if (postgres) return postgres[1].split(',').map((column) => column.trim());
  const sqlite = /constraint failed: (.+)$/.exec(error.message || '');
  if (sqlite) return sqlite[1].split(',').map((column) => column.trim().split('.').pop());
  return [];
}

/// Fastify error handler: every failure answers {"error": {code, message, path, request_id}}
/// with a fitting status. Client errors are logged at info level; only an unexpected error (a
/// defect, or a failing database) is logged at error level, as INTERNAL.
function errorHandler(error, request, reply) {
  const apiError = toApiError(error, request);
  if (apiError.code === 'METHOD_NOT_ALLOWED' && apiError.allow) reply.header('allow', apiError.allow.join(', '));
  reply.code(apiError.statusCode).send({
    error: { code: apiError.code, message: apiError.message, path: apiError.path, request_id: request.id },
  });
}

function toApiError(error, request) {
  if (error instanceof ApiError) return error;
  const conflict = fromDatabaseError(error);
  if (conflict) return conflict;
  if (isPlanChanged(error)) { // a prepared statement read a table another process's migration changed
    request.log.warn({ code: error.code }, 'a prepared statement met a changed table (a migration by another process); the transaction was rolled back');
    return new ApiError('CONFLICT', 'the database changed under the request (another process migrated it); send it again');
  }
  if (CROSSED_TRANSACTIONS.has(error.code)) {
    request.log.info({ code: error.code }, 'a transaction crossed another one and was rolled back');
    return new ApiError('CONFLICT', 'the request crossed another one changing the same objects at the same time; send it again');
  }
  if (error.validation) return fromValidationError(error, error.validationContext || 'body');
  const known = fromFrameworkError(error);
  if (known) {
    request.log.info({ code: error.code, status: known.statusCode }, `client error: ${known.message}`);
    return known;
  }
  request.log.error({ err: error }, 'unexpected error');
  return new ApiError('INTERNAL', 'internal error');
}

// Errors Fastify and its plugins raise for a bad request, as coded errors; null for others.
function fromFrameworkError(error) {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send JSON with Content-Type: application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('LIMIT_EXCEEDED', 'the request body is larger than 1 MiB');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('INVALID_ARGUMENT', 'the Content-Length header does not match the body', '/headers/content-length');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ApiError('INVALID_ARGUMENT', `a path segment is longer than ${ID_MAX_LENGTH} characters, the longest an id may be`);
    case 'FST_ERR_BAD_URL':
      return new ApiError('INVALID_ARGUMENT', 'the URL is not valid (a malformed percent-encoding)');
    default:
      break;
  }
  const status = error.statusCode;
  if (!Number.isInteger(status) || status < 400 || status > 499) return null;
  const code = CODE_BY_STATUS[status] || 'INVALID_ARGUMENT';
  return new ApiError(code, code === 'NOT_FOUND' ? 'not found' : String(error.message || 'bad request').slice(0, 200));
}

module.exports = {
  ApiError, errorHandler, ID_MAX_LENGTH, fromDatabaseError, fromValidationError, notFound, invalidState, invalidArgument, STATUS_BY_CODE, escapePointer,
};
