'use strict';
// How to pay a send_invoice invoice (bank details, a reference to quote), as the seller words
// it: printed on invoice documents, frozen on each invoice at finalization with the seller's
// other details.

async function up(db) {
  await db.schema.alterTable('seller_settings').addColumn('payment_instructions', 'text').execute();
}

module.exports = { up };
