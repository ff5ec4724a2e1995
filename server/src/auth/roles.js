'use strict';

/// What each API key role may do. A route names one permission ("<area>:read|write"); a role
/// holds a permission only if it is listed here: anything not granted is denied.
const ROLE_PERMISSIONS = {
  admin: ['*'],
  billing: [
    'catalog:read', 'catalog:write',
    'customers:read', 'customers:write',
    'subscriptions:read', 'subscriptions:write',
    'test_clocks:read', 'test_clocks:write',
    'portal_sessions:write',
    'events:read',
  ],
  support: [
    'catalog:read', 'customers:read', 'subscriptions:read', 'test_clocks:read', 'events:read',
  ],
  provisioning: ['catalog:read', 'customers:read', 'subscriptions:read'],
};

const ROLES = Object.keys(ROLE_PERMISSIONS);

function roleAllows(role, permission) {
  const granted = ROLE_PERMISSIONS[role];
  if (!granted) return false;
  return granted.includes('*') || granted.includes(permission);
}

/// What a customer portal session may reach (route config `portal`): the public catalog, its own
/// customer record, and its own subscriptions (read, preview and apply changes, cancel).
const PORTAL_SCOPES = ['catalog', 'own_customer', 'own_subscription', 'own_subscriptions_list'];

module.exports = { ROLE_PERMISSIONS, ROLES, roleAllows, PORTAL_SCOPES };
