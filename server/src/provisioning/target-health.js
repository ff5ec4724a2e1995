'use strict';
const { notFound } = require('../http/errors');
const { toInstant } = require('../time');
const { callTarget } = require('./target-client');

// A provisioning target's health as an operator reads it: whether the service answers its
// signed GET /health now (the check an order runs before its steps) and how many of the
// accounts it holds are in each state.

const targetHealthSchema = {
  type: 'object',
  title: 'ProvisioningTargetHealth',
  properties: {
    object: { const: 'provisioning_target_health' }, target: { type: 'string' }, name: { type: 'string' }, base_url: { type: 'string' },
    healthy: { type: 'boolean', description: 'Whether the service answered GET /health with 2xx (5 s timeout)' },
    error: { type: ['string', 'null'], description: 'Why it is not healthy' },
    checked_at: { type: 'string' },
    accounts: { type: 'object', additionalProperties: { type: 'integer' }, description: "The target's provisioned accounts by status" },
  },
};

/// The target named `name` (or with that id), or 404.
async function findTargetByName(db, name) {
  const row = await db.selectFrom('provisioning_targets').selectAll().where((eb) => eb.or([eb('name', '=', name), eb('id', '=', name)])).executeTakeFirst();
  if (!row) throw notFound('provisioning target', name);
  return row;
}

/// The target's accounts counted by status ({ active: 3, suspended: 1 }).
async function accountCounts(db, targetId) {
  const rows = await db.selectFrom('provisioned_accounts').select(['status', (eb) => eb.fn.countAll().as('count')])
    .where('target_id', '=', targetId).groupBy('status').execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

/// Checks the target's health now, outside any transaction (nothing is written).
async function targetHealth(services, target) {
  let error = null;
  try {
    await callTarget(services, target, { method: 'GET', path: '/health' });
  } catch (failure) {
    error = failure.message;
  }
  return {
    object: 'provisioning_target_health', target: target.id, name: target.name, base_url: target.base_url,
    healthy: error === null, error, checked_at: toInstant(services.clock.now()), accounts: await accountCounts(services.db, target.id),
  };
}

module.exports = { targetHealthSchema, findTargetByName, targetHealth };
