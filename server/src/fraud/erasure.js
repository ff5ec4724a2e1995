'use strict';
// The fraud domain's part of a privacy erasure (server/src/privacy/): decisions keep their
// outcome, score, amounts and rules, and lose the email and address they were made for.

/// The emails and IP addresses the customer's fraud decisions hold.
async function fraudPersonalValues(trx, customerId) {
  const rows = await trx.selectFrom('fraud_decisions').select(['email', 'ip_address']).where('customer_id', '=', customerId).execute();
  return rows.flatMap((row) => [row.email, row.ip_address]);
}

/// Clears the email and IP address of the customer's fraud decisions; returns how many.
async function eraseFraudDecisions(trx, { customerId }) {
  const result = await trx.updateTable('fraud_decisions').set({ email: null, ip_address: null }).where('customer_id', '=', customerId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

module.exports = { fraudPersonalValues, eraseFraudDecisions };
