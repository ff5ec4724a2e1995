'use strict';
// The invoicing domain's part of a privacy erasure (server/src/privacy/): the invoices stay (the
// law keeps issued invoices), but their hosted page links are deleted, so a link in an old email
// opens nothing (404, like a link never issued).

/// Deletes the customer's invoice links; returns how many.
async function deleteInvoiceLinks(trx, { customerId }) {
  const result = await trx.deleteFrom('invoice_links').where('customer_id', '=', customerId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

module.exports = { deleteInvoiceLinks };
