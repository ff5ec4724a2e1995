'use strict';
// Recomputes every stored invoice from its stored core request and compares the bytes, as
// POST /v1/invoices/:id/verify does for one: the check after a restore.
const { verifyInvoice } = require('../invoicing/lifecycle');

const PAGE_SIZE = 500;

/// Verifies every invoice (drafts included: each keeps its core request), `PAGE_SIZE` at a
/// time in id order. `progress({ verified, total })` hears each page. Returns
/// { verified, mismatches: [{ invoice, content_hash, recomputed_hash, error }] }.
async function verifyStoredInvoices(db, core, progress = () => {}) {
  const { total } = await db.selectFrom('invoices').select((eb) => eb.fn.countAll().as('total')).executeTakeFirstOrThrow();
  const mismatches = [];
  let verified = 0;
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('invoices').selectAll().where('id', '>', after).orderBy('id').limit(PAGE_SIZE).execute();
    for (const row of rows) {
      const result = verifyInvoice(core, row);
      if (!result.matches) mismatches.push({ invoice: row.id, content_hash: result.content_hash, recomputed_hash: result.recomputed_hash, error: result.error });
    }
    verified += rows.length;
    if (rows.length) progress({ verified, total: Number(total) });
    if (rows.length < PAGE_SIZE) return { verified, mismatches };
    after = rows[rows.length - 1].id;
  }
}

module.exports = { verifyStoredInvoices };
