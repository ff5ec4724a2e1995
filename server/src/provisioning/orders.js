'use strict';
const { ApiError, notFound, invalidState } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { parseJson } = require('../db/rows');
const { recordEvent } = require('../outbox/outbox');
const { enqueueJob } = require('../jobs/queue');
const { findCustomer, customerNow } = require('../customers/customers');
const { findPlan } = require('../catalog/plans');
const { findAddOn } = require('../catalog/add-ons');
const { ORDER_TYPES, planSteps } = require('./order-plans');
const { resolveTarget } = require('./targets');
const { accountOfCustomer } = require('./accounts');

const ORDER_STATUSES = ['pending', 'blocked', 'running', 'completed', 'compensating', 'failed', 'canceled'];
const STEP_STATUSES = ['pending', 'running', 'waiting', 'completed', 'failed', 'compensated', 'skipped'];
/// Attempts of one step before its failure is permanent (1 s, 2 s, 4 s, 8 s apart).
const STEP_MAX_ATTEMPTS = 5;

const stepSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' }, position: { type: 'integer' }, depends_on: { type: 'array', items: { type: 'string' } },
    status: { enum: STEP_STATUSES }, attempts: { type: 'integer' }, last_error: { type: ['string', 'null'] },
    not_before: { type: ['string', 'null'], description: 'The step waits until then, by the customer\'s clock' },
    output: { type: ['object', 'null'], additionalProperties: true },
    started_at: { type: ['string', 'null'] }, finished_at: { type: ['string', 'null'] }, compensated_at: { type: ['string', 'null'] },
  },
};

const orderSchema = {
  type: 'object',
  title: 'Order',
  properties: {
    id: { type: 'string' }, object: { const: 'order' }, customer: { type: 'string' }, type: { enum: ORDER_TYPES },
    status: { enum: ORDER_STATUSES }, source: { type: 'string', description: '"api", "seed" (npm start\'s demo data), or the workflow that placed the order' },
    params: { type: 'object', additionalProperties: true },
    blocked_reason: { type: ['string', 'null'], description: 'Why a dependency check stopped the order before any step ran' },
    failure: { type: ['string', 'null'], description: 'The permanent failure that made the order compensate its completed steps' },
    access_key_to_reveal: { type: 'boolean', description: 'An access key this order issued waits to be revealed once (POST /v1/orders/:id/reveal_access_key)' },
    steps: { type: 'array', items: stepSchema },
    created_at: { type: 'string' }, updated_at: { type: 'string' }, finished_at: { type: ['string', 'null'] },
  },
};

function presentStep(row) {
  return {
    name: row.name, position: row.position, depends_on: parseJson(row.depends_on), status: row.status, attempts: row.attempts,
    last_error: row.last_error, not_before: row.not_before, output: parseJson(row.output),
    started_at: row.started_at, finished_at: row.finished_at, compensated_at: row.compensated_at,
  };
}

/// The API objects of orders, with their steps (one query for all the steps).
async function presentOrders(executor, rows) {
  const steps = rows.length
    ? await executor.selectFrom('order_steps').selectAll().where('order_id', 'in', rows.map((row) => row.id)).orderBy('position').execute()
    : [];
  return rows.map((row) => ({
    id: row.id, object: 'order', customer: row.customer_id, type: row.type, status: row.status, source: row.source,
    params: parseJson(row.params), blocked_reason: row.blocked_reason, failure: row.failure,
    access_key_to_reveal: Boolean(row.sealed_secrets),
    steps: steps.filter((step) => step.order_id === row.id).map(presentStep),
    created_at: row.created_at, updated_at: row.updated_at, finished_at: row.finished_at,
  }));
}

async function presentOrder(executor, row) {
  return (await presentOrders(executor, [row]))[0];
}

async function findOrder(executor, id, path = '') {
  const row = await executor.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('order', id, path);
  return row;
}

/// Reads an order in a transaction that changes it, locking its row on PostgreSQL.
async function lockOrder(trx, dialect, id) {
  let query = trx.selectFrom('orders').selectAll().where('id', '=', id);
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('order', id);
  return row;
}

/// Places an order inside the caller's transaction `trx`: the service POST /v1/orders calls,
/// and the one a workflow calls in the transaction that handles a billing event. `body` is
/// POST /v1/orders's body ({ type, customer, ... }); `source` says who placed it ("api" or a
/// workflow's name). Checks what can be checked in the database (the customer, plans,
/// add-ons, the target; ApiError with a path into `body` otherwise), writes the order and
/// its steps (pending), queues its start (the dependency checks, then the first steps, run by
/// the job queue) and records order.created. Returns the order's API object.
async function createOrder(trx, services, body, { source = 'api' } = {}) {
  const customer = await findCustomer(trx, body.customer, '/customer');
  const params = await readParams(trx, services, customer, body);
  const placedAt = toInstant(await customerNow(trx, customer, services.clock));
  const now = toInstant(services.clock.now());
  const row = {
    id: newId('ord'), customer_id: customer.id, type: body.type, status: 'pending', params: JSON.stringify(params), source,
    blocked_reason: null, failure: null, sealed_secrets: null, created_at: now, updated_at: now, finished_at: null,
  };
  await trx.insertInto('orders').values(row).execute();
  await trx.insertInto('order_steps').values(planSteps(body.type, params, placedAt).map((step) => ({
    id: newId('ostep'), order_id: row.id, ...step, status: 'pending', attempts: 0, last_error: null, output: null,
    started_at: null, finished_at: null, compensated_at: null,
  }))).execute();
  await queueStart(trx, services.clock, row, 0);
  const presented = await presentOrder(trx, row);
  await recordEvent(trx, { type: 'order.created', object: presented, customerId: customer.id }, services.clock.now());
  return presented;
}

