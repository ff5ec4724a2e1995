'use strict';
// Revenue analytics (revenue/): daily MRR snapshots. A snapshot is taken for one scope (the wall
// clock, "wall_clock", or one test clock's id) and one day, in each currency its customers'
// subscriptions use: one row per scope, day and currency with the totals and the movements the
// core classified since the scope's previous snapshot, and one row per customer whose MRR is
// positive or changed, with the core's subscription entries (what the next snapshot compares
// against). Amounts are decimal strings (text) from the core; `paying` is 1 when the customer's
// MRR is positive (former customers come back as reactivations).

async function up(db) {
  await db.schema.createTable('revenue_mrr_days')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('previous_day', 'text')
    .addColumn('previous_mrr', 'text', (c) => c.notNull())
    .addColumn('mrr', 'text', (c) => c.notNull())
    .addColumn('arr', 'text', (c) => c.notNull())
    .addColumn('net_change', 'text', (c) => c.notNull())
    .addColumn('net_arr_change', 'text', (c) => c.notNull())
    .addColumn('customers', 'integer', (c) => c.notNull())
    .addColumn('movements', 'text', (c) => c.notNull())
    .addColumn('arr_movements', 'text', (c) => c.notNull())
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('revenue_mrr_days_pk', ['scope', 'day', 'currency'])
    .execute();

  await db.schema.createTable('revenue_mrr_customers')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('previous_mrr', 'text', (c) => c.notNull())
    .addColumn('mrr', 'text', (c) => c.notNull())
    .addColumn('arr', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('movement', 'text', (c) => c.notNull())
    .addColumn('paying', 'integer', (c) => c.notNull())
    .addColumn('entries', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('revenue_mrr_customers_pk', ['scope', 'day', 'currency', 'customer_id'])
    .execute();
  await db.schema.createIndex('revenue_mrr_customers_paying').on('revenue_mrr_customers')
    .columns(['scope', 'currency', 'paying', 'customer_id']).execute();
}

module.exports = { up };
