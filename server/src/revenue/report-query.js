'use strict';
const { ApiError } = require('../http/errors');
const { currency } = require('../http/schemas');
const { findTestClock } = require('../test-clocks/test-clocks');
const { findPlan } = require('../catalog/plans');
const { WALL_CLOCK } = require('./scopes');

const day = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' };
const month = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' };

/// The query string of a report by day (`unit` "day": from/to YYYY-MM-DD) or by month ("month":
/// YYYY-MM): its scope, period, currency, plan and format (`computed`: and a reporting currency).
function reportQuerySchema(unit, { computed = false, plan = computed } = {}) {
  const bound = unit === 'day' ? { ...day, description: 'A UTC day, YYYY-MM-DD' } : { ...month, description: 'A UTC month, YYYY-MM' };
  return {
    type: 'object', additionalProperties: false,
    properties: {
      test_clock: { type: 'string', maxLength: 100, description: "A test clock's id: the report of its customers (default: the customers on no test clock)" },
      from: { ...bound, description: `The first ${unit} reported (inclusive, UTC)` },
      to: { ...bound, description: `The last ${unit} reported (inclusive, UTC)` },
      currency: { ...currency, description: 'Only this currency (default: every currency)' },
      format: { enum: ['json', 'csv'], default: 'json', description: 'csv: the same rows as a CSV attachment, one header line' },
      ...(computed ? {
        reporting_currency: { ...currency, description: 'Every currency converted into this one at the stored exchange rates in force each day (POST /v1/fx_rates)' },
      } : {}),
      ...(plan ? {
        plan: {
          type: 'string', maxLength: 100,
          description: computed ? 'Only the subscriptions on this plan (its id) at each snapshot' : "Only the invoice lines of this plan (its id): its prices' lines, and its subscriptions' other lines",
        },
      } : {}),
    },
  };
}

/// The filter a report query asks for: { scope, from, to, currency, format }; an unknown test
/// clock is NOT_FOUND, a period ending before it starts INVALID_ARGUMENT.
async function reportFilter(executor, query) {
  if (query.test_clock) await findTestClock(executor, query.test_clock, '/test_clock');
  if (query.plan) await findPlan(executor, query.plan, '/plan');
  if (query.from && query.to && query.from > query.to) throw new ApiError('INVALID_ARGUMENT', 'must not be before `from`', '/to');
  if (query.currency && query.reporting_currency) throw new ApiError('INVALID_ARGUMENT', 'give currency or reporting_currency, not both', '/currency');
  return {
    scope: query.test_clock || WALL_CLOCK, from: query.from || null, to: query.to || null,
    currency: query.currency || null, format: query.format || 'json', reportingCurrency: query.reporting_currency || null,
    plan: query.plan || null,
  };
}

module.exports = { reportQuerySchema, reportFilter };
