'use strict';
// A checkout paid by US bank account (checkout/bank-account.js): the session completes with its
// order placed and the account on file awaiting its micro-deposits. `payment_method_id` is that
// account; the first invoice is debited once it is verified.

async function up(db) {
  await db.schema.alterTable('checkout_sessions').addColumn('payment_method_id', 'text').execute();
}

module.exports = { up };
