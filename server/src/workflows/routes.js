'use strict';
const { paginate, listQuerySchema, listResponseSchema } = require('../http/pagination');
const { idParam } = require('../http/schemas');
const {
  STATUSES, presentWorkflows, presentVersion, findWorkflow, lockWorkflow, createWorkflow, updateWorkflow, deleteWorkflow,
} = require('./workflows');
const { RUN_STATUSES, runSchema, presentRuns, findRun } = require('./runs');
const { dryRun } = require('./dry-run');

const triggerSchema = {
  type: 'object', additionalProperties: true,
  description: '{ event: an event type, conditions: [{ field, op, value }] } (docs/server.md, "Workflows")',
};
const stepsSchema = {
  type: 'array', maxItems: 50, items: { type: 'object', additionalProperties: true },
  description: 'Ordered steps: provision, grant_entitlement, set_entitlement, send_email, call_webhook, wait, branch (docs/server.md, "Workflows")',
};

const workflowSchema = {
  type: 'object',
  title: 'Workflow',
  properties: {
    id: { type: 'string' }, object: { const: 'workflow' }, name: { type: 'string' }, description: { type: ['string', 'null'] },
    status: { enum: STATUSES }, template: { type: ['string', 'null'], description: 'The built-in template this workflow was created from' },
    version: { type: 'integer', description: 'The current version: new runs follow it' },
    trigger: triggerSchema, steps: stepsSchema, created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

const versionSchema = {
  type: 'object',
  title: 'WorkflowVersion',
  properties: {
    id: { type: 'string' }, object: { const: 'workflow_version' }, workflow: { type: 'string' }, version: { type: 'integer' },
    trigger: triggerSchema, steps: stepsSchema, created_at: { type: 'string' },
  },
};

const dryRunSchema = {
  type: 'object',
  title: 'WorkflowDryRun',
  properties: {
    object: { const: 'workflow_dry_run' }, workflow: { type: 'string' }, current_version: { type: 'integer' },
    events: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          event: { type: 'string' }, event_type: { type: 'string' }, customer: { type: 'string' }, created_at: { type: 'string' },
          facts: { type: 'object', additionalProperties: true },
          versions: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                version: { type: 'integer' }, matched: { type: 'boolean', description: 'Whether the version\'s trigger matches the event' },
                steps: {
                  type: 'array', description: 'The steps a run would take, branches followed',
                  items: { type: 'object', properties: { position: { type: 'integer' }, type: { type: 'string' }, would: { type: 'object', additionalProperties: true } } },
                },
              },
            },
          },
        },
      },
    },
  },
};

const editableFields = {
  name: { type: 'string', minLength: 1, maxLength: 200 }, description: { type: ['string', 'null'], maxLength: 1000 },
  status: { enum: ['active', 'disabled'] }, trigger: triggerSchema, steps: stepsSchema,
};

