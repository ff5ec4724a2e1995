'use strict';
const { ApiError } = require('../http/errors');
const { toInstant, addMilliseconds } = require('../time');
const { parseJson, inTransaction } = require('../db/rows');
const { enqueueJob } = require('../jobs/queue');
const { customerNow } = require('../customers/customers');
const { invalidateEntitlements } = require('../entitlements/decisions');
const { findOrder, lockOrder, saveOrder, STEP_MAX_ATTEMPTS } = require('./orders');
const { STEPS, stepContext } = require('./order-steps');
const { blockingReason } = require('./order-checks');
const { PermanentTargetError } = require('./target-client');

// Runs orders through the job queue. `order.start` checks the dependencies and queues the
// steps whose dependencies are met; `order.step` runs one step (order-steps.js) and, once it
// has completed, queues the steps it unblocks or completes the order; a step that fails for
// good (a refusal, or its last attempt) turns the order to `compensating`, and
// `order.compensate` undoes its completed steps in reverse order, then marks it `failed`.
// Every change of state is one transaction with the jobs it queues and its event, and every
// part of a step is safe to repeat, so a crash at any point resumes where it stopped.

/// How long a waiting step sleeps between looks at its customer's clock (a test clock may
/// jump ahead at any time; the wall clock's wait is exact).
const WAIT_POLL_MS = 60 * 1000;
const FINISHED_STEPS = ['completed', 'failed', 'compensated', 'skipped'];

const stepJobId = (step, round) => `job_order_step_${step.id}_${round}`;
/// A step's job may run more often than the step has attempts: a worker that dies mid-attempt
/// costs the job an attempt, and the job must still be there to run the step's last one (the
/// queue gives up on a job reclaimed with no attempt left, without running it).
const STEP_JOB_ATTEMPTS = STEP_MAX_ATTEMPTS + 3;

/// Job `order.start`: the dependency checks, then the first steps (or `blocked`).
async function startOrder({ order_id: orderId }, services) {
  const order = await findOrder(services.db, orderId);
  if (order.status !== 'pending') return;
  const reason = await blockingReason(services, order, await stepContext(services, order));
  await inTransaction(services.db, async (trx) => {
    const locked = await lockOrder(trx, services.dialect, orderId);
    if (locked.status !== 'pending') return;
    if (reason) {
      await saveOrder(trx, services.clock, locked, { status: 'blocked', blocked_reason: reason }, 'order.blocked');
      return;
    }
    const running = await saveOrder(trx, services.clock, locked, { status: 'running' }, 'order.started');
    await advance(trx, services, running);
  });
}

// Queues every pending step whose dependencies have completed, or completes the order.
async function advance(trx, services, order) {
  const steps = await trx.selectFrom('order_steps').selectAll().where('order_id', '=', order.id).orderBy('position').execute();
  const done = new Set(steps.filter((step) => step.status === 'completed').map((step) => step.name));
  if (done.size === steps.length) {
    await saveOrder(trx, services.clock, order, { status: 'completed', finished_at: toInstant(services.clock.now()) }, 'order.completed');
    return;
  }
  for (const step of steps) {
    if (step.status === 'pending' && parseJson(step.depends_on).every((name) => done.has(name))) {
      await enqueueJob(trx, { id: stepJobId(step, 0), type: 'order.step', payload: { step_id: step.id }, maxAttempts: STEP_JOB_ATTEMPTS }, services.clock.now());
    }
  }
}

/// Job `order.step`: runs one step; throws to be retried with backoff.
async function runStep({ step_id: stepId }, services) {
  const { db, clock } = services;
  const step = await db.selectFrom('order_steps').selectAll().where('id', '=', stepId).executeTakeFirstOrThrow();
  const order = await findOrder(db, step.order_id);
  if (order.status !== 'running' || FINISHED_STEPS.includes(step.status)) return;
  if (step.not_before && await waitLonger(services, order, step)) return;
  const ctx = await stepContext(services, order);
  const action = STEPS[step.name];
  await db.updateTable('order_steps').set((eb) => ({
    status: 'running', attempts: eb('attempts', '+', 1), started_at: step.started_at || toInstant(clock.now()),
  })).where('id', '=', step.id).execute();
  try {
    let output = parseJson(step.output);
    if (action.local && output === null) {
      output = await runLocal(services, order, step, action, ctx);
      // What the service reads back next (its snapshot) must see the change already.
      invalidateEntitlements(services, order.customer_id);
    }
    if (action.remote) await action.remote(ctx, output);
    await inTransaction(db, async (trx) => {
      const locked = await lockOrder(trx, services.dialect, order.id);
      const current = await trx.selectFrom('order_steps').select('status').where('id', '=', step.id).executeTakeFirstOrThrow();
      if (FINISHED_STEPS.includes(current.status)) return;
      if (action.after) await action.after(trx, ctx, output);
      await trx.updateTable('order_steps').set({ status: 'completed', finished_at: toInstant(clock.now()), last_error: null })
        .where('id', '=', step.id).execute();
      if (locked.status === 'running') await advance(trx, services, locked);
    });
    invalidateEntitlements(services, order.customer_id);
  } catch (error) {
    await failAttempt(services, order, step, error);
  }
}

