'use strict';
// A customer's invoice consolidation: 1 (the default) puts every subscription renewing at the
// same billing moment on one invoice; 0 gives each subscription its own invoice.

async function up(db) {
  await db.schema.alterTable('customers').addColumn('invoice_consolidation', 'integer', (c) => c.notNull().defaultTo(1)).execute();
}

module.exports = { up };
