'use strict';
const { ApiError, notFound, invalidState } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { enqueueJob } = require('../jobs/queue');

// Provisioned accounts: one per customer, in one provisioned service (a target), with users in
// roles. Changes to users reach the service through a `provisioning.sync` job queued in the
// same transaction, once the service has the account's workspace.

const ACCOUNT_STATUSES = ['pending', 'active', 'suspended', 'deprovisioned'];
const ROLES = ['owner', 'admin', 'member', 'viewer'];

const accountSchema = {
  type: 'object',
  title: 'ProvisionedAccount',
  properties: {
    id: { type: 'string' }, object: { const: 'account' }, customer: { type: 'string' }, target: { type: 'string' },
    status: { enum: ACCOUNT_STATUSES }, workspace_created_at: { type: ['string', 'null'] },
    suspended_at: { type: ['string', 'null'] }, deprovisioned_at: { type: ['string', 'null'] },
    data_retained_until: { type: ['string', 'null'], description: 'After deprovisioning: when the service purges the workspace data (the data-retention rule)' },
    data_purged_at: { type: ['string', 'null'] }, created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

const userSchema = {
  type: 'object',
  title: 'AccountUser',
  properties: {
    id: { type: 'string' }, object: { const: 'account_user' }, account: { type: 'string' }, email: { type: 'string' },
    name: { type: ['string', 'null'] }, role: { enum: ROLES }, status: { enum: ['active', 'removed'] },
    seat: { type: 'boolean', description: 'Whether the user holds a seat' },
    created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

function presentAccount(row) {
  return {
    id: row.id, object: 'account', customer: row.customer_id, target: row.target_id, status: row.status,
    workspace_created_at: row.workspace_created_at, suspended_at: row.suspended_at, deprovisioned_at: row.deprovisioned_at,
    data_retained_until: row.data_retained_until, data_purged_at: row.data_purged_at,
    created_at: row.created_at, updated_at: row.updated_at,
  };
}

function presentUser(row, seated = false) {
  return {
    id: row.id, object: 'account_user', account: row.account_id, email: row.email, name: row.name, role: row.role,
    status: row.status, seat: seated, created_at: row.created_at, updated_at: row.updated_at,
  };
}

/// The account of a customer, or null.
async function accountOfCustomer(executor, customerId) {
  return (await executor.selectFrom('provisioned_accounts').selectAll().where('customer_id', '=', customerId).executeTakeFirst()) || null;
}

/// The account of a customer, locked on PostgreSQL for a change; NOT_FOUND when it has none.
async function lockAccountOfCustomer(trx, dialect, customerId) {
  let query = trx.selectFrom('provisioned_accounts').selectAll().where('customer_id', '=', customerId);
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('account of customer', customerId);
  return row;
}

/// The ids of the users of an account who hold a seat.
async function seatedUserIds(executor, accountId) {
  const rows = await executor.selectFrom('seat_assignments').select('user_id').where('account_id', '=', accountId)
    .where('unassigned_at', 'is', null).execute();
  return new Set(rows.map((row) => row.user_id));
}

async function findUser(executor, account, userId, path = '') {
  const row = await executor.selectFrom('account_users').selectAll().where('id', '=', userId)
    .where('account_id', '=', account.id).executeTakeFirst();
  if (!row) throw notFound('user', userId, path);
  return row;
}

/// Adds a user (or brings back a removed one with the same email) and records
/// account_user.added; the service gets the user through a sync job.
async function addUser(trx, { clock }, account, { email, name = null, role = 'member' }, path = '') {
  if (account.status === 'deprovisioned') throw invalidState('the account is deprovisioned');
  const now = toInstant(clock.now());
  const existing = await trx.selectFrom('account_users').selectAll().where('account_id', '=', account.id)
    .where('email', '=', email).executeTakeFirst();
  if (existing && existing.status === 'active') throw new ApiError('CONFLICT', `${email} is already a user of this account (${existing.id})`, `${path}/email`);
  const row = existing
    ? { ...existing, name, role, status: 'active', updated_at: now }
    : { id: newId('usr'), account_id: account.id, email, name, role, status: 'active', created_at: now, updated_at: now };
  if (existing) await trx.updateTable('account_users').set({ name, role, status: 'active', updated_at: now }).where('id', '=', row.id).execute();
  else await trx.insertInto('account_users').values(row).execute();
  await afterUserChange(trx, clock, account, row, 'account_user.added');
  return row;
}

/// Changes a user's role or name; the last owner keeps the owner role.
async function updateUser(trx, { clock }, account, user, { role, name }) {
  if (user.status !== 'active') throw invalidState('the user was removed');
  if (role !== undefined && role !== 'owner' && user.role === 'owner') await assertAnotherOwner(trx, account, user);
  const changes = { updated_at: toInstant(clock.now()) };
  if (role !== undefined) changes.role = role;
  if (name !== undefined) changes.name = name;
  await trx.updateTable('account_users').set(changes).where('id', '=', user.id).execute();
  const row = { ...user, ...changes };
  await afterUserChange(trx, clock, account, row, 'account_user.updated');
  return row;
}

/// Removes a user: their seat is freed and the service removes them.
async function removeUser(trx, { clock }, account, user) {
  if (user.status !== 'active') throw invalidState('the user was already removed');
  if (user.role === 'owner') await assertAnotherOwner(trx, account, user);
  const now = toInstant(clock.now());
  await trx.updateTable('seat_assignments').set({ unassigned_at: now }).where('user_id', '=', user.id)
    .where('unassigned_at', 'is', null).execute();
  await trx.updateTable('account_users').set({ status: 'removed', updated_at: now }).where('id', '=', user.id).execute();
  const row = { ...user, status: 'removed', updated_at: now };
  await afterUserChange(trx, clock, account, row, 'account_user.removed');
  return row;
}

async function assertAnotherOwner(trx, account, user) {
  const other = await trx.selectFrom('account_users').select('id').where('account_id', '=', account.id)
    .where('role', '=', 'owner').where('status', '=', 'active').where('id', '!=', user.id).executeTakeFirst();
  if (!other) throw invalidState('an account keeps at least one owner: make another user owner first', '/role');
}

async function afterUserChange(trx, clock, account, row, eventType) {
  const seated = (await seatedUserIds(trx, account.id)).has(row.id);
  await recordEvent(trx, { type: eventType, object: presentUser(row, seated), customerId: account.customer_id }, clock.now());
  await queueSync(trx, clock, account, { kind: 'user', id: row.id });
}

/// Queues the job that brings the service in line with one user or access key of the account
/// (it reads the current state when it runs, so repeating it is harmless). Nothing is queued
/// while the service has no workspace for the account: the order that creates it pushes all.
async function queueSync(trx, clock, account, { kind, id }) {
  if (!account.workspace_created_at) return;
  await enqueueJob(trx, { type: 'provisioning.sync', payload: { account_id: account.id, kind, id } }, clock.now());
}

/// Changes an account's status fields and records `eventType` (when given).
async function saveAccount(trx, clock, account, changes, eventType = null) {
  const row = { ...account, ...changes, updated_at: toInstant(clock.now()) };
  await trx.updateTable('provisioned_accounts').set({ ...changes, updated_at: row.updated_at }).where('id', '=', account.id).execute();
  if (eventType) await recordEvent(trx, { type: eventType, object: presentAccount(row), customerId: account.customer_id }, clock.now());
  return row;
}

module.exports = {
  ACCOUNT_STATUSES, ROLES, accountSchema, userSchema, presentAccount, presentUser, accountOfCustomer,
  lockAccountOfCustomer, seatedUserIds, findUser, addUser, updateUser, removeUser, queueSync, saveAccount,
};
