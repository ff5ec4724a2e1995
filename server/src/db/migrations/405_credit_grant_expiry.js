'use strict';
// A credit grant's expiry as a movement of the grant: when its expires_at passes (by its
// customer's clock) a job takes what remains to zero and records it here, with the instant.

async function up(db) {
  await db.schema.alterTable('credit_grants').addColumn('expired_amount', 'text').execute();
  await db.schema.alterTable('credit_grants').addColumn('expired_at', 'text').execute();
  // The expiry job's search: grants not expired yet, by expiry.
  await db.schema.createIndex('credit_grants_expiry').on('credit_grants').columns(['expired_at', 'expires_at']).execute();
}

module.exports = { up };
