'use strict';
const { sql, PostgresAdapter } = require('kysely');
// The audit log (audit/): one row per state-changing API request and per refused credential or
// permission. Append-only, enforced by the database: triggers refuse UPDATE and DELETE (and
// TRUNCATE on PostgreSQL), so not even the server's own connection can rewrite history.
// `before_state` and `after_state` are JSON text (the object before and after the change).

const REFUSAL = 'the audit log is append-only: its entries are never updated or deleted';

async function up(db) {
  await db.schema.createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('credential_prefix', 'text')
    .addColumn('api_key_id', 'text')
    .addColumn('api_key_role', 'text')
    .addColumn('portal_session_id', 'text')
    .addColumn('portal_customer_id', 'text')
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('route', 'text')
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('operation_id', 'text')
    .addColumn('body_fields', 'text')
    .addColumn('object_type', 'text')
    .addColumn('object_id', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('replayed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('client_ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('before_state', 'text')
    .addColumn('after_state', 'text')
    .execute();
  for (const column of ['created_at', 'api_key_id', 'portal_session_id', 'object_id', 'customer_id', 'route', 'status']) {
    await db.schema.createIndex(`audit_log_${column}`).on('audit_log').column(column).execute();
  }
  // An entry's "before" is read from the object's latest earlier event (audit/changes.js).
  await db.schema.createIndex('events_object_id').on('events').column('object_id').execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function audit_log_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception ${sql.lit(REFUSAL)} using errcode = 'P0001';
      end
      $$`.execute(db);
    await sql`create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_refuse_change()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_refuse_change()`.execute(db);
  } else {
    for (const operation of ['update', 'delete']) {
      await sql`create trigger ${sql.raw(`audit_log_no_${operation}`)} before ${sql.raw(operation)} on audit_log
        begin select raise(abort, ${sql.lit(REFUSAL)}); end`.execute(db);
    }
  }
}

module.exports = { up };
