'use strict';
// Provisioning and entitlements: entitlement terms of plans and add-ons (versioned), a
// customer's overrides and grants, the signing keys of entitlement snapshots, provisioned
// accounts with users, seats and access keys, the services Ratecard provisions (targets), and
// orders with their steps. Text and integer columns only; quantities are decimal strings.

async function up(db) {
  // The entitlement cache of every server process reads new events by time (outbox/
  // event-watcher.js).
  await db.schema.createIndex('events_created_at').on('events').column('created_at').execute();

  // One row per version of a plan's or an add-on's entitlement terms; the highest version is
  // in force. `terms` is JSON: { features: [core features], seats, payment, requires_plans }.
  await db.schema.createTable('entitlement_terms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('terms', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('entitlement_terms_owner_version', ['owner_type', 'owner_id', 'version'])
    .execute();

  await db.schema.createTable('entitlement_overrides')
    .addColumn('customer_id', 'text', (c) => c.primaryKey().references('customers.id'))
    .addColumn('overrides', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('entitlement_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('feature', 'text', (c) => c.notNull())
    .addColumn('amount', 'text')
    .addColumn('priority', 'integer')
    .addColumn('effective_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('recurring', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rollover', 'text')
    .addColumn('reason', 'text')
    .addColumn('voided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('entitlement_grants_customer_id').on('entitlement_grants').column('customer_id').execute();

  await db.schema.createTable('signing_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('provisioning_targets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('base_url', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('provisioned_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().unique().references('customers.id'))
    .addColumn('target_id', 'text', (c) => c.notNull().references('provisioning_targets.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('workspace_created_at', 'text')
    .addColumn('suspended_at', 'text')
    .addColumn('deprovisioned_at', 'text')
    .addColumn('data_retained_until', 'text')
    .addColumn('data_purged_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('account_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('provisioned_accounts.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('account_users_account_email', ['account_id', 'email'])
    .execute();

  // A seat held by a user while unassigned_at is null; the order of assignment is the core's.
  await db.schema.createTable('seat_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('provisioned_accounts.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('account_users.id'))
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('unassigned_at', 'text')
    .execute();
  await db.schema.createIndex('seat_assignments_account_id').on('seat_assignments').column('account_id').execute();

  await db.schema.createTable('access_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('provisioned_accounts.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull().unique())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('quotas', 'text', (c) => c.notNull())
    .addColumn('rotated_from', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('access_keys_customer_id').on('access_keys').column('customer_id').execute();

  await db.schema.createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('blocked_reason', 'text')
    .addColumn('failure', 'text')
    .addColumn('sealed_secrets', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('orders_customer_id').on('orders').column('customer_id').execute();

  await db.schema.createTable('order_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('depends_on', 'text', (c) => c.notNull())
    .addColumn('not_before', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('output', 'text')
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('compensated_at', 'text')
    .addUniqueConstraint('order_steps_order_name', ['order_id', 'name'])
    .execute();
}

module.exports = { up };
