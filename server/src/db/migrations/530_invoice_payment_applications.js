'use strict';
// Money applied to invoices: each payment (or money received outside Ratecard) applied to an
// invoice is one row, unique per source and invoice, so applying it again changes nothing. An
// invoice keeps what has been paid and what remains (decimal strings; null until money is
// first applied, when amount_due is what remains).

async function up(db) {
  await db.schema.alterTable('invoices').addColumn('amount_paid', 'text').execute();
  await db.schema.alterTable('invoices').addColumn('amount_remaining', 'text').execute();
  await db.schema.createTable('invoice_payment_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('invoice_payment_applications_once', ['invoice_id', 'source_type', 'source_id'])
    .execute();
  await db.schema.createIndex('invoice_payment_applications_source').on('invoice_payment_applications').columns(['source_type', 'source_id']).execute();
}

module.exports = { up };
