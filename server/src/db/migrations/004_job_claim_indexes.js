'use strict';
// Indexes in the order each claim walks (jobs/queue.js claimJobs): due queued jobs by run_at,
// expired running claims by locked_until, both with the id that breaks ties, so a claim reads
// the first entries instead of sorting every claimable job. They replace jobs_claimable.

async function up(db) {
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at', 'id']).execute();
  await db.schema.createIndex('jobs_expired_claims').on('jobs').columns(['status', 'locked_until', 'id']).execute();
  await db.schema.dropIndex('jobs_claimable').execute();
}

module.exports = { up };