// Runs the step's database part once: its output is stored with it, in one transaction.
async function runLocal(services, order, step, action, ctx) {
  return inTransaction(services.db, async (trx) => {
    await lockOrder(trx, services.dialect, order.id);
    const current = await trx.selectFrom('order_steps').select('output').where('id', '=', step.id).executeTakeFirstOrThrow();
    if (current.output !== null) return parseJson(current.output);
    const output = await action.local(trx, ctx);
    await trx.updateTable('order_steps').set({ output: JSON.stringify(output) }).where('id', '=', step.id).execute();
    return output;
  });
}

// True when the step must wait longer: queues its next look and marks it waiting.
async function waitLonger(services, order, step) {
  const customer = await services.db.selectFrom('customers').selectAll().where('id', '=', order.customer_id).executeTakeFirstOrThrow();
  const now = toInstant(await customerNow(services.db, customer, services.clock));
  if (now >= step.not_before) return false;
  const remaining = new Date(step.not_before).getTime() - new Date(now).getTime();
  await inTransaction(services.db, async (trx) => {
    await trx.updateTable('order_steps').set({ status: 'waiting' }).where('id', '=', step.id).execute();
    await enqueueJob(trx, {
      type: 'order.step', payload: { step_id: step.id }, maxAttempts: STEP_JOB_ATTEMPTS,
      runAt: addMilliseconds(toInstant(services.clock.now()), Math.min(remaining, WAIT_POLL_MS)),
    }, services.clock.now());
  });
  return true;
}

// A failed attempt: retried (rethrown) unless the failure is permanent or the attempts are
// used up; then the order compensates.
async function failAttempt(services, order, step, error) {
  const message = String(error && error.message ? error.message : error).slice(0, 1000);
  const job = services.job;
  const permanent = error instanceof PermanentTargetError || error instanceof ApiError || error.permanent
    || !job || job.attempts >= STEP_MAX_ATTEMPTS;
  await services.db.updateTable('order_steps').set({ last_error: message, status: permanent ? 'failed' : 'running' }).where('id', '=', step.id).execute();
  if (!permanent) throw error;
  await inTransaction(services.db, async (trx) => {
    const locked = await lockOrder(trx, services.dialect, order.id);
    if (locked.status !== 'running') return;
    await saveOrder(trx, services.clock, locked, { status: 'compensating', failure: `${step.name}: ${message}` }, 'order.compensating');
    await enqueueJob(trx, { id: `job_order_compensate_${order.id}`, type: 'order.compensate', payload: { order_id: order.id } }, services.clock.now());
  });
}

/// Job `order.compensate`: undoes the completed steps (and the database part of the failed
/// one) in reverse order, each once, then marks the order failed.
async function compensateOrder({ order_id: orderId }, services) {
  const { db, clock } = services;
  const order = await findOrder(db, orderId);
  if (order.status !== 'compensating') return;
  const steps = await db.selectFrom('order_steps').selectAll().where('order_id', '=', orderId).orderBy('position', 'desc').execute();
  if (steps.some((step) => step.status === 'running')) throw new Error('a step is still running; compensation waits for it');
  const ctx = await stepContext(services, order);
  for (const step of steps) {
    const undoable = step.status === 'completed' || (step.status === 'failed' && step.output !== null);
    // A step without a database part has no output: it is undone on the service only.
    if (!undoable) continue;
    const action = STEPS[step.name];
    const output = parseJson(step.output) || {};
    // The database part once (recorded in the step's output), then the service's part.
    if (action.undoLocal && !output.undone) {
      await inTransaction(db, async (trx) => {
        await lockOrder(trx, services.dialect, orderId);
        const current = parseJson((await trx.selectFrom('order_steps').select('output').where('id', '=', step.id).executeTakeFirstOrThrow()).output) || {};
        if (current.undone) return;
        await action.undoLocal(trx, ctx, output);
        await trx.updateTable('order_steps').set({ output: JSON.stringify({ ...current, undone: true }) }).where('id', '=', step.id).execute();
      });
      invalidateEntitlements(services, order.customer_id);
    }
    if (action.undoRemote && step.status === 'completed') await action.undoRemote(ctx, output);
    await db.updateTable('order_steps').set({ status: 'compensated', compensated_at: toInstant(clock.now()) }).where('id', '=', step.id).execute();
  }
  await inTransaction(db, async (trx) => {
    const locked = await lockOrder(trx, services.dialect, orderId);
    if (locked.status !== 'compensating') return;
    await trx.updateTable('order_steps').set({ status: 'skipped' }).where('order_id', '=', orderId).where('status', 'in', ['pending', 'waiting']).execute();
    await saveOrder(trx, clock, locked, { status: 'failed', finished_at: toInstant(clock.now()) }, 'order.failed');
  });
  invalidateEntitlements(services, order.customer_id);
}

module.exports = { startOrder, runStep, compensateOrder, WAIT_POLL_MS };
