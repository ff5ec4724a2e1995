'use strict';
// Documents of finalized invoices and credit notes (HTML and PDF), rendered when first asked
// for and then kept: the bytes a customer was given are the bytes served again.

async function up(db) {
  await db.schema.createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('content_base64', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('documents_object_format', ['object_type', 'object_id', 'format'])
    .execute();
}

module.exports = { up };
