'use strict';
// The checkout's card step (checkout/payment.js): a session completed with a card places the
// order first (customer, incomplete subscription, first invoice), then charges that invoice.
// `payment_status` is null for a session completed without a card; `invoice_id` is the first
// invoice charged; `payment_id` the latest payment of it the buyer made.

async function up(db) {
  await db.schema.alterTable('checkout_sessions').addColumn('payment_status', 'text').execute();
  await db.schema.alterTable('checkout_sessions').addColumn('invoice_id', 'text').execute();
  await db.schema.alterTable('checkout_sessions').addColumn('payment_id', 'text').execute();
}

module.exports = { up };
