'use strict';
// The audit log's part of a privacy erasure (the customer erasure of the reliability and
// security issue): the customer's entries keep who did what, when, to which object and how it
// ended; the personal values in their before and after states are erased, and so are the
// client address and user agent of the customer's own portal requests. This is the one change
// the database lets an entry undergo, and only once (migration 910).

/// Erases the personal data of the audit entries about customer `customerId` (its target, its
/// objects, its portal sessions' requests), in the erasure's transaction `trx`. `redactor`
/// replaces the customer's personal values: { text(string), jsonText(JSON text or null) }.
/// Returns how many entries it marked erased.
async function eraseAuditEntries(trx, { customerId, redactor, now }) {
  const rows = await trx.selectFrom('audit_log').select(['id', 'portal_customer_id', 'client_ip', 'user_agent', 'before_state', 'after_state'])
    .where((eb) => eb.or([eb('customer_id', '=', customerId), eb('object_id', '=', customerId), eb('portal_customer_id', '=', customerId)]))
    .where('personal_data_erased_at', 'is', null)
    .execute();
  for (const row of rows) {
    const ownRequest = row.portal_customer_id === customerId;
    await trx.updateTable('audit_log').set({
      before_state: redactor.jsonText(row.before_state),
      after_state: redactor.jsonText(row.after_state),
      client_ip: ownRequest ? null : redactor.text(row.client_ip),
      user_agent: ownRequest ? null : redactor.text(row.user_agent),
      personal_data_erased_at: now,
    }).where('id', '=', row.id).execute();
  }
  return rows.length;
}

module.exports = { eraseAuditEntries };
