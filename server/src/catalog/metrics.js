'use strict';
const { ApiError, notFound } = require('../http/errors');
const { parseJson, bool } = require('../db/rows');
const { recordEvent } = require('../outbox/outbox');
const { newId } = require('../ids');
const { toInstant } = require('../time');

/// How a billable metric rolls a period's events up into one quantity (the core's `aggregate`).
const AGGREGATIONS = ['sum', 'count', 'max', 'unique_count', 'latest', 'weighted_sum'];
/// The unit of a weighted_sum's time integral (GB-hours with `hour`; `period` gives the average).
const TIME_UNITS = ['second', 'minute', 'hour', 'day', 'period'];

/// An event property a metric reads or filters on.
const propertyName = { type: 'string', minLength: 1, maxLength: 100 };
/// A value a filter allows: a string, or an integer (compared by its decimal text).
const filterValue = {
  anyOf: [
    { type: 'string', maxLength: 255 },
    { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
  ],
};
const filtersSchema = {
  type: 'object', maxProperties: 20, propertyNames: propertyName,
  additionalProperties: { type: 'array', minItems: 1, maxItems: 1000, items: filterValue },
  description: 'property -> allowed values: an event counts only when, for every property listed, it has the property with one of these values',
};

const metricSchema = {
  type: 'object', title: 'Metric',
  properties: {
    id: { type: 'string' }, object: { const: 'metric' }, code: { type: 'string' }, name: { type: 'string' },
    description: { type: ['string', 'null'] }, aggregation: { enum: AGGREGATIONS },
    property: { type: ['string', 'null'] }, filters: { type: 'object', additionalProperties: true },
    time_unit: { type: ['string', 'null'] }, active: { type: 'boolean' },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

function presentMetric(row) {
  return {
    id: row.id, object: 'metric', code: row.code, name: row.name, description: row.description,
    aggregation: row.aggregation, property: row.property, filters: parseJson(row.filters), time_unit: row.time_unit,
    active: bool(row.active), metadata: parseJson(row.metadata), created_at: row.created_at, updated_at: row.updated_at,
  };
}

async function findMetric(executor, id, path = '') {
  const row = await executor.selectFrom('billable_metrics').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('metric', id, path);
  return row;
}

/// The metric with `code`, or NOT_FOUND at `path`.
async function findMetricByCode(executor, code, path = '') {
  const row = await executor.selectFrom('billable_metrics').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) throw new ApiError('NOT_FOUND', `no metric with code "${code}"`, path);
  return row;
}

/// The metrics with these codes, read in one query: Map(code -> row); unknown codes are absent.
async function metricsByCode(executor, codes) {
  const unique = [...new Set(codes)];
  if (!unique.length) return new Map();
  const rows = await executor.selectFrom('billable_metrics').selectAll().where('code', 'in', unique).execute();
  return new Map(rows.map((row) => [row.code, row]));
}

/// The metric definition the core's `aggregate` op reads (docs/core-api.md): events name their
/// metric by its code, which is also the core's `event_name`.
function coreMetric(row) {
  const metric = { code: row.code, event_name: row.code, aggregation: row.aggregation };
  if (row.property !== null) metric.property = row.property;
  const filters = parseJson(row.filters);
  if (Object.keys(filters).length) metric.filters = filters;
  if (row.time_unit !== null) metric.time_unit = row.time_unit;
  return metric;
}

/// Creates a billable metric in `trx` once the core accepts its definition, and records
/// metric.created. The definition (aggregation, property, filters, time unit) never changes
/// afterwards: stored partial aggregates are only mergeable under the definition they were made with.
async function createMetric(trx, { core, clock }, body) {
  const row = {
    id: newId('bm'), code: body.code, name: body.name, description: body.description ?? null,
    aggregation: body.aggregation, property: body.property ?? null, filters: JSON.stringify(body.filters || {}),
    time_unit: body.aggregation === 'weighted_sum' ? (body.time_unit ?? 'hour') : (body.time_unit ?? null),
    active: 1, metadata: JSON.stringify(body.metadata || {}),
  };
  validateDefinition(core, row);
  const taken = await trx.selectFrom('billable_metrics').select('id').where('code', '=', body.code).executeTakeFirst();
  if (taken) throw new ApiError('CONFLICT', `metric code "${body.code}" is taken by ${taken.id}`, '/code');
  const now = toInstant(clock.now());
  Object.assign(row, { created_at: now, updated_at: now });
  await trx.insertInto('billable_metrics').values(row).execute();
  const presented = presentMetric(row);
  await recordEvent(trx, { type: 'metric.created', object: presented }, clock.now());
  return presented;
}

// The core checks the definition by aggregating no events with it; its error paths are the
// body's (the metric is /metrics/0 of that request).
function validateDefinition(core, row) {
  core.run({
    op: 'aggregate', period: { start: '2000-01-01T00:00:00Z', end: '2000-01-02T00:00:00Z' },
    metrics: [coreMetric(row)], keep_event_ids: false,
  }, [['/metrics/0', '']]);
}

/// The fields PATCH /v1/metrics/:id changes (the definition never changes: create a new metric).
const METRIC_UPDATE_FIELDS = { name: 'value', description: 'value', active: 'flag', metadata: 'json' };

module.exports = {
  AGGREGATIONS, TIME_UNITS, propertyName, filtersSchema, metricSchema, presentMetric, findMetric, findMetricByCode,
  metricsByCode, coreMetric, createMetric, METRIC_UPDATE_FIELDS,
};
