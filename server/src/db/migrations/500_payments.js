'use strict';
// Payments: cards and bank accounts on file (the vault's token and a description, never the
// number), payments, their gateway attempts (each with the idempotency key the gateway saw),
// refunds, disputes, the versions of the routing rules and the gateway webhooks already taken
// in. Amounts are decimal strings (text) from the core.

async function up(db) {
  await db.schema.createTable('payment_methods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('vault_token', 'text', (c) => c.notNull().unique())
    .addColumn('brand', 'text')
    .addColumn('last4', 'text', (c) => c.notNull())
    .addColumn('exp_month', 'integer')
    .addColumn('exp_year', 'integer')
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    // Bank accounts: the routing number, the gateway that verifies and debits the account,
    // the micro-deposit verification and the customer's mandate (JSON).
    .addColumn('routing_number', 'text')
    .addColumn('gateway', 'text')
    .addColumn('verification_status', 'text')
    .addColumn('verification_id', 'text')
    .addColumn('mandate', 'text')
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('detached_at', 'text')
    .execute();
  await db.schema.createIndex('payment_methods_customer_id').on('payment_methods').column('customer_id').execute();

  await db.schema.createTable('payment_routing_versions')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('default_gateways', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('payment_method_id', 'text', (c) => c.notNull().references('payment_methods.id'))
    .addColumn('invoice_id', 'text')
    .addColumn('description', 'text')
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('routing_version', 'integer')
    .addColumn('gateway', 'text')
    .addColumn('gateway_charge_id', 'text')
    .addColumn('failure_code', 'text')
    .addColumn('decline_code', 'text')
    .addColumn('next_action', 'text')
    .addColumn('amount_refunded', 'text', (c) => c.notNull())
    .addColumn('disputed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('request_key', 'text', (c) => c.unique())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payments_customer_id').on('payments').column('customer_id').execute();
  await db.schema.createIndex('payments_invoice_id').on('payments').column('invoice_id').execute();

  await db.schema.createTable('payment_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('gateway_charge_id', 'text')
    .addColumn('failure_code', 'text')
    .addColumn('decline_code', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('payment_attempts_payment_number', ['payment_id', 'number'])
    .execute();

  await db.schema.createTable('refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('credit_note_id', 'text')
    .addColumn('gateway_refund_id', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('failure_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('refunds_payment_id').on('refunds').column('payment_id').execute();

  await db.schema.createTable('disputes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
    .addColumn('gateway_dispute_id', 'text', (c) => c.notNull().unique())
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('gateway_webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
}

module.exports = { up };
