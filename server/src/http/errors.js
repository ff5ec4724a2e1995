'use strict';

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
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
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

const notFound = (what, id, path = '') => new ApiError('NOT_FOUND', `no ${what} "${id}"`, path);
const invalidState = (message, path = '') => new ApiError('INVALID_STATE', message, path);
const invalidArgument = (message, path) => new ApiError('INVALID_ARGUMENT', message, path);

/// Translates Ajv's first validation error into the core's codes and a JSON Pointer path.
function fromValidationError(error, httpPart) {
  const first = error.validation[0];
  const base = httpPart === 'body' ? '' : `/${httpPart === 'querystring' ? 'query' : httpPart}`;
  const where = base + (first.instancePath || '');
  const params = first.params || {};
  switch (first.keyword) {
    case 'required':
      return new ApiError('MISSING_FIELD', 'is required', `${where}/${escapePointer(params.missingProperty)}`);
    case 'additionalProperties':
      return new ApiError('UNKNOWN_FIELD', `is not a field of this object`, `${where}/${escapePointer(params.additionalProperty)}`);
    case 'type':
      return new ApiError('INVALID_TYPE', `must be ${[].concat(params.type).join(' or ')}`, where);
    default:
      return new ApiError('INVALID_ARGUMENT', first.message || 'is not valid', where);
  }
}

function escapePointer(token) {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/// Fastify error handler: every failure answers {"error": {...}} with a fitting status.
function errorHandler(error, request, reply) {
  let apiError;
  if (error instanceof ApiError) {
    apiError = error;
  } else if (error.validation) {
    apiError = fromValidationError(error, error.validationContext || 'body');
  } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    apiError = new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send JSON with Content-Type: application/json');
  } else if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
    || error instanceof SyntaxError) {
    apiError = new ApiError('INVALID_JSON', 'the request body is not valid JSON');
  } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    apiError = new ApiError('LIMIT_EXCEEDED', 'the request body is too large');
  } else {
    request.log.error({ err: error }, 'unexpected error');
    apiError = new ApiError('INTERNAL', 'internal error');
  }
  reply.code(apiError.statusCode).send({
    error: { code: apiError.code, message: apiError.message, path: apiError.path },
  });
}

module.exports = { ApiError, errorHandler, notFound, invalidState, invalidArgument, STATUS_BY_CODE, escapePointer };
