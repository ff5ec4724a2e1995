'use strict';
// The seller's logo as uploaded bytes (PNG or JPEG), kept by their SHA-256 so every invoice
// keeps the logo it was finalized with (its seller_details name the hash) and documents never
// fetch anything to render. seller_settings.logo_url, a link, is no longer used.

async function up(db) {
  await db.schema.createTable('seller_logos')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('content_base64', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('seller_settings').addColumn('logo_sha256', 'text').execute();
}

module.exports = { up };
