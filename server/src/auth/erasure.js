'use strict';
// The auth domain's part of a privacy erasure (server/src/privacy/): the customer's portal
// sessions stop working at once.

/// Revokes the customer's portal sessions not yet revoked; returns how many.
async function revokeCustomerPortalSessions(trx, { customerId, now }) {
  const result = await trx.updateTable('portal_sessions').set({ revoked_at: now })
    .where('customer_id', '=', customerId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

module.exports = { revokeCustomerPortalSessions };
