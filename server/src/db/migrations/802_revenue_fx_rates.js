'use strict';
// Revenue analytics: exchange rates for reporting in one currency (revenue/fx-rates.js), entered
// through the API or imported as CSV, never fetched. A rate is the units of `reporting_currency`
// per 1 unit of `currency` (decimal string), in force from `effective_date` (a UTC day) until
// the next one.

async function up(db) {
  await db.schema.createTable('revenue_fx_rates')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reporting_currency', 'text', (c) => c.notNull())
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('rate', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('revenue_fx_rates_pk', ['reporting_currency', 'currency', 'effective_date'])
    .execute();
}

module.exports = { up };
