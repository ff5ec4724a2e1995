'use strict';
// Revenue analytics: churn split into voluntary and involuntary (revenue/churn-reasons.js).
// Each churned customer's row says which (`churn_reason`), and each snapshot day keeps both
// amounts (decimal strings from the core's `mrr` op) and customer counts. Days snapshotted
// before this migration have nulls: their churn was not split.

async function up(db) {
  await db.schema.alterTable('revenue_mrr_customers').addColumn('churn_reason', 'text').execute();
  await db.schema.alterTable('revenue_mrr_days').addColumn('churn_split', 'text').execute();
}

module.exports = { up };
