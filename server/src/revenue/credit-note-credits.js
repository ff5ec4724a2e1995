'use strict';
const { sumAmounts, negateAmount } = require('../invoicing/core-invoice');
const { WALL_CLOCK } = require('./scopes');

/// The credit notes of a scope's customers, in creation order (their ids: the order the credit
/// notes domain restates earlier credits of a line in, credit-notes/compute.js).
async function creditNotesOfScope(executor, scope, currency = null) {
  let query = executor.selectFrom('credit_notes').innerJoin('customers', 'customers.id', 'credit_notes.customer_id')
    .select(['credit_notes.id', 'credit_notes.invoice_id', 'credit_notes.currency', 'credit_notes.credited_lines',
      'credit_notes.core_result', 'credit_notes.amount', 'credit_notes.refund_amount', 'credit_notes.credit_amount',
      'credit_notes.created_at'])
    .orderBy('credit_notes.id');
  query = scope === WALL_CLOCK ? query.where('customers.test_clock_id', 'is', null) : query.where('customers.test_clock_id', '=', scope);
  if (currency) query = query.where('credit_notes.currency', '=', currency);
  return query.execute();
}

/// What each credit note credits per invoice line: [{ note, invoiceId, line (the invoice line's
/// index), net, tax }], `net` the core's sum of the note's `taxable_amount`s for that line,
/// negated (the credit net of tax), `tax` that of its `tax_amount`s. The note's core lines follow its credited lines in order: one credit line, or
/// two when the line was credited by an earlier note (a restated charge, then the credit).
function creditNoteCredits(core, notes) {
  const creditedBefore = new Map(); // invoice id → Set of line indexes credited by earlier notes
  const credits = [];
  for (const note of notes) {
    if (!creditedBefore.has(note.invoice_id)) creditedBefore.set(note.invoice_id, new Set());
    const seen = creditedBefore.get(note.invoice_id);
    const coreLines = JSON.parse(note.core_result).lines;
    let next = 0;
    for (const credited of JSON.parse(note.credited_lines)) {
      const count = seen.has(credited.line) ? 2 : 1;
      const own = coreLines.slice(next, next + count);
      next += count;
      seen.add(credited.line);
      const credit = (field) => negateAmount(sumAmounts(core, note.currency, own.map((line) => line[field])));
      credits.push({ note, invoiceId: note.invoice_id, line: credited.line, net: credit('taxable_amount'), tax: credit('tax_amount') });
    }
  }
  return credits;
}

module.exports = { creditNotesOfScope, creditNoteCredits };
