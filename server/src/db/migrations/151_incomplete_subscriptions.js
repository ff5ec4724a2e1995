'use strict';
// Incomplete subscriptions (subscriptions/activation.js): a subscription created for a
// checkout waits for its first invoice to be paid until `incomplete_expires_at` (indexed: the
// catch-up expires the overdue ones). A plan with `pay_later` starts such subscriptions active.

async function up(db) {
  await db.schema.alterTable('subscriptions').addColumn('incomplete_expires_at', 'text').execute();
  await db.schema.createIndex('subscriptions_incomplete_expires_at').on('subscriptions').column('incomplete_expires_at').execute();
  await db.schema.alterTable('plans').addColumn('pay_later', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

module.exports = { up };
