'use strict';
const { sql, PostgresAdapter } = require('kysely');
// Operator accounts of the admin dashboard (operators/): people who sign in with an email and a
// password (an argon2id hash, set when they accept their invitation), with an API key role.
// - `operators`: one row per person; `password_hash` is null until the invitation is accepted;
//   the invitation token is stored only as its SHA-256 hash.
// - `operator_sessions`: cookie sessions; the token is stored only as its SHA-256 hash.
// - `operator_login_failures`: wrong passwords by email and client address, for throttling.
// The audit log gains the operator (and session and role) of requests sent with a session; the
// append-only triggers of 910 are recreated with these columns among the immutable ones.

/// The audit log's columns no UPDATE may change, as of this migration.
const IMMUTABLE = [
  'id', 'created_at', 'actor_kind', 'credential_prefix', 'api_key_id', 'api_key_role', 'portal_session_id',
  'portal_customer_id', 'method', 'route', 'path', 'operation_id', 'body_fields', 'object_type', 'object_id',
  'customer_id', 'status', 'outcome', 'error_code', 'replayed', 'request_id',
  'operator_id', 'operator_session_id', 'operator_role',
];
const REFUSAL = 'the audit log is append-only: its entries are never updated or deleted, only erased of personal data once';

async function up(db) {
  await db.schema.createTable('operators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('invitation_hash', 'text')
    .addColumn('invitation_expires_at', 'text')
    .addColumn('invited_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .execute();
  await db.schema.createIndex('operators_invitation_hash').on('operators').column('invitation_hash').execute();

  await db.schema.createTable('operator_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('prefix', 'text', (c) => c.notNull().unique())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('client_ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('operator_sessions_operator_id').on('operator_sessions').column('operator_id').execute();

  await db.schema.createTable('operator_login_failures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('client_ip', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('operator_login_failures_email').on('operator_login_failures').columns(['email', 'created_at']).execute();
  await db.schema.createIndex('operator_login_failures_client_ip').on('operator_login_failures').columns(['client_ip', 'created_at']).execute();

  for (const column of ['operator_id', 'operator_session_id', 'operator_role']) {
    await db.schema.alterTable('audit_log').addColumn(column, 'text').execute();
  }
  await db.schema.createIndex('audit_log_operator_id').on('audit_log').column('operator_id').execute();

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