/// Queues the job that checks an order's dependencies and starts its steps; `round` counts
/// the starts (a blocked order is started again by retry).
async function queueStart(trx, clock, order, round) {
  await enqueueJob(trx, { id: `job_order_start_${order.id}_${round}`, type: 'order.start', payload: { order_id: order.id } }, clock.now());
}

// The order's parameters, checked against the database; paths point into the body.
async function readParams(trx, services, customer, body) {
  const params = { ...body };
  delete params.type;
  delete params.customer;
  const allowed = {
    activate: ['target', 'users', 'access_key', 'invoice', 'welcome', 'metadata'],
    change: ['plan', 'add_ons', 'quantity', 'proration_behavior', 'invoice', 'metadata'],
    add_seats: ['seats', 'users', 'invoice', 'metadata'],
    suspend: ['reason', 'metadata'],
    restore: ['metadata'],
    refresh: ['metadata'],
    deprovision: ['grace_days', 'retention_days', 'metadata'],
  }[body.type];
  for (const field of Object.keys(params)) {
    if (!allowed.includes(field)) throw new ApiError('INVALID_ARGUMENT', `is not a parameter of a ${body.type} order (${allowed.join(', ')})`, `/${field}`);
  }
  const account = await accountOfCustomer(trx, customer.id);
  if (body.type === 'activate') {
    if (body.welcome !== undefined && typeof body.welcome !== 'boolean') throw new ApiError('INVALID_TYPE', 'is true or false', '/welcome');
    params.users = defaultOwner(body.users || []);
    checkEmailsOnce(params.users);
    params.target = account ? account.target_id : (await resolveTarget(trx, body.target)).id;
  } else if (!account && body.type !== 'change') {
    throw invalidState('the customer has no provisioned account: activate one first', '/customer');
  }
  if (body.type === 'change') {
    if (body.plan === undefined && body.add_ons === undefined && body.quantity === undefined) {
      throw new ApiError('MISSING_FIELD', 'a change order names a plan, add_ons or a quantity', '/plan');
    }
    if (body.plan !== undefined) await findPlan(trx, body.plan, '/plan');
    for (const [index, item] of (body.add_ons || []).entries()) await findAddOn(trx, item.add_on, `/add_ons/${index}/add_on`);
  }
  if (body.type === 'add_seats') {
    if (body.seats === undefined) throw new ApiError('MISSING_FIELD', 'is required', '/seats');
    params.users = body.users || [];
    checkEmailsOnce(params.users);
  }
  if (body.type === 'deprovision') {
    params.grace_days = body.grace_days ?? services.config?.deprovisionGraceDays ?? 14;
    params.retention_days = body.retention_days ?? services.config?.dataRetentionDays ?? 30;
  }
  return params;
}

// The first user is the owner unless the order names one.
function defaultOwner(users) {
  if (!users.length || users.some((user) => user.role === 'owner')) return users;
  return users.map((user, index) => (index === 0 && user.role === undefined ? { ...user, role: 'owner' } : user));
}

function checkEmailsOnce(users) {
  const seen = new Set();
  for (const [index, user] of users.entries()) {
    const email = user.email.toLowerCase();
    if (seen.has(email)) throw new ApiError('INVALID_ARGUMENT', `${user.email} is listed twice`, `/users/${index}/email`);
    seen.add(email);
  }
}

/// Records an order's change of state (and `eventType`, with the order after the change).
async function saveOrder(trx, clock, order, changes, eventType = null) {
  const row = { ...order, ...changes, updated_at: toInstant(clock.now()) };
  await trx.updateTable('orders').set({ ...changes, updated_at: row.updated_at }).where('id', '=', order.id).execute();
  if (eventType) await recordEvent(trx, { type: eventType, object: await presentOrder(trx, row), customerId: order.customer_id }, clock.now());
  return row;
}

/// A blocked order starts again: its dependency checks run anew.
async function retryOrder(trx, services, order) {
  if (order.status !== 'blocked') throw invalidState(`only a blocked order can be retried; this one is ${order.status}`);
  const starts = await trx.selectFrom('jobs').select('id').where('id', 'like', `job_order_start_${order.id}_%`).execute();
  await queueStart(trx, services.clock, order, starts.length);
  return saveOrder(trx, services.clock, order, { status: 'pending', blocked_reason: null });
}

/// Cancels an order no step of which has run (pending or blocked).
async function cancelOrder(trx, services, order) {
  if (!['pending', 'blocked'].includes(order.status)) throw invalidState(`only a pending or blocked order can be canceled; this one is ${order.status}`);
  return saveOrder(trx, services.clock, order, { status: 'canceled', finished_at: toInstant(services.clock.now()) }, 'order.canceled');
}

module.exports = {
  ORDER_TYPES, ORDER_STATUSES, STEP_MAX_ATTEMPTS, orderSchema, presentOrder, presentOrders, findOrder, lockOrder,
  createOrder, saveOrder, retryOrder, cancelOrder,
};
