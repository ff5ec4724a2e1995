'use strict';
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam, instant } = require('../http/schemas');
const { ApiError } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant, parseInstant } = require('../time');
const { enqueueJob } = require('../jobs/queue');
const { billingRunSchema, presentBillingRun, findBillingRun } = require('./billing-runs');

/// Billing runs: bill everything due up to an instant, in the background, with counts.
async function billingRunRoutes(app, { services }) {
  const { db, clock } = services;
  const tags = ['Billing runs'];

  app.post('/billing_runs', {
    config: { permission: 'billing_runs:write' },
    schema: {
      operationId: 'createBillingRun', tags,
      summary: 'Bill everything due up to `until` (default now; never in the future): wall-clock customers up to it, test-clock customers up to their clocks',
      body: { type: ['object', 'null'], additionalProperties: false, properties: { until: instant } },
      response: { 202: billingRunSchema },
    },
  }, async (request, reply) => {
    const now = toInstant(clock.now());
    const until = request.body && request.body.until ? parseInstant(request.body.until) : now;
    if (until > now) throw new ApiError('INVALID_ARGUMENT', `must not be in the future (now is ${now}); test clocks bill their customers up to their own time`, '/until');
    const row = {
      id: newId('brun'), status: 'queued', until, invoices: 0, subscriptions: 0, failures: '[]', totals: '{}', planned_at: null,
      started_at: null, finished_at: null, created_at: now, updated_at: now,
    };
    reply.code(202);
    return request.transaction(async (trx) => {
      await trx.insertInto('billing_runs').values(row).execute();
      await enqueueJob(trx, { type: 'billing_run.execute', payload: { run_id: row.id } }, clock.now());
      return presentBillingRun(row);
    });
  });

  app.get('/billing_runs', {
    config: { permission: 'billing_runs:read' },
    schema: { operationId: 'listBillingRuns', tags, summary: 'List billing runs', querystring: listQuerySchema(), response: { 200: listResponseSchema(billingRunSchema) } },
  }, async (request) => paginate(db.selectFrom('billing_runs').selectAll(), request.query, eachRow(presentBillingRun)));

  app.get('/billing_runs/:id', {
    config: { permission: 'billing_runs:read' },
    schema: { operationId: 'retrieveBillingRun', tags, summary: 'Retrieve a billing run: its status and counts', params: idParam(), response: { 200: billingRunSchema } },
  }, async (request) => presentBillingRun(await findBillingRun(db, request.params.id)));
}

module.exports = billingRunRoutes;
