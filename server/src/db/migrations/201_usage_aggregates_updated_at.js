'use strict';
// Each server process reads the aggregates written since its last read, every poll interval
// (usage/open-usage-cache.js AggregateWatcher): by the time of their last write.

async function up(db) {
  await db.schema.createIndex('usage_aggregates_updated_at').on('usage_aggregates').column('updated_at').execute();
}

module.exports = { up };
