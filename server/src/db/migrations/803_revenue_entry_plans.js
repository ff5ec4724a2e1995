'use strict';
// Revenue analytics: the plan each snapshotted subscription entry was on (JSON text, entry id →
// plan id) beside the customer's entries, so MRR reports can be filtered by plan. Rows from
// before this migration have null: they match no plan.

async function up(db) {
  await db.schema.alterTable('revenue_mrr_customers').addColumn('plans', 'text').execute();
}

module.exports = { up };
