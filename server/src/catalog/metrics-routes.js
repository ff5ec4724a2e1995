'use strict';
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, metadata, code, name } = require('../http/schemas');
const { updateObject } = require('../db/update-object');
const {
  AGGREGATIONS, TIME_UNITS, propertyName, filtersSchema, metricSchema, presentMetric, findMetric, createMetric,
  METRIC_UPDATE_FIELDS,
} = require('./metrics');

const description = { type: ['string', 'null'], maxLength: 1000 };

/// Billable metrics: how a period's usage events roll up into the quantity usage prices charge.
async function metricRoutes(app, { services }) {
  const { db, clock } = services;
  const tags = ['Catalog'];

  app.post('/metrics', {
    config: { permission: 'catalog:write' },
    schema: {
      tags, operationId: 'createMetric', summary: 'Create a billable metric (its definition is checked by the pricing core)',
      body: {
        type: 'object', additionalProperties: false, required: ['code', 'name', 'aggregation'],
        properties: {
          code, name, description, aggregation: { enum: AGGREGATIONS },
          property: { ...propertyName, description: 'The event property the aggregation reads (every aggregation but count)' },
          filters: filtersSchema,
          time_unit: { enum: TIME_UNITS, description: 'weighted_sum only (default hour)' },
          metadata,
        },
      },
      response: { 201: metricSchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return request.transaction((trx) => createMetric(trx, services, request.body));
  });

  app.get('/metrics', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: {
      tags, operationId: 'listMetrics', summary: 'List billable metrics',
      querystring: listQuerySchema({ code: { type: 'string', maxLength: 64 }, active: { type: 'boolean' } }),
      response: { 200: listResponseSchema(metricSchema) },
    },
  }, async (request) => {
    let select = db.selectFrom('billable_metrics').selectAll();
    if (request.query.code) select = select.where('code', '=', request.query.code);
    if (request.query.active !== undefined) select = select.where('active', '=', request.query.active ? 1 : 0);
    return paginate(select, request.query, eachRow(presentMetric));
  });

  app.get('/metrics/:id', {
    config: { permission: 'catalog:read', portal: 'catalog' },
    schema: { tags, operationId: 'retrieveMetric', summary: 'Retrieve a billable metric', params: idParam(), response: { 200: metricSchema } },
  }, async (request) => presentMetric(await findMetric(db, request.params.id)));

  app.patch('/metrics/:id', {
    config: { permission: 'catalog:write' },
    schema: {
      tags, operationId: 'updateMetric', summary: 'Update a billable metric (its definition never changes: create a new metric instead)',
      params: idParam(),
      body: { type: 'object', additionalProperties: false, properties: { name, description, active: { type: 'boolean' }, metadata } },
      response: { 200: metricSchema },
    },
  }, async (request) => request.transaction(async (trx) => updateObject(trx, {
    table: 'billable_metrics', row: await findMetric(trx, request.params.id), body: request.body, fields: METRIC_UPDATE_FIELDS,
    present: presentMetric, eventType: 'metric.updated', now: clock.now(),
  })));
}

module.exports = metricRoutes;
