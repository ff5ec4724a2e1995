'use strict';
const { notFound } = require('../http/errors');

/// Appends an entry (a row built by entry.js) to the audit log, in `executor`'s transaction or
/// alone.
async function appendEntry(executor, row) {
  await executor.insertInto('audit_log').values(row).execute();
}

/// The list query of `GET /v1/audit_log`, narrowed by its filters (all optional): `api_key`,
/// `operator`, `portal_session`, `customer`, `object_id`, `route`, `operation_id`, `method`, `status`,
/// `outcome`, `sign_in_email`, and `from` (at or after) / `to` (before), canonical instants.
function auditEntriesQuery(db, filters) {
  const equal = {
    api_key: 'api_key_id', operator: 'operator_id', portal_session: 'portal_session_id', customer: 'customer_id', object_id: 'object_id',
    route: 'route', operation_id: 'operation_id', method: 'method', status: 'status', outcome: 'outcome', sign_in_email: 'sign_in_email',
  };
  let query = db.selectFrom('audit_log').selectAll();
  for (const [filter, column] of Object.entries(equal)) {
    if (filters[filter] !== undefined) query = query.where(column, '=', filters[filter]);
  }
  if (filters.from) query = query.where('created_at', '>=', filters.from);
  if (filters.to) query = query.where('created_at', '<', filters.to);
  return query;
}

/// One entry's row; NOT_FOUND when there is none.
async function findEntry(db, id) {
  const row = await db.selectFrom('audit_log').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('audit log entry', id);
  return row;
}

module.exports = { appendEntry, auditEntriesQuery, findEntry };
