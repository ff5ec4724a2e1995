'use strict';
// Invoice links (invoicing/invoice-links.js): each finalized invoice's unguessable hosted page
// link. The token is a credential ("rcin_<prefix>_<secret>"): the prefix in clear to find the
// row, the whole token as a SHA-256 hash to check it, and sealed (secret-box) so that mails sent
// later (reminders, dunning) can carry the link again.

async function up(db) {
  await db.schema.createTable('invoice_links')
    .addColumn('invoice_id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull().unique())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('token_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invoice_links_customer').on('invoice_links').column('customer_id').execute();
}

module.exports = { up };
