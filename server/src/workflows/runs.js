'use strict';
const { notFound } = require('../http/errors');
const { parseJson } = require('../db/rows');

// Workflow runs as the API shows them: the run, the facts it started with, and each step's state.

const RUN_STATUSES = ['running', 'waiting', 'completed', 'failed'];
const RUN_STEP_STATUSES = ['pending', 'waiting', 'completed', 'skipped', 'failed'];

const runStepSchema = {
  type: 'object',
  properties: {
    position: { type: 'integer' }, type: { type: 'string' }, status: { enum: RUN_STEP_STATUSES },
    output: { type: ['object', 'null'], additionalProperties: true, description: 'What the step did: the order it placed, the email it queued, the delivery it made, the branch taken' },
    last_error: { type: ['string', 'null'] }, not_before: { type: ['string', 'null'], description: 'A wait ends then, by the customer\'s clock' },
    started_at: { type: ['string', 'null'] }, finished_at: { type: ['string', 'null'] },
  },
};

const runSchema = {
  type: 'object',
  title: 'WorkflowRun',
  properties: {
    id: { type: 'string' }, object: { const: 'workflow_run' }, workflow: { type: 'string' },
    version: { type: 'integer', description: 'The workflow version the run follows, whatever edits come later' },
    event: { type: 'string' }, event_type: { type: 'string' }, customer: { type: 'string' },
    facts: { type: 'object', additionalProperties: true, description: 'What the run knows of its event' },
    status: { enum: RUN_STATUSES }, position: { type: 'integer', description: 'The step the run is at' },
    failure: { type: ['string', 'null'] }, steps: { type: 'array', items: runStepSchema },
    created_at: { type: 'string' }, updated_at: { type: 'string' }, finished_at: { type: ['string', 'null'] },
  },
};

async function presentRuns(executor, rows) {
  const steps = rows.length
    ? await executor.selectFrom('workflow_run_steps').selectAll().where('run_id', 'in', rows.map((row) => row.id)).orderBy('position').execute()
    : [];
  return rows.map((row) => ({
    id: row.id, object: 'workflow_run', workflow: row.workflow_id, version: row.version, event: row.event_id, event_type: row.event_type,
    customer: row.customer_id, facts: parseJson(row.facts), status: row.status, position: row.position, failure: row.failure,
    steps: steps.filter((step) => step.run_id === row.id).map((step) => ({
      position: step.position, type: step.type, status: step.status, output: parseJson(step.output), last_error: step.last_error,
      not_before: step.not_before, started_at: step.started_at, finished_at: step.finished_at,
    })),
    created_at: row.created_at, updated_at: row.updated_at, finished_at: row.finished_at,
  }));
}

async function findRun(executor, id) {
  const row = await executor.selectFrom('workflow_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('workflow run', id);
  return row;
}

module.exports = { RUN_STATUSES, runSchema, presentRuns, findRun };
