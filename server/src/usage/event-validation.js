'use strict';
// The shape of one usage event, checked event by event so a batch can store its good events
// and report each bad one at its own path.
const { validatorCompiler } = require('../http/validation');
const { ApiError, fromValidationError, escapePointer } = require('../http/errors');
const { parseInstant } = require('../time');

/// One event as clients send it (docs/server.md, "Sending usage").
const usageEventSchema = {
  type: 'object', additionalProperties: false, required: ['id', 'customer', 'metric', 'timestamp'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 255, description: "The event's idempotency key, unique per customer" },
    customer: { type: 'string', minLength: 1, maxLength: 255, description: "The customer's id, or its external id" },
    metric: { type: 'string', minLength: 1, maxLength: 64, description: "The metric's code" },
    timestamp: { type: 'string', maxLength: 40, description: 'When the usage happened (RFC 3339)' },
    properties: { type: 'object', maxProperties: 50, additionalProperties: true },
  },
};

const checkShape = validatorCompiler()({ schema: usageEventSchema, httpPart: 'body' });

// A quantity a metric reads: a decimal string or a safe integer, at most 15 integer digits (so
// sums of billions of events stay within the core's 24 digits) and 12 fractional digits.
const QUANTITY_TEXT = /^-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,12})?$/;
const MAX_QUANTITY_INTEGER = 999999999999999;

/// Checks an event's shape; returns { timestamp } (the stored instant) or throws an ApiError
/// whose path is relative to the event ("/timestamp").
function checkEventShape(event) {
  if (!checkShape(event)) throw fromValidationError({ validation: checkShape.errors }, 'body');
  const timestamp = parseInstant(event.timestamp);
  if (!timestamp) throw new ApiError('INVALID_ARGUMENT', 'must be an RFC 3339 date-time such as "2026-01-31T09:30:00Z"', '/timestamp');
  return { timestamp };
}

/// Checks the properties `metric` reads on an event (throws an ApiError at /properties/<name>).
function checkEventProperties(metric, properties, filterNames) {
  for (const name of filterNames) {
    if (Object.hasOwn(properties, name)) checkLabel(properties[name], name);
  }
  if (metric.property === null) return;
  const path = `/properties/${escapePointer(metric.property)}`;
  if (!Object.hasOwn(properties, metric.property)) {
    throw new ApiError('MISSING_FIELD', `metric ${metric.code} reads the property "${metric.property}"`, path);
  }
  const value = properties[metric.property];
  if (metric.aggregation === 'unique_count') checkLabel(value, metric.property);
  else checkQuantity(value, path);
}

// A value compared as text (filters, unique_count): a string or an integer.
function checkLabel(value, name) {
  const path = `/properties/${escapePointer(name)}`;
  if (typeof value === 'string') {
    if (value.length > 255) throw new ApiError('INVALID_ARGUMENT', 'must be at most 255 characters', path);
    return;
  }
  if (typeof value !== 'number') throw new ApiError('INVALID_TYPE', 'must be a string or an integer', path);
  if (!Number.isSafeInteger(value)) throw new ApiError('INVALID_ARGUMENT', 'must be an integer of at most 15 digits, or a string', path);
}

function checkQuantity(value, path) {
  if (typeof value === 'string') {
    if (!QUANTITY_TEXT.test(value)) {
      throw new ApiError('INVALID_ARGUMENT', 'must be a decimal such as "12.5" with at most 15 integer and 12 fractional digits', path);
    }
    return;
  }
  if (typeof value !== 'number') throw new ApiError('INVALID_TYPE', 'must be a decimal string or an integer', path);
  if (!Number.isInteger(value) || Math.abs(value) > MAX_QUANTITY_INTEGER) {
    throw new ApiError('INVALID_ARGUMENT', 'a JSON number must be an integer of at most 15 digits; send a fraction as a decimal string', path);
  }
}

module.exports = { usageEventSchema, checkEventShape, checkEventProperties };
