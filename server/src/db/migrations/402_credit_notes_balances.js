'use strict';
// Credit notes against finalized invoices (the core's request and result stored as computed,
// like invoices) and each customer's balance: a ledger of every credit and debit with its
// source. Amounts are decimal strings (text), as everywhere.

async function up(db) {
  await db.schema.createTable('credit_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('memo', 'text')
    // What was credited per invoice line: [{ line, amount, quantity }] (amount in the line's
    // own terms: its amount less its discounts, tax included when the line includes it).
    .addColumn('credited_lines', 'text', (c) => c.notNull())
    .addColumn('core_request', 'text', (c) => c.notNull())
    .addColumn('core_result', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('core_version', 'text', (c) => c.notNull())
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('refund_amount', 'text', (c) => c.notNull())
    .addColumn('credit_amount', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('credit_notes_invoice_id').on('credit_notes').column('invoice_id').execute();
  await db.schema.createIndex('credit_notes_customer_id').on('credit_notes').column('customer_id').execute();

  // One row per movement of a customer's balance (positive: owed to the customer). The unique
  // source keeps a movement from being recorded twice.
  await db.schema.createTable('customer_balance_transactions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('ending_balance', 'text', (c) => c.notNull())
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('customer_balance_transactions_source', ['source_type', 'source_id', 'type'])
    .execute();
  await db.schema.createIndex('customer_balance_transactions_customer').on('customer_balance_transactions').columns(['customer_id', 'id']).execute();
}

module.exports = { up };
