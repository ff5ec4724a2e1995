'use strict';
// Invoicing: the seller's settings, the numbering series, invoices (the core's request and
// result stored as they were computed), what each subscription has been billed for (one row per
// subscription and billing moment: the unique key that keeps a period from being billed twice),
// each subscription's next billing moment, coupon periods used, and billing runs.
// Amounts are decimal strings (text), as everywhere.

async function up(db) {
  await db.schema.createTable('seller_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('legal_name', 'text')
    .addColumn('address', 'text')
    .addColumn('email', 'text')
    .addColumn('logo_url', 'text')
    .addColumn('tax_country', 'text')
    .addColumn('tax_region', 'text')
    .addColumn('tax_registrations', 'text')
    .addColumn('tax_ids', 'text', (c) => c.notNull())
    .addColumn('default_tax_category', 'text', (c) => c.notNull())
    .addColumn('default_tax_behavior', 'text', (c) => c.notNull())
    .addColumn('tax_rounding', 'text', (c) => c.notNull())
    .addColumn('default_collection_method', 'text', (c) => c.notNull())
    .addColumn('default_days_until_due', 'integer', (c) => c.notNull())
    .addColumn('draft_grace_hours', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('number_series')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('next_number', 'integer', (c) => c.notNull())
    .execute();

  await db.schema.createTable('invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.unique())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('billing_reason', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('collection_method', 'text', (c) => c.notNull())
    .addColumn('days_until_due', 'integer')
    .addColumn('billing_moment', 'text')
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .addColumn('one_off_lines', 'text', (c) => c.notNull())
    .addColumn('core_request', 'text', (c) => c.notNull())
    .addColumn('core_result', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('core_version', 'text', (c) => c.notNull())
    .addColumn('subtotal', 'text', (c) => c.notNull())
    .addColumn('discount_total', 'text', (c) => c.notNull())
    .addColumn('tax_total', 'text', (c) => c.notNull())
    .addColumn('total', 'text', (c) => c.notNull())
    .addColumn('amount_due', 'text', (c) => c.notNull())
    .addColumn('customer_details', 'text')
    .addColumn('seller_details', 'text')
    .addColumn('finalize_at', 'text')
    .addColumn('finalized_at', 'text')
    .addColumn('due_at', 'text')
    .addColumn('overdue_at', 'text')
    .addColumn('paid_at', 'text')
    .addColumn('paid_out_of_band', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('payment_reference', 'text')
    .addColumn('voided_at', 'text')
    .addColumn('marked_uncollectible_at', 'text')
    .addColumn('billing_run_id', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invoices_customer_id').on('invoices').column('customer_id').execute();
  await db.schema.createIndex('invoices_status_due_at').on('invoices').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('invoices_status_finalize_at').on('invoices').columns(['status', 'finalize_at']).execute();

  // One row per subscription and billing moment it was billed at: the primary key is what
  // makes a second billing of the same moment fail instead of invoicing twice.
  await db.schema.createTable('subscription_billings')
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id'))
    .addColumn('moment', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .addColumn('arrears_start', 'text')
    .addColumn('arrears_end', 'text')
    .addColumn('invoice_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscription_billings_pk', ['subscription_id', 'moment'])
    .execute();

  // Each subscription's next billing moment (null once its last invoice is issued).
  await db.schema.createTable('billing_schedules')
    .addColumn('subscription_id', 'text', (c) => c.primaryKey().references('subscriptions.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('next_billing_at', 'text')
    .addColumn('coupon_periods_applied', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('billing_schedules_next').on('billing_schedules').columns(['next_billing_at', 'customer_id']).execute();
  await db.schema.createIndex('billing_schedules_customer').on('billing_schedules').column('customer_id').execute();

  await db.schema.createTable('billing_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('until', 'text', (c) => c.notNull())
    .addColumn('invoices', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('subscriptions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failures', 'text', (c) => c.notNull())
    .addColumn('totals', 'text', (c) => c.notNull())
    .addColumn('planned_at', 'text')
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // A run's batches of customers, each billed by its own job (any process may claim it).
  await db.schema.createTable('billing_run_batches')
    .addColumn('run_id', 'text', (c) => c.notNull().references('billing_runs.id'))
    .addColumn('first_customer', 'text', (c) => c.notNull())
    .addColumn('customers', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('failures', 'text')
    .addPrimaryKeyConstraint('billing_run_batches_pk', ['run_id', 'first_customer'])
    .execute();
}

module.exports = { up };
