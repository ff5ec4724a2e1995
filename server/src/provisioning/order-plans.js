'use strict';
const { addMilliseconds } = require('../time');

// What each type of order does: its steps, in order, each naming the steps it depends on.
// A step runs when all of its dependencies have completed (steps without a dependency
// between them may run side by side); `waitDays` makes a step wait until that many days
// after the order was placed, by the customer's clock (deprovisioning's grace period and
// data retention). The steps themselves are in order-steps.js.

const DAY_MS = 24 * 60 * 60 * 1000;
const ORDER_TYPES = ['activate', 'change', 'add_seats', 'suspend', 'restore', 'deprovision', 'refresh'];

const PLANS = {
  activate: () => [
    { name: 'create_account', dependsOn: [] },
    { name: 'create_workspace', dependsOn: ['create_account'] },
    { name: 'add_users', dependsOn: ['create_workspace'] },
    { name: 'assign_seats', dependsOn: ['add_users'] },
    { name: 'issue_access_key', dependsOn: ['create_workspace'] },
    { name: 'send_welcome', dependsOn: ['assign_seats', 'issue_access_key'] },
  ],
  change: () => [
    { name: 'apply_change', dependsOn: [] },
    { name: 'refresh_entitlements', dependsOn: ['apply_change'] },
  ],
  add_seats: () => [
    { name: 'raise_quantity', dependsOn: [] },
    { name: 'add_users', dependsOn: ['raise_quantity'] },
    { name: 'assign_seats', dependsOn: ['add_users'] },
    { name: 'refresh_entitlements', dependsOn: ['assign_seats'] },
  ],
  suspend: () => [{ name: 'suspend_access', dependsOn: [] }],
  restore: () => [{ name: 'restore_access', dependsOn: [] }],
  // The service refetches the customer's terms (billing changed them): nothing else changes.
  refresh: () => [{ name: 'refresh_entitlements', dependsOn: [] }],
  deprovision: ({ grace_days: graceDays, retention_days: retentionDays }) => [
    { name: 'suspend_access', dependsOn: [] },
    { name: 'archive_workspace', dependsOn: ['suspend_access'], waitDays: graceDays },
    { name: 'purge_data', dependsOn: ['archive_workspace'], waitDays: graceDays + retentionDays },
  ],
};

/// The step rows of a new order of `type` with `params`, placed at `placedAt` (the customer's
/// time): [{ position, name, depends_on, not_before }].
function planSteps(type, params, placedAt) {
  return PLANS[type](params).map((step, position) => ({
    position,
    name: step.name,
    depends_on: JSON.stringify(step.dependsOn),
    not_before: step.waitDays ? addMilliseconds(placedAt, step.waitDays * DAY_MS) : null,
  }));
}

module.exports = { ORDER_TYPES, planSteps };
