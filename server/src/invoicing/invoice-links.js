'use strict';
// Each finalized invoice's hosted link, `<public URL>/invoice/<token>`: the token is the
// credential of that one invoice's page (auth/authenticate.js, routes declaring `invoiceLink`).
// It is an "rcin_" credential (auth/credentials.js: 200 random bits), kept as a prefix and a
// SHA-256 hash like API keys and portal sessions, and sealed (secrets/secret-box.js) so that the
// invoice email and later dunning emails can carry the same link.
const { toInstant } = require('../time');
const { KINDS, newCredential } = require('../auth/credentials');
const { sealSecret, openSecret } = require('../secrets/secret-box');
const { insertRow } = require('../db/held-inserts');

const sealContext = (invoiceId) => `invoice_link:${invoiceId}`;

/// Gives finalized invoice `row` its link (in the finalizing transaction `trx`); an invoice
/// that has one keeps it. Returns the token, or null for a customer whose personal data was
/// erased (privacy/: the erasure deleted the customer's links, and none is issued again).
/// `known.newInvoice`: the invoice was created in `trx` (it has no link yet); `known.customer`:
/// its customer's row as read in `trx`. Each saves a read.
async function issueInvoiceLink(trx, { config, clock }, row, known = {}) {
  const existing = known.newInvoice ? null : await trx.selectFrom('invoice_links').select('token_sealed').where('invoice_id', '=', row.id).executeTakeFirst();
  if (existing) return openSecret(config, existing.token_sealed, sealContext(row.id));
  const customer = known.customer && known.customer.id === row.customer_id ? known.customer
    : await trx.selectFrom('customers').select('erased_at').where('id', '=', row.customer_id).executeTakeFirst();
  if (customer && customer.erased_at) return null;
  const { prefix, secret, hash } = newCredential(KINDS.invoiceLink);
  await insertRow(trx, 'invoice_links', {
    invoice_id: row.id, customer_id: row.customer_id, prefix, token_hash: hash,
    token_sealed: sealSecret(config, secret, sealContext(row.id)), created_at: toInstant(clock.now()),
  });
  return secret;
}

/// The page's URL for a token.
const hostedInvoiceUrl = (config, token) => `${config.publicUrl}/invoice/${token}`;

/// The hosted page URL of invoice `row` (issuing its link if an invoice finalized before links
/// existed has none), or null for a draft and for an erased customer's invoice.
async function invoiceLinkUrl(trx, services, row) {
  if (!row.number) return null;
  const token = await issueInvoiceLink(trx, services, row);
  return token && hostedInvoiceUrl(services.config, token);
}

/// The hosted page URLs of the invoices `ids` that have a link: Map(id -> URL).
async function hostedInvoiceUrls(executor, config, ids) {
  if (!ids.length) return new Map();
  const rows = await executor.selectFrom('invoice_links').select(['invoice_id', 'token_sealed']).where('invoice_id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.invoice_id, hostedInvoiceUrl(config, openSecret(config, row.token_sealed, sealContext(row.invoice_id)))]));
}

module.exports = { issueInvoiceLink, invoiceLinkUrl, hostedInvoiceUrls };
