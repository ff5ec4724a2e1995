'use strict';
const { ApiError } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { parseJson, inTransaction } = require('../db/rows');
const { enqueueJob } = require('../jobs/queue');
const { findVersion } = require('./workflows');
const { eventFacts } = require('./facts');
const { allHold } = require('./conditions');
const { invalidateEntitlements } = require('../entitlements/decisions');
const { STEP_ACTIONS } = require('./steps');

// Runs through the job queue: job `workflow.run` takes one step of a run, in one transaction
// that locks the run, acts (workflows/steps.js), records the step's outcome and the run's next
// position, and queues the next step's job. A crash anywhere rolls the step back whole; the
// job runs again and takes the step once. A refusal (an ApiError: the customer has no
// account to suspend, an unknown endpoint) fails the run with the reason; anything else is
// retried by the queue.

const RUN_ATTEMPTS = 10;
/// Steps that change what the customer is entitled to.
const ENTITLEMENT_STEPS = ['grant_entitlement', 'set_entitlement'];
const ACTIVE = ['running', 'waiting'];

const queueRun = (trx, runId, now, runAt = null) => enqueueJob(trx, { type: 'workflow.run', payload: { run_id: runId }, runAt, maxAttempts: RUN_ATTEMPTS }, now);

/// Outbox consumer: starts a run of each active workflow whose trigger the event matches (its
/// type, then its conditions over the event's facts), with the workflow's current version.
/// Safe to repeat: a workflow runs once per event.
async function startWorkflowRuns(trx, event, { clock }) {
  if (!event.customer_id) return;
  const workflows = await trx.selectFrom('workflows').selectAll()
    .where('trigger_event', '=', event.type).where('status', '=', 'active').orderBy('id').execute();
  if (!workflows.length) return;
  const customer = await trx.selectFrom('customers').selectAll().where('id', '=', event.customer_id).executeTakeFirst();
  if (!customer) return;
  const facts = await eventFacts(trx, event, customer);
  const now = toInstant(clock.now());
  for (const workflow of workflows) {
    const version = await findVersion(trx, workflow.id, workflow.current_version);
    const definition = JSON.parse(version.definition);
    if (!allHold(definition.trigger.conditions, facts)) continue;
    const started = await trx.selectFrom('workflow_runs').select('id').where('workflow_id', '=', workflow.id).where('event_id', '=', event.id).executeTakeFirst();
    if (started) continue;
    const run = {
      id: newId('wfrun'), workflow_id: workflow.id, version: version.version, event_id: event.id, event_type: event.type,
      customer_id: customer.id, facts: JSON.stringify(facts), status: 'running', position: 0, failure: null,
      created_at: now, updated_at: now, finished_at: null,
    };
    await trx.insertInto('workflow_runs').values(run).execute();
    await trx.insertInto('workflow_run_steps').values(definition.steps.map((step, position) => ({
      id: newId('wfstep'), run_id: run.id, position, type: step.type, status: 'pending', output: null, last_error: null,
      not_before: null, started_at: null, finished_at: null,
    }))).execute();
    await queueRun(trx, run.id, clock.now());
  }
}

/// Outbox consumer: once a test clock has moved (and its customers' billing caught up), the
/// waiting runs of its customers look at it again. Safe to repeat: a run that looks too early
/// waits on.
async function wakeWaitingRuns(trx, event, { clock }) {
  if (event.type !== 'test_clock.ready') return;
  const runs = await trx.selectFrom('workflow_runs').innerJoin('customers', 'customers.id', 'workflow_runs.customer_id')
    .select('workflow_runs.id').where('workflow_runs.status', '=', 'waiting').where('customers.test_clock_id', '=', event.object_id)
    .orderBy('workflow_runs.id').execute();
  for (const run of runs) await queueRun(trx, run.id, clock.now());
}

async function lockRun(trx, dialect, id) {
  let query = trx.selectFrom('workflow_runs').selectAll().where('id', '=', id);
  if (dialect === 'postgres') query = query.forUpdate();
  return query.executeTakeFirstOrThrow();
}

