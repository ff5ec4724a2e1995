'use strict';
// Scheduled subscription changes (subscriptions/schedule.js): each subscription keeps its
// pending phases as JSON text, oldest first, and the instant of the first one in
// `next_change_at` (indexed) so the catch-up finds the subscriptions with a change due.
// A plan says when its downgrades take effect by default (`downgrade_timing`): at the end of
// the period (the default) or immediately, prorated.

async function up(db) {
  await db.schema.alterTable('subscriptions').addColumn('scheduled_changes', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('subscriptions').addColumn('next_change_at', 'text').execute();
  await db.schema.createIndex('subscriptions_next_change_at').on('subscriptions').column('next_change_at').execute();
  await db.schema.alterTable('plans').addColumn('downgrade_timing', 'text', (c) => c.notNull().defaultTo('period_end')).execute();
}

module.exports = { up };
