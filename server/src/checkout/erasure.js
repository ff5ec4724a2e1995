'use strict';
// The checkout domain's part of a privacy erasure (server/src/privacy/): a completed session
// kept the first invoice's core request, with the customer's billing details in it. The
// invoice itself keeps its frozen copy; the session keeps only the invoice's content hash.

/// Drops the first-invoice request of the customer's checkout sessions and erases personal
/// values from what they pinned. Returns how many sessions were scrubbed.
async function eraseCheckoutSessions(trx, { customerId, redactor }) {
  const rows = await trx.selectFrom('checkout_sessions').select(['id', 'pinned', 'first_invoice']).where('customer_id', '=', customerId).execute();
  for (const row of rows) {
    const first = row.first_invoice ? JSON.parse(row.first_invoice) : null;
    await trx.updateTable('checkout_sessions').set({
      pinned: redactor.jsonText(row.pinned),
      first_invoice: first ? JSON.stringify({ invoice_request: null, content_hash: first.content_hash ?? null }) : null,
    }).where('id', '=', row.id).execute();
  }
  return rows.length;
}

module.exports = { eraseCheckoutSessions };