/// Workflows (billing events → provisioning orders, entitlement grants and overrides, emails, webhook calls, waits) and their runs.
async function workflowRoutes(app, { services }) {
  const { db, dialect } = services;
  const tags = ['Workflows'];

  app.post('/workflows', {
    config: { permission: 'workflows:write' },
    schema: {
      tags, operationId: 'createWorkflow', summary: 'Creates a workflow (version 1), its trigger and steps checked first',
      body: { type: 'object', additionalProperties: false, required: ['name', 'trigger', 'steps'], properties: editableFields },
      response: { 201: workflowSchema },
    },
  }, async (request, reply) => {
    reply.code(201);
    return request.transaction((trx) => createWorkflow(trx, services, request.body));
  });

  app.get('/workflows', {
    config: { permission: 'workflows:read' },
    schema: {
      tags, operationId: 'listWorkflows', summary: 'List workflows (deleted ones only when asked by status), newest first',
      querystring: listQuerySchema({ status: { enum: STATUSES }, event: { type: 'string', maxLength: 100 } }),
      response: { 200: listResponseSchema(workflowSchema) },
    },
  }, async (request) => {
    const { query } = request;
    let select = db.selectFrom('workflows').selectAll();
    select = query.status ? select.where('status', '=', query.status) : select.where('status', '!=', 'deleted');
    if (query.event) select = select.where('trigger_event', '=', query.event);
    return paginate(select, query, (rows) => presentWorkflows(db, rows));
  });

  app.get('/workflows/:id', {
    config: { permission: 'workflows:read' },
    schema: { tags, operationId: 'getWorkflow', summary: 'Retrieve a workflow with its current version', params: idParam(), response: { 200: workflowSchema } },
  }, async (request) => (await presentWorkflows(db, [await findWorkflow(db, request.params.id)]))[0]);

  app.patch('/workflows/:id', {
    config: { permission: 'workflows:write' },
    schema: {
      tags, operationId: 'updateWorkflow', summary: 'Edits a workflow: a new version when the trigger or steps change (runs in flight keep theirs)',
      params: idParam(), body: { type: 'object', additionalProperties: false, properties: editableFields }, response: { 200: workflowSchema },
    },
  }, async (request) => request.transaction(async (trx) => updateWorkflow(trx, services, await lockWorkflow(trx, dialect, request.params.id), request.body)));

  app.delete('/workflows/:id', {
    config: { permission: 'workflows:write' },
    schema: { tags, operationId: 'deleteWorkflow', summary: 'Deletes a workflow: no new runs; runs in flight finish', params: idParam(), response: { 200: workflowSchema } },
  }, async (request) => request.transaction(async (trx) => deleteWorkflow(trx, services, await lockWorkflow(trx, dialect, request.params.id))));

  app.get('/workflows/:id/versions', {
    config: { permission: 'workflows:read' },
    schema: {
      tags, operationId: 'listWorkflowVersions', summary: "A workflow's versions, newest first", params: idParam(),
      querystring: listQuerySchema(), response: { 200: listResponseSchema(versionSchema) },
    },
  }, async (request) => {
    await findWorkflow(db, request.params.id);
    const select = db.selectFrom('workflow_versions').selectAll().where('workflow_id', '=', request.params.id);
    return paginate(select, request.query, (rows) => rows.map(presentVersion));
  });

  app.post('/workflows/:id/dry_run', {
    config: { permission: 'workflows:read' },
    schema: {
      tags, operationId: 'dryRunWorkflow', summary: 'Replays past events through every version of a workflow and shows what each would have done, without acting',
      params: idParam(),
      body: {
        type: 'object', additionalProperties: false,
        properties: {
          limit: { type: 'integer', minimum: 1, maximum: 100, description: 'How many of the latest matching events (default 20)' },
          created_gte: { type: 'string', maxLength: 40 }, created_lte: { type: 'string', maxLength: 40 },
        },
      },
      response: { 200: dryRunSchema },
    },
  }, async (request) => dryRun(db, await findWorkflow(db, request.params.id), request.body || {}));

  app.get('/workflow_runs', {
    config: { permission: 'workflows:read' },
    schema: {
      tags, operationId: 'listWorkflowRuns', summary: 'List workflow runs with their steps, newest first',
      querystring: listQuerySchema({ workflow: { type: 'string', maxLength: 100 }, customer: { type: 'string', maxLength: 100 }, status: { enum: RUN_STATUSES } }),
      response: { 200: listResponseSchema(runSchema) },
    },
  }, async (request) => {
    const { query } = request;
    let select = db.selectFrom('workflow_runs').selectAll();
    if (query.workflow) select = select.where('workflow_id', '=', query.workflow);
    if (query.customer) select = select.where('customer_id', '=', query.customer);
    if (query.status) select = select.where('status', '=', query.status);
    return paginate(select, query, (rows) => presentRuns(db, rows));
  });

  app.get('/workflow_runs/:id', {
    config: { permission: 'workflows:read' },
    schema: { tags, operationId: 'getWorkflowRun', summary: 'Retrieve a workflow run: its version, facts and each step\'s state', params: idParam(), response: { 200: runSchema } },
  }, async (request) => (await presentRuns(db, [await findRun(db, request.params.id)]))[0]);
}

module.exports = workflowRoutes;
