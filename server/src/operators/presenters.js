'use strict';
const { ROLE_PERMISSIONS } = require('../auth/roles');
const { presentOperator } = require('./operators');
const { csrfTokenOf } = require('./tokens');

/// What the dashboard learns of its session: the operator, the permissions of its role ("*"
/// for all) to show only the actions it may take, when the session ends, and the CSRF token to
/// send in X-CSRF-Token with every change.
function presentSession({ operator, session, token }) {
  return {
    object: 'operator_session',
    operator: presentOperator(operator),
    permissions: ROLE_PERMISSIONS[operator.role] || [],
    expires_at: session.expires_at,
    csrf_token: csrfTokenOf(token),
  };
}

module.exports = { presentSession };
