'use strict';

/// What each API key role may do. A route names one permission ("<area>:read|write"); a role
/// holds a permission only if it is listed here: anything not granted is denied.
const ROLE_PERMISSIONS = {
  admin: ['*'],
  billing: [
    'catalog:read', 'catalog:write',
    'customers:read', 'customers:write',
    'reports:read', 'reports:write',
    'subscriptions:read', 'subscriptions:write',
    'test_clocks:read', 'test_clocks:write',
    'portal_sessions:write', 'checkout:read', 'checkout:write',
    'events:read',
    'mail:read', 'mail:write',
    'webhooks:read',
    'usage:read', 'usage:write',
    'entitlements:read', 'entitlements:write', 'provisioning:read', 'orders:read',
    'payments:read', 'payments:write', 'reconciliation:read', 'reconciliation:write',
    'invoices:read', 'invoices:write', 'billing_runs:read', 'billing_runs:write', 'settings:read', 'settings:write',
    'workflows:read',
  ],
  support: [
    'catalog:read', 'customers:read', 'subscriptions:read', 'test_clocks:read', 'events:read',
    'reports:read',
    'mail:read', 'checkout:read',
    'webhooks:read',
    'usage:read',
    'entitlements:read', 'provisioning:read', 'orders:read',
    'payments:read', 'reconciliation:read',
    'invoices:read', 'billing_runs:read', 'settings:read',
    'workflows:read', 'privacy:read',
  ],
  // Provisioning reads no customer record: names, emails, addresses and tax ids are not its
  // business (SECURITY.md); the customer's id, its subscriptions and usage are enough.
  provisioning: [
    'catalog:read', 'subscriptions:read', 'usage:read',
    'entitlements:read', 'entitlements:write', 'provisioning:read', 'provisioning:write', 'orders:read', 'orders:write',
    'workflows:read',
  ],
  // Publishable keys (rcpk_) sit in web pages: checkout sessions only.
  publishable: ['checkout:read', 'checkout:write'],
};

/// The role of publishable keys, whose credentials start with rcpk_.
const PUBLISHABLE_ROLE = 'publishable';

const ROLES = Object.keys(ROLE_PERMISSIONS);

function roleAllows(role, permission) {
  const granted = ROLE_PERMISSIONS[role];
  if (!granted) return false;
  return granted.includes('*') || granted.includes(permission);
}

module.exports = { ROLE_PERMISSIONS, ROLES, PUBLISHABLE_ROLE, roleAllows };