/// Job `workflow.run`: takes the run's current step.
async function runWorkflowStep({ run_id: runId }, services) {
  try {
    const taken = await inTransaction(services.db, (trx) => takeStep(trx, services, runId));
    // This process's entitlement cache forgets a grant or override at once; the others hear
    // of it through the outbox event the change recorded.
    if (taken && ENTITLEMENT_STEPS.includes(taken.type)) invalidateEntitlements(services, taken.customerId);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    await inTransaction(services.db, (trx) => failRun(trx, services, runId, error));
  }
}

/// Takes the run's current step: { type, customerId } of the step acted on, or nothing.
async function takeStep(trx, services, runId) {
  const run = await lockRun(trx, services.dialect, runId);
  if (!ACTIVE.includes(run.status)) return;
  const definition = JSON.parse((await findVersion(trx, run.workflow_id, run.version)).definition);
  const step = definition.steps[run.position];
  const stepRow = await trx.selectFrom('workflow_run_steps').selectAll().where('run_id', '=', run.id).where('position', '=', run.position).executeTakeFirstOrThrow();
  const customer = await trx.selectFrom('customers').selectAll().where('id', '=', run.customer_id).executeTakeFirstOrThrow();
  const now = toInstant(services.clock.now());
  const outcome = await STEP_ACTIONS[step.type](trx, services, { run, step, stepRow, facts: parseJson(run.facts), customer, definition });
  const startedAt = stepRow.started_at || now;
  if (outcome.waitUntil) {
    await trx.updateTable('workflow_run_steps').set({ status: 'waiting', not_before: outcome.waitUntil, started_at: startedAt }).where('id', '=', stepRow.id).execute();
    await trx.updateTable('workflow_runs').set({ status: 'waiting', updated_at: now }).where('id', '=', run.id).execute();
    if (outcome.lookAt) await queueRun(trx, run.id, services.clock.now(), outcome.lookAt);
    return { type: step.type, customerId: run.customer_id };
  }
  await trx.updateTable('workflow_run_steps').set({ status: 'completed', output: JSON.stringify(outcome.output), started_at: startedAt, finished_at: now })
    .where('id', '=', stepRow.id).execute();
  // Steps a branch jumped over (or all the rest, when the run ends) are skipped.
  const end = outcome.next === null ? definition.steps.length : outcome.next;
  await trx.updateTable('workflow_run_steps').set({ status: 'skipped' })
    .where('run_id', '=', run.id).where('position', '>', run.position).where('position', '<', end).where('status', '=', 'pending').execute();
  if (outcome.next === null) {
    await trx.updateTable('workflow_runs').set({ status: 'completed', position: run.position, updated_at: now, finished_at: now }).where('id', '=', run.id).execute();
  } else {
    await trx.updateTable('workflow_runs').set({ status: 'running', position: outcome.next, updated_at: now }).where('id', '=', run.id).execute();
    await queueRun(trx, run.id, services.clock.now());
  }
  return { type: step.type, customerId: run.customer_id };
}

// A refused step fails the run for good, with the reason on the step and the run.
async function failRun(trx, services, runId, error) {
  const run = await lockRun(trx, services.dialect, runId);
  if (!ACTIVE.includes(run.status)) return;
  const now = toInstant(services.clock.now());
  const reason = `${error.code}: ${error.message}${error.path ? ` (${error.path})` : ''}`.slice(0, 1000);
  await trx.updateTable('workflow_run_steps').set({ status: 'failed', last_error: reason, finished_at: now })
    .where('run_id', '=', run.id).where('position', '=', run.position).execute();
  await trx.updateTable('workflow_run_steps').set({ status: 'skipped' }).where('run_id', '=', run.id).where('status', '=', 'pending').execute();
  await trx.updateTable('workflow_runs').set({ status: 'failed', failure: reason, updated_at: now, finished_at: now }).where('id', '=', run.id).execute();
}

/// The workflows domain's jobs (docs/server.md, "Workflows").
const WORKFLOW_HANDLERS = { 'workflow.run': runWorkflowStep };

module.exports = { startWorkflowRuns, wakeWaitingRuns, WORKFLOW_HANDLERS };
