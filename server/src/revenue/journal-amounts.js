'use strict';
// The amounts the journal books for an invoice and a credit note: the documents' own totals, or
// with a plan filter the part of them on the plan's lines (plan-lines.js), every amount a core
// sum or the core's allocation.
const { computeInvoice, sumAmounts, negateAmount, isZeroAmount } = require('../invoicing/core-invoice');

/// An invoice's { total, net, tax } (signed, as the core gave them), over its kept lines when
/// `planned`; null when no line is kept.
function invoiceAmounts(core, invoice, keepLine, planned) {
  const result = JSON.parse(invoice.core_result);
  if (!planned) return { total: result.total, net: result.total_excluding_tax, tax: result.tax_total };
  const lines = result.lines.filter((line) => keepLine(invoice, line));
  if (!lines.length) return null;
  const net = sumAmounts(core, invoice.currency, lines.map((line) => line.taxable_amount));
  const tax = sumAmounts(core, invoice.currency, lines.map((line) => line.tax_amount));
  return { total: sumAmounts(core, invoice.currency, [net, tax]), net, tax };
}

/// A credit note's { net, tax, refund, balance } (positive: what it takes back and where it goes),
/// over the credits (credit-note-credits.js) of kept invoice lines when `planned`: the plan's
/// part of the refund and of the balance credit is the core's proportional allocation of its
/// gross over the two (largest remainder, adding up exactly). Null when no credit is kept.
function noteAmounts(core, note, credits, planned) {
  const result = JSON.parse(note.core_result);
  if (!planned) {
    return { net: negateAmount(result.total_excluding_tax), tax: negateAmount(result.tax_total), refund: note.refund_amount, balance: note.credit_amount };
  }
  if (!credits.length) return null;
  const net = sumAmounts(core, note.currency, credits.map((credit) => credit.net));
  const tax = sumAmounts(core, note.currency, credits.map((credit) => credit.tax));
  const gross = sumAmounts(core, note.currency, [net, tax]);
  const [refund, balance] = isZeroAmount(gross) ? [gross, gross] : allocate(core, note.currency, [note.refund_amount, note.credit_amount], gross);
  return { net, tax, refund, balance };
}

// `amount` spread over `parts` in proportion, by the core: an invoice of the parts with the
// amount as an amount-off coupon, each line's discount its share.
function allocate(core, currency, parts, amount) {
  const { result } = computeInvoice(core, {
    op: 'invoice', customer: { currency }, period: { start: '2020-01-01T00:00:00Z', end: '2020-01-02T00:00:00Z' },
    subscriptions: [], prorations: parts.map((part) => ({ amount: part })), coupons: [{ id: 'share', amount_off: amount, currency }],
  });
  return result.lines.map((line) => line.discount_amount);
}

/// What is left of an invoice's amounts after its credit notes' (core sums).
function leftAfterNotes(core, currency, amounts, notes) {
  if (!notes.length) return amounts;
  const less = (own, field) => sumAmounts(core, currency, [own, ...notes.map((note) => negateAmount(note[field]))]);
  const gross = notes.map((note) => ({ gross: sumAmounts(core, currency, [note.net, note.tax]) }));
  return {
    total: sumAmounts(core, currency, [amounts.total, ...gross.map((note) => negateAmount(note.gross))]),
    net: less(amounts.net, 'net'), tax: less(amounts.tax, 'tax'),
  };
}

module.exports = { invoiceAmounts, noteAmounts, leftAfterNotes };
