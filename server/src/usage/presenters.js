'use strict';
// API objects of usage metering and their schemas (for responses and the OpenAPI document).
const { parseJson, bool } = require('../db/rows');
const { usageEventSchema } = require('./event-validation');

const period = { type: ['object', 'null'], properties: { start: { type: 'string' }, end: { type: 'string' } } };
const apiError = {
  type: 'object',
  properties: { code: { type: 'string' }, message: { type: 'string' }, path: { type: 'string' } },
};

/// A stored usage event.
const storedUsageEventSchema = {
  type: 'object', title: 'UsageEvent',
  properties: {
    id: { type: 'string', description: "Ratecard's id (uev_...)" }, object: { const: 'usage_event' },
    event_id: { type: 'string', description: "The sender's id (its idempotency key)" },
    customer: { type: 'string' }, metric: { type: 'string' }, timestamp: { type: 'string' },
    properties: { type: 'object', additionalProperties: true },
    subscription: { type: ['string', 'null'], description: 'The subscription it counts for (null: none ran at its timestamp)' },
    period: { ...period, description: "The subscription's billing period it counts in" },
    late: { type: 'boolean', description: 'Its period was already invoiced when it arrived' },
    received_at: { type: 'string' }, voided_at: { type: ['string', 'null'] }, void_reason: { type: ['string', 'null'] },
  },
};

function presentUsageEvent(row) {
  return {
    id: row.id, object: 'usage_event', event_id: row.event_id, customer: row.customer_id, metric: row.metric,
    timestamp: row.occurred_at, properties: parseJson(row.properties), subscription: row.subscription_id,
    period: row.period_start ? { start: row.period_start, end: row.period_end } : null, late: bool(row.late),
    received_at: row.received_at, voided_at: row.voided_at, void_reason: row.void_reason,
  };
}

/// The request body of POST /v1/usage_events, as documented (the route checks it event by event).
const ingestionBodySchema = {
  oneOf: [
    usageEventSchema,
    {
      type: 'object', additionalProperties: false, required: ['events'],
      properties: { events: { type: 'array', minItems: 1, maxItems: 1000, items: usageEventSchema } },
    },
  ],
};

/// The response of POST /v1/usage_events: counts and one result per event, in order.
const ingestionResultSchema = {
  type: 'object', title: 'UsageEventBatch',
  properties: {
    object: { const: 'usage_event_batch' },
    accepted: { type: 'integer' }, duplicates: { type: 'integer' }, conflicts: { type: 'integer' }, errors: { type: 'integer' },
    results: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          index: { type: 'integer' }, id: { type: ['string', 'null'] },
          status: { enum: ['accepted', 'duplicate', 'conflict', 'error'] },
          event: { type: 'string', description: 'The stored event (uev_...): the new one, or the one this repeats' },
          late: { type: 'boolean' }, error: apiError,
        },
      },
    },
  },
};

const counts = {
  accepted: { type: 'integer' }, processed: { type: 'integer' }, pending: { type: 'integer' }, failed: { type: 'integer' },
  unattributed: { type: 'integer' }, late: { type: 'integer' }, voided: { type: 'integer' },
  lag_seconds: { type: 'integer', description: 'Age of the oldest event waiting to be merged (0: none waits)' },
};

/// GET /v1/usage/status.
const usageStatusSchema = {
  type: 'object', title: 'UsageStatus',
  properties: {
    object: { const: 'usage_status' }, as_of: { type: 'string' }, ...counts,
    oldest_pending_received_at: { type: ['string', 'null'] },
    customers: {
      type: 'array',
      items: { type: 'object', properties: { customer: { type: 'string' }, ...counts, last_processed_at: { type: ['string', 'null'] } } },
    },
    failures: {
      type: 'array',
      items: { type: 'object', properties: { event: { type: 'string' }, customer: { type: 'string' }, error: { type: 'string' } } },
    },
  },
};

/// GET /v1/customers/:id/usage.
const customerUsageSchema = {
  type: 'object', title: 'CustomerUsage',
  properties: {
    object: { const: 'customer_usage' }, customer: { type: 'string' }, currency: { type: 'string' },
    as_of: { type: 'string' }, pending_events: { type: 'integer' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          subscription: { type: 'string' }, metric: { type: 'string' }, aggregation: { type: 'string' }, period,
          quantity: { type: 'string' }, event_count: { type: 'integer' },
          price: { type: ['string', 'null'] }, amount: { type: ['string', 'null'] },
          lines: { type: ['array', 'null'], items: { type: 'object', additionalProperties: true } },
          note: { type: ['string', 'null'] },
        },
      },
    },
  },
};

/// GET /v1/customers/:id/usage/daily.
const dailyUsageSchema = {
  type: 'object', title: 'DailyUsage',
  properties: {
    object: { const: 'daily_usage' }, customer: { type: 'string' }, as_of: { type: 'string' },
    metrics: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          subscription: { type: 'string' }, metric: { type: 'string' }, name: { type: 'string' }, aggregation: { type: 'string' }, period,
          total: { type: 'string', description: "The period's stored aggregate (as GET /v1/customers/:id/usage gives it)" },
          event_count: { type: 'integer' },
          limit: { type: ['string', 'null'], description: 'The limit of the feature named after the metric (allowance plus grants), null when none or unlimited' },
          unlimited: { type: 'boolean' },
          days: {
            type: 'array', description: 'Each day of the period begun so far, in the billing zone: the core\'s aggregate of that day\'s events',
            items: {
              type: 'object',
              properties: {
                start: { type: 'string' }, end: { type: 'string' }, value: { type: 'string' }, event_count: { type: 'integer' },
                to_date: { type: ['string', 'null'], description: 'From the period start through the day: the days added up (sum, count, weighted_sum in a unit of time) or their max; null for unique_count, latest and a weighted_sum in periods' },
              },
            },
          },
        },
      },
    },
  },
};

module.exports = {
  storedUsageEventSchema, presentUsageEvent, ingestionBodySchema, ingestionResultSchema, usageStatusSchema, customerUsageSchema, dailyUsageSchema,
};
