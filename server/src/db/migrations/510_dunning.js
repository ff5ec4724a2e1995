'use strict';
// Dunning: each plan's dunning policy (retry schedules in days, what happens when they run
// out) and one dunning case per invoice whose automatic charge failed: how many automatic
// attempts were made, when the next one is due, when the final action is due (instants by the
// customer's clock).

async function up(db) {
  await db.schema.createTable('dunning_policies')
    .addColumn('plan_id', 'text', (c) => c.primaryKey().references('plans.id'))
    .addColumn('retry_days', 'text', (c) => c.notNull())
    .addColumn('bank_retry_days', 'text', (c) => c.notNull())
    .addColumn('final_action', 'text', (c) => c.notNull())
    .addColumn('update_payment_method_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('dunning_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invoice_id', 'text', (c) => c.notNull().unique().references('invoices.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('plan_id', 'text')
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempt_count', 'integer', (c) => c.notNull())
    .addColumn('retry_class', 'text', (c) => c.notNull())
    .addColumn('last_payment_id', 'text')
    .addColumn('last_failure_code', 'text')
    .addColumn('last_decline_code', 'text')
    .addColumn('first_failed_at', 'text', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text')
    .addColumn('queued_attempt', 'integer')
    .addColumn('final_action_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dunning_cases_status').on('dunning_cases').columns(['status', 'customer_id']).execute();
}

module.exports = { up };
