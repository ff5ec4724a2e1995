'use strict';
// Prepaid credit grants (a wallet): amounts a customer may spend on its invoices, with a
// priority and an optional expiry, and each use of one by an invoice.

async function up(db) {
  await db.schema.createTable('credit_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('remaining', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('voided_at', 'text')
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('credit_grants_customer').on('credit_grants').columns(['customer_id', 'id']).execute();

  await db.schema.createTable('credit_grant_uses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grant_id', 'text', (c) => c.notNull().references('credit_grants.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('remaining', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('credit_grant_uses_once', ['grant_id', 'invoice_id'])
    .execute();
}

module.exports = { up };
