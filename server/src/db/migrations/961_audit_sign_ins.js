'use strict';
const { sql, PostgresAdapter } = require('kysely');
// The dashboard's sign-ins join the audit log (operators/auth-audit.js): `sign_in_email` is
// the email a sign-in named (`POST /auth/session`), whatever its outcome, so refusals for an
// email without an account are found too. The append-only triggers are recreated with it among
// the immutable columns.

/// The audit log's columns no UPDATE may change, as of this migration.
const IMMUTABLE = [
  'id', 'created_at', 'actor_kind', 'credential_prefix', 'api_key_id', 'api_key_role', 'portal_session_id',
  'portal_customer_id', 'method', 'route', 'path', 'operation_id', 'body_fields', 'object_type', 'object_id',
  'customer_id', 'status', 'outcome', 'error_code', 'replayed', 'request_id',
  'operator_id', 'operator_session_id', 'operator_role', 'sign_in_email',
];
const REFUSAL = 'the audit log is append-only: its entries are never updated or deleted, only erased of personal data once';

async function up(db) {
  await db.schema.alterTable('audit_log').addColumn('sign_in_email', 'text').execute();
  await db.schema.createIndex('audit_log_sign_in_email').on('audit_log').column('sign_in_email').execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const list = (row) => sql.raw(IMMUTABLE.map((column) => `${row}.${column}`).join(', '));
    await sql`create or replace function audit_log_refuse_change() returns trigger language plpgsql as $$
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
  } else {
    const unchanged = sql.raw(IMMUTABLE.map((column) => `new.${column} is old.${column}`).join(' and '));
    await sql`drop trigger audit_log_no_update`.execute(db);
    await sql`create trigger audit_log_no_update before update on audit_log
      when not (old.personal_data_erased_at is null and new.personal_data_erased_at is not null and ${unchanged})
      begin select raise(abort, ${sql.lit(REFUSAL)}); end`.execute(db);
  }
}

module.exports = { up };
