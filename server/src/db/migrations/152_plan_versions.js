'use strict';
const { sql } = require('kysely');
// Plan versions and price migrations (catalog/plan-versions.js, subscriptions/price-migrations.js).
// Editing a plan's prices makes a new version: `plans.version` is the current one, and
// `plan_version_prices` keeps every version's prices (plan_prices stays the current version's).
// A subscription keeps the version it is on (`plan_version`) until a migration moves it; a
// migration (`plan_migrations`) records its selection, its progress and a cursor (the last
// subscription id it went through) so a job that runs again resumes instead of repeating.

async function up(db) {
  await db.schema.createTable('plan_version_prices')
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('price_id', 'text', (c) => c.notNull().references('prices.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_version_prices_pk', ['plan_id', 'version', 'price_id'])
    .execute();
  await db.schema.alterTable('plans').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('subscriptions').addColumn('plan_version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await sql`insert into plan_version_prices (plan_id, version, price_id, position) select plan_id, 1, price_id, position from plan_prices`.execute(db);
  await db.schema.createIndex('subscriptions_plan_id').on('subscriptions').columns(['plan_id', 'id']).execute();

  await db.schema.createTable('plan_migrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('to_version', 'integer', (c) => c.notNull())
    .addColumn('selection', 'text', (c) => c.notNull())
    .addColumn('effective', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('migrated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cursor', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('errors', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
}

module.exports = { up };
