'use strict';
// Recurring jobs are flagged, so a failing one keeps being retried instead of dying; indexes for
// the purge of finished jobs and old attempts.

async function up(db) {
  await db.schema.alterTable('jobs').addColumn('recurring', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // The recurring jobs scheduled before this migration have the fixed ids "job_recurring_...".
  await db.updateTable('jobs').set({ recurring: 1 }).where('id', 'like', 'job_recurring_%').execute();
  await db.schema.createIndex('jobs_finished').on('jobs').columns(['status', 'finished_at']).execute();
  await db.schema.createIndex('job_attempts_finished_at').on('job_attempts').column('finished_at').execute();
}

module.exports = { up };
