'use strict';
// Checkout sessions (checkout/): what a hosted checkout quotes from, pinned when the session is
// created. `pinned` is JSON text: the plan and add-on options with their quote items, the seller's
// tax settings and the coupon; amounts inside are decimal strings.

async function up(db) {
  await db.schema.createTable('checkout_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('pinned', 'text', (c) => c.notNull())
    .addColumn('success_url', 'text')
    .addColumn('quote_hash', 'text')
    .addColumn('first_invoice', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

module.exports = { up };
