'use strict';
// Billing thresholds (progressive billing): a subscription's thresholds (JSON text, null when it
// has none), and one row per invoice issued early for a period. (subscription, period start,
// sequence) is the unique key that keeps two workers, or a crash and a restart, from issuing
// the same threshold invoice twice.
const { sql } = require('kysely');

async function up(db) {
  await db.schema.alterTable('subscriptions').addColumn('billing_thresholds', 'text').execute();
  await sql`create index subscriptions_with_thresholds on subscriptions (id) where billing_thresholds is not null`.execute(db);
  await db.schema.createTable('threshold_billings')
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id'))
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('invoice_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('threshold_billings_pk', ['subscription_id', 'period_start', 'sequence'])
    .execute();
}

module.exports = { up };
