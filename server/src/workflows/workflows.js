'use strict';
const { ApiError, notFound, invalidState } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { checkDefinition } = require('./definition');

// Workflows and their versions: the stored rows and the services that change them. A
// workflow's trigger and steps live in its versions; an edit of either adds a version (runs
// keep the version they started on), an edit of the name, description or status does not.

const STATUSES = ['active', 'disabled', 'deleted'];

function presentWorkflow(row, version) {
  const definition = JSON.parse(version.definition);
  return {
    id: row.id, object: 'workflow', name: row.name, description: row.description, status: row.status, template: row.template,
    version: version.version, trigger: definition.trigger, steps: definition.steps, created_at: row.created_at, updated_at: row.updated_at,
  };
}

function presentVersion(row) {
  const definition = JSON.parse(row.definition);
  return { id: row.id, object: 'workflow_version', workflow: row.workflow_id, version: row.version, trigger: definition.trigger, steps: definition.steps, created_at: row.created_at };
}

async function findWorkflow(executor, id, path = '') {
  const row = await executor.selectFrom('workflows').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('workflow', id, path);
  return row;
}

async function lockWorkflow(trx, dialect, id) {
  let query = trx.selectFrom('workflows').selectAll().where('id', '=', id);
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('workflow', id);
  return row;
}

async function findVersion(executor, workflowId, version) {
  return executor.selectFrom('workflow_versions').selectAll().where('workflow_id', '=', workflowId).where('version', '=', version)
    .executeTakeFirstOrThrow();
}

/// The API objects of workflow rows, each with its current version.
async function presentWorkflows(executor, rows) {
  if (!rows.length) return [];
  const versions = await executor.selectFrom('workflow_versions').selectAll().where('workflow_id', 'in', rows.map((row) => row.id)).execute();
  return rows.map((row) => presentWorkflow(row, versions.find((v) => v.workflow_id === row.id && v.version === row.current_version)));
}

function checkStatus(status) {
  if (status !== undefined && !['active', 'disabled'].includes(status)) throw new ApiError('INVALID_ARGUMENT', 'is active or disabled', '/status');
}

/// Creates a workflow (version 1) from POST /v1/workflows's body; `template` names a built-in one.
async function createWorkflow(trx, { clock }, body, { template = null } = {}) {
  checkStatus(body.status);
  const definition = checkDefinition(body);
  const now = toInstant(clock.now());
  const row = {
    id: newId('wf'), name: body.name, description: body.description ?? null, status: body.status ?? 'active', template,
    current_version: 1, trigger_event: definition.trigger.event, created_at: now, updated_at: now,
  };
  await trx.insertInto('workflows').values(row).execute();
  const version = await insertVersion(trx, row.id, 1, definition, now);
  return presentWorkflow(row, version);
}

async function insertVersion(trx, workflowId, number, definition, now) {
  const version = { id: newId('wfv'), workflow_id: workflowId, version: number, definition: JSON.stringify(definition), created_at: now };
  await trx.insertInto('workflow_versions').values(version).execute();
  return version;
}

/// Edits a workflow (locked row `row`): a new version when the trigger or the steps change.
async function updateWorkflow(trx, { clock }, row, body) {
  if (row.status === 'deleted') throw invalidState('a deleted workflow cannot be edited');
  checkStatus(body.status);
  const current = await findVersion(trx, row.id, row.current_version);
  const before = JSON.parse(current.definition);
  const now = toInstant(clock.now());
  let version = current;
  if (body.trigger !== undefined || body.steps !== undefined) {
    const definition = checkDefinition({ trigger: body.trigger ?? before.trigger, steps: body.steps ?? before.steps });
    if (JSON.stringify(definition) !== current.definition) version = await insertVersion(trx, row.id, row.current_version + 1, definition, now);
  }
  const changes = {
    name: body.name ?? row.name, description: body.description !== undefined ? body.description : row.description,
    status: body.status ?? row.status, current_version: version.version, trigger_event: JSON.parse(version.definition).trigger.event, updated_at: now,
  };
  await trx.updateTable('workflows').set(changes).where('id', '=', row.id).execute();
  return presentWorkflow({ ...row, ...changes }, version);
}

/// Deletes a workflow: it starts no more runs; its runs in flight finish on their version.
async function deleteWorkflow(trx, { clock }, row) {
  const changes = { status: 'deleted', updated_at: toInstant(clock.now()) };
  await trx.updateTable('workflows').set(changes).where('id', '=', row.id).execute();
  return presentWorkflow({ ...row, ...changes }, await findVersion(trx, row.id, row.current_version));
}

module.exports = {
  STATUSES, presentWorkflow, presentWorkflows, presentVersion, findWorkflow, lockWorkflow, findVersion,
  createWorkflow, updateWorkflow, deleteWorkflow,
};
