'use strict';
// Reconciliation: money received outside Ratecard's own charges (recorded through the API or
// read from an imported gateway settlement or bank statement), matched to invoices. Amounts are
// decimal strings from the core. An imported line is stored once per source and line id.

async function up(db) {
  await db.schema.createTable('reconciliation_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('line_count', 'integer', (c) => c.notNull())
    .addColumn('duplicate_count', 'integer', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('received_payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('import_id', 'text', (c) => c.references('reconciliation_imports.id'))
    .addColumn('line_number', 'integer')
    .addColumn('external_id', 'text')
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('fee', 'text')
    .addColumn('net', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('amount_applied', 'text', (c) => c.notNull())
    .addColumn('amount_unapplied', 'text', (c) => c.notNull())
    .addColumn('matched_by', 'text')
    .addColumn('payment_id', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('received_payments_line_once', ['origin', 'source', 'external_id'])
    .execute();
  await db.schema.createIndex('received_payments_status').on('received_payments').column('status').execute();
  await db.schema.createIndex('received_payments_import').on('received_payments').column('import_id').execute();
  await db.schema.createIndex('received_payments_customer').on('received_payments').column('customer_id').execute();
}

module.exports = { up };
