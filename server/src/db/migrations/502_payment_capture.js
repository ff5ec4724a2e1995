'use strict';
// Authorize now, capture later (docs/server.md, "Authorize and capture"): how a payment is
// captured, what was authorized, why it was canceled, and its captures and voids, each
// committed with its idempotency key before the gateway hears of it.

async function up(db) {
  await db.schema.alterTable('payments').addColumn('capture_method', 'text', (c) => c.notNull().defaultTo('automatic')).execute();
  await db.schema.alterTable('payments').addColumn('amount_authorized', 'text').execute();
  await db.schema.alterTable('payments').addColumn('cancellation_reason', 'text').execute();

  await db.schema.createTable('payment_operations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount', 'text')
    .addColumn('reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('failure_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_operations_payment_id').on('payment_operations').column('payment_id').execute();
}

module.exports = { up };
