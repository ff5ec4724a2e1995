'use strict';
const { ApiError } = require('../http/errors');
const { findOperator } = require('./operators');

/// The role that administers operators: an installation always keeps one active operator with it.
const ADMIN_ROLE = 'admin';

/// Changes an operator's role. The role is read from the operator's row at every request, so
/// its live sessions act with the new role at once. Refuses (409 LAST_ADMIN at /role) taking the
/// admin role from the last active admin (accepted, not disabled), and (409 INVALID_STATE) a
/// disabled operator. On PostgreSQL the admins' rows are locked first, so two admins demoting
/// each other at the same moment cannot both succeed (SQLite writes one transaction at a time).
/// Returns the changed row.
async function changeOperatorRole(trx, id, role, { dialect }) {
  let admins = trx.selectFrom('operators').select('id')
    .where('role', '=', ADMIN_ROLE).where('disabled_at', 'is', null).where('accepted_at', 'is not', null).orderBy('id');
  if (dialect === 'postgres') admins = admins.forUpdate();
  const activeAdmins = await admins.execute();
  const operator = await findOperator(trx, id);
  if (operator.disabled_at) throw new ApiError('INVALID_STATE', 'the operator is disabled');
  if (operator.role === role) return operator;
  const otherAdmins = activeAdmins.filter((admin) => admin.id !== operator.id);
  if (operator.role === ADMIN_ROLE && operator.accepted_at && otherAdmins.length === 0) {
    throw new ApiError('LAST_ADMIN', 'this is the last active admin: make another operator admin first', '/role');
  }
  await trx.updateTable('operators').set({ role }).where('id', '=', id).execute();
  return { ...operator, role };
}

module.exports = { changeOperatorRole };
