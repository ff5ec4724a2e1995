'use strict';
// Fraud rules: the versions of the rule set (rules as data, thresholds, the review timeout
// policy, the IP-to-country table) and one decision per charge or tokenization evaluated: its
// facts' keys (for velocity), the score, the outcome, the rules that fired and, for a review,
// its state. Amounts are decimal strings from the core.

async function up(db) {
  await db.schema.createTable('fraud_rule_sets')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('review_threshold', 'integer', (c) => c.notNull())
    .addColumn('block_threshold', 'integer', (c) => c.notNull())
    .addColumn('review_timeout_hours', 'integer', (c) => c.notNull())
    .addColumn('review_timeout_action', 'text', (c) => c.notNull())
    .addColumn('ip_countries', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('fraud_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('payment_id', 'text')
    .addColumn('amount', 'text')
    .addColumn('currency', 'text')
    .addColumn('fingerprint', 'text')
    .addColumn('email', 'text')
    .addColumn('ip_address', 'text')
    .addColumn('billing_country', 'text')
    .addColumn('rule_set_version', 'integer')
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('fired', 'text', (c) => c.notNull())
    .addColumn('review_status', 'text')
    .addColumn('review_deadline', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fraud_decisions_created').on('fraud_decisions').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('fraud_decisions_customer').on('fraud_decisions').columns(['customer_id', 'created_at']).execute();
  await db.schema.createIndex('fraud_decisions_review').on('fraud_decisions').columns(['review_status', 'created_at']).execute();
}

module.exports = { up };
