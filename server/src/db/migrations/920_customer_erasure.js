'use strict';
// Privacy: when a customer's personal data was erased (POST /v1/customers/:id/erase). Null
// while the customer has not been erased.

async function up(db) {
  await db.schema.alterTable('customers').addColumn('erased_at', 'text').execute();
}

module.exports = { up };
