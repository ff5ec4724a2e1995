'use strict';
const { ApiError } = require('../http/errors');
const { currency } = require('../http/schemas');
const { findTestClock } = require('../test-clocks/test-clocks');
const { WALL_CLOCK } = require('./scopes');

const day = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'A UTC day, YYYY-MM-DD' };

/// The query string every report takes: its scope, period, currency and format.
const reportQuerySchema = {
  type: 'object', additionalProperties: false,
  properties: {
    test_clock: { type: 'string', maxLength: 100, description: "A test clock's id: the report of its customers (default: the customers on no test clock)" },
    from: { ...day, description: 'The first day reported (inclusive, UTC, YYYY-MM-DD)' },
    to: { ...day, description: 'The last day reported (inclusive, UTC, YYYY-MM-DD)' },
    currency: { ...currency, description: 'Only this currency (default: every currency)' },
    format: { enum: ['json', 'csv'], default: 'json', description: 'csv: the same rows as a CSV attachment, one header line' },
  },
};

/// The filter a report query asks for: { scope, from, to, currency, format }; an unknown test
/// clock is NOT_FOUND, a period ending before it starts INVALID_ARGUMENT.
async function reportFilter(executor, query) {
  if (query.test_clock) await findTestClock(executor, query.test_clock, '/test_clock');
  if (query.from && query.to && query.from > query.to) throw new ApiError('INVALID_ARGUMENT', 'must not be before `from`', '/to');
  return {
    scope: query.test_clock || WALL_CLOCK, from: query.from || null, to: query.to || null,
    currency: query.currency || null, format: query.format || 'json',
  };
}

module.exports = { reportQuerySchema, reportFilter };
