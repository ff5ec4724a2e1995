'use strict';
const { sql, PostgresAdapter } = require('kysely');
// The audit log (audit/): one row per state-changing API request and per refused credential or
// permission. Append-only, enforced by the database: triggers refuse DELETE (and TRUNCATE on
// PostgreSQL) and every UPDATE but one: a privacy erasure (audit/erasure.js) may, once per
// entry, rewrite the personal values in its states, client address and user agent while it
// sets `personal_data_erased_at`; every other column stays as written.
// `before_state` and `after_state` are JSON text (the object before and after the change).

const REFUSAL = 'the audit log is append-only: its entries are never updated or deleted, only erased of personal data once';
/// The columns no UPDATE may change (an erasure rewrites only before_state, after_state,
/// client_ip and user_agent, as it sets personal_data_erased_at). A column added later joins
/// this list in its own migration, which recreates the triggers.
const IMMUTABLE = [
  'id', 'created_at', 'actor_kind', 'credential_prefix', 'api_key_id', 'api_key_role', 'portal_session_id',
  'portal_customer_id', 'method', 'route', 'path', 'operation_id', 'body_fields', 'object_type', 'object_id',
  'customer_id', 'status', 'outcome', 'error_code', 'replayed', 'request_id',
];

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
    .addColumn('personal_data_erased_at', 'text')
    .execute();
  for (const column of ['created_at', 'api_key_id', 'portal_session_id', 'object_id', 'customer_id', 'route', 'status']) {
    await db.schema.createIndex(`audit_log_${column}`).on('audit_log').column(column).execute();
  }
  // An entry's "before" is read from the object's latest earlier event (audit/changes.js).
  await db.schema.createIndex('events_object_id').on('events').column('object_id').execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const list = (row) => sql.raw(IMMUTABLE.map((column) => `${row}.${column}`).join(', '));
    await sql`create function audit_log_refuse_change() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' then
          if old.personal_data_erased_at is null and new.personal_data_erased_at is not null
            and (${list('new')}) is not distinct from (${list('old')}) then
            return new;
          end if;
        end if;
        raise exception ${sql.lit(REFUSAL)} using errcode = 'P0001';
      end
      $$`.execute(db);
    await sql`create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_refuse_change()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_refuse_change()`.execute(db);
  } else {
    const unchanged = sql.raw(IMMUTABLE.map((column) => `new.${column} is old.${column}`).join(' and '));
    await sql`create trigger audit_log_no_update before update on audit_log
      when not (old.personal_data_erased_at is null and new.personal_data_erased_at is not null and ${unchanged})
      begin select raise(abort, ${sql.lit(REFUSAL)}); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, ${sql.lit(REFUSAL)}); end`.execute(db);
  }
}

module.exports = { up };
