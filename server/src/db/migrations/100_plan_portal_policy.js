'use strict';
// Each plan's portal policy (catalog/portal-policy.js): what a customer may change through the
// customer portal. JSON text; '{}' is the default policy (the portal changes nothing).

async function up(db) {
  await db.schema.alterTable('plans').addColumn('portal', 'text', (c) => c.notNull().defaultTo('{}')).execute();
}

module.exports = { up };
