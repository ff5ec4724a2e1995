'use strict';
// The auth domain's part of a privacy erasure (server/src/privacy/): the customer's portal
// sessions stop working at once.
const { revokeCustomerSessions } = require('./portal-sessions');

/// Revokes the customer's portal sessions not yet revoked; returns how many.
async function revokeCustomerPortalSessions(trx, { customerId, now }) {
  return revokeCustomerSessions(trx, customerId, now);
}

module.exports = { revokeCustomerPortalSessions };
