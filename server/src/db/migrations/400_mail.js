'use strict';
// The mail outbox: every email a domain sends, rendered when it is queued (so the stored copy is
// exactly what was sent), its attachments (base64 text, portable), and one delivery row per
// attempt to hand it to SMTP or to the development mail log.

async function up(db) {
  await db.schema.createTable('mail_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('to_email', 'text')
    .addColumn('to_name', 'text')
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_messages_customer_id').on('mail_messages').column('customer_id').execute();
  await db.schema.createIndex('mail_messages_status').on('mail_messages').column('status').execute();

  await db.schema.createTable('mail_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('mail_messages.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content_base64', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_attachments_message_id').on('mail_attachments').column('message_id').execute();

  await db.schema.createTable('mail_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('mail_messages.id').onDelete('cascade'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('transport', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('response', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('mail_deliveries_message_id').on('mail_deliveries').column('message_id').execute();
}

module.exports = { up };
