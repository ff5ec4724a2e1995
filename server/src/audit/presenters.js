'use strict';
const { parseJson, bool } = require('../db/rows');

/// The API object of an entry.
function presentEntry(row) {
  return {
    id: row.id,
    object: 'audit_entry',
    created_at: row.created_at,
    actor: {
      kind: row.actor_kind,
      credential_prefix: row.credential_prefix,
      api_key: row.api_key_id,
      role: row.api_key_role ?? row.operator_role ?? null,
      operator: row.operator_id ?? null,
      operator_session: row.operator_session_id ?? null,
      portal_session: row.portal_session_id,
      portal_customer: row.portal_customer_id,
      sign_in_email: row.sign_in_email ?? null,
    },
    action: {
      method: row.method,
      route: row.route,
      path: row.path,
      operation_id: row.operation_id,
      body_fields: parseJson(row.body_fields),
      request_id: row.request_id,
    },
    target: { type: row.object_type, id: row.object_id, customer: row.customer_id },
    outcome: row.outcome,
    status: row.outcome === 'started' ? null : Number(row.status),
    error_code: row.error_code,
    replayed: bool(row.replayed),
    source: { ip: row.client_ip, user_agent: row.user_agent },
    before: parseJson(row.before_state),
    after: parseJson(row.after_state),
    personal_data_erased_at: row.personal_data_erased_at,
  };
}

module.exports = { presentEntry };
