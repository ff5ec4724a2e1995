'use strict';
const { paginate, eachRow, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam } = require('../http/schemas');
const { notFound, invalidState } = require('../http/errors');
const { toInstant } = require('../time');
const { presentJob } = require('./queue');

const STATUSES = ['queued', 'running', 'succeeded', 'dead'];

const jobSchema = {
  title: 'Job',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'job' }, type: { type: 'string' },
    payload: { type: 'object', additionalProperties: true }, status: { enum: STATUSES },
    recurring: { type: 'boolean', description: 'A recurring job queues itself again after each run and is never dead' },
    attempts: { type: 'integer' }, max_attempts: { type: 'integer' }, run_at: { type: 'string' },
    locked_until: { type: ['string', 'null'] }, locked_by: { type: ['string', 'null'] },
    last_error: { type: ['string', 'null'], description: 'The last failure; for a run that succeeded but skipped some work (e.g. subscriptions that could not catch up), what it skipped' }, created_at: { type: 'string' }, updated_at: { type: 'string' },
    finished_at: { type: ['string', 'null'] },
  },
};

/// The job queue, for operators: inspect jobs and retry a dead one.
async function jobRoutes(app, { services }) {
  const { db, clock } = services;
  const tags = ['Jobs'];

  app.get('/jobs', {
    config: { permission: 'jobs:read' },
    schema: {
      operationId: 'listJobs', tags, summary: 'List jobs, newest first',
      querystring: listQuerySchema({ status: { enum: STATUSES }, type: { type: 'string' } }),
      response: { 200: listResponseSchema(jobSchema) },
    },
  }, async (request) => {
    let select = db.selectFrom('jobs').selectAll();
    if (request.query.status) select = select.where('status', '=', request.query.status);
    if (request.query.type) select = select.where('type', '=', request.query.type);
    return paginate(select, request.query, eachRow(presentJob));
  });

  app.get('/jobs/:id', {
    config: { permission: 'jobs:read' },
    schema: { operationId: 'retrieveJob', tags, summary: 'Retrieve a job', params: idParam(), response: { 200: jobSchema } },
  }, async (request) => presentJob(await findJob(db, request.params.id)));

  app.post('/jobs/:id/retry', {
    config: { permission: 'jobs:write' },
    schema: { operationId: 'retryJob', tags, summary: 'Queue a dead job again, with a fresh set of attempts', params: idParam(), response: { 200: jobSchema } },
  }, async (request) => {
    const now = toInstant(clock.now());
    return request.transaction(async (trx) => {
      const job = await findJob(trx, request.params.id);
      const changes = { status: 'queued', attempts: 0, run_at: now, updated_at: now, finished_at: null, locked_by: null, locked_until: null };
      const retried = await trx.updateTable('jobs').set(changes).where('id', '=', job.id).where('status', '=', 'dead').executeTakeFirst();
      if (Number(retried.numUpdatedRows) !== 1) throw invalidState(`only dead jobs can be retried; this one is ${job.status}`);
      return presentJob({ ...job, ...changes });
    });
  });
}

async function findJob(db, id) {
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('job', id);
  return row;
}

module.exports = jobRoutes;
