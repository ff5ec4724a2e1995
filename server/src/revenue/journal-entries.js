'use strict';
const { addMilliseconds } = require('../time');
const { coreInstant } = require('../subscriptions/calendar');
const { sumAmounts } = require('../invoicing/core-invoice');
const { finalizedInvoicesOfScope } = require('./recognition-lines');
const { creditNotesOfScope } = require('./credit-note-credits');
const { recognizeRevenue } = require('./recognize-revenue');

/// The accounts the journal posts to.
const ACCOUNTS = {
  receivable: 'accounts_receivable', deferred: 'deferred_revenue', revenue: 'revenue', tax: 'tax_payable',
  balance: 'customer_balance',
};

const isZero = (amount) => !/[1-9]/.test(amount);
const isNegative = (amount) => amount.startsWith('-');
const magnitude = (amount) => amount.replace(/^-/, '');

/// The double-entry journal of a scope's invoicing and revenue recognition, up to the scope's
/// now (`until`, an instant), every amount an invoice's or the core's:
/// - an invoice finalized: debit accounts receivable its total, credit deferred revenue its net
///   (`total_excluding_tax`) and tax payable its tax;
/// - a credit note issued: debit deferred revenue its net and tax payable its tax, credit
///   accounts receivable its refund and the customer's balance the rest (what of the credit was
///   already recognized comes off revenue in the month's recognition entry: the core's catch-up);
/// - an invoice voided: its entry reversed, less what its credit notes took back, on the day it
///   is voided;
/// - each month that has ended: debit deferred revenue, credit revenue what the core's
///   `recognize` op recognized in it (the other way round when reversals made it negative).
/// Returns entries [{ date, entry, currency, reference, description, lines: [{ account, debit, credit }] }],
/// in date order.
async function journalEntries(executor, core, { scope, currency, until }) {
  const entries = [];
  const notes = await creditNotesOfScope(executor, scope, currency);
  for (const note of notes) entries.push(creditNoteEntry(note));
  for (const invoice of await finalizedInvoicesOfScope(executor, scope, currency)) {
    const result = JSON.parse(invoice.core_result);
    const split = { total: result.total, net: result.total_excluding_tax, tax: result.tax_total };
    entries.push(invoiceEntry(invoice, split, 'finalized'));
    if (invoice.voided_at) entries.push(invoiceEntry(invoice, leftAfterCredits(core, invoice, split, notes), 'voided'));
  }
  for (const { currency: code, periods } of await recognizeRevenue(executor, core, { scope, currency })) {
    for (const period of periods) {
      if (period.end > coreInstant(until) || isZero(period.recognized)) continue;
      const amount = magnitude(period.recognized);
      const [debit, credit] = isNegative(period.recognized) ? [ACCOUNTS.revenue, ACCOUNTS.deferred] : [ACCOUNTS.deferred, ACCOUNTS.revenue];
      entries.push({
        date: addMilliseconds(period.end, -1).slice(0, 10), entry: `recognition/${code}/${period.period}`, currency: code,
        reference: period.period, description: `Revenue recognized in ${period.period}`,
        lines: [{ account: debit, debit: amount, credit: null }, { account: credit, debit: null, credit: amount }],
      });
    }
  }
  return entries.filter((entry) => entry.lines.length)
    .sort((a, b) => a.date.localeCompare(b.date) || a.entry.localeCompare(b.entry));
}

/// An invoice's entry when finalized, or its reversal when voided. A zero amount posts no line.
function invoiceEntry(invoice, { total, net, tax }, event) {
  const finalized = event === 'finalized';
  const side = (account, amount, onDebit) => {
    if (isZero(amount)) return null;
    const debitSide = finalized ? onDebit : !onDebit;
    return isNegative(amount) === debitSide
      ? { account, debit: null, credit: magnitude(amount) }
      : { account, debit: magnitude(amount), credit: null };
  };
  const at = finalized ? invoice.finalized_at : invoice.voided_at;
  return {
    date: at.slice(0, 10), entry: `${invoice.id}/${event}`, currency: invoice.currency, reference: invoice.id,
    description: finalized ? `Invoice ${invoice.id} finalized` : `Invoice ${invoice.id} voided`,
    lines: [side(ACCOUNTS.receivable, total, true), side(ACCOUNTS.deferred, net, false), side(ACCOUNTS.tax, tax, false)].filter(Boolean),
  };
}

/// An invoice's total, net and tax less its credit notes' (core sums; a note's amounts are
/// negative).
function leftAfterCredits(core, invoice, split, notes) {
  const results = notes.filter((note) => note.invoice_id === invoice.id).map((note) => JSON.parse(note.core_result));
  if (!results.length) return split;
  const sum = (field, own) => sumAmounts(core, invoice.currency, [own, ...results.map((result) => result[field])]);
  return { total: sum('total', split.total), net: sum('total_excluding_tax', split.net), tax: sum('tax_total', split.tax) };
}

/// A credit note's entry: its net and tax back out of deferred revenue and tax payable, against
/// its refund (accounts receivable, which the refund's payment settles) and its credit to the
/// customer's balance.
function creditNoteEntry(note) {
  const result = JSON.parse(note.core_result);
  const line = (account, amount, onDebit) => {
    if (isZero(amount)) return null;
    return onDebit ? { account, debit: magnitude(amount), credit: null } : { account, debit: null, credit: magnitude(amount) };
  };
  return {
    date: note.created_at.slice(0, 10), entry: `${note.id}/issued`, currency: note.currency, reference: note.id,
    description: `Credit note ${note.id} against invoice ${note.invoice_id}`,
    lines: [line(ACCOUNTS.deferred, result.total_excluding_tax, true), line(ACCOUNTS.tax, result.tax_total, true),
      line(ACCOUNTS.receivable, note.refund_amount, false), line(ACCOUNTS.balance, note.credit_amount, false)].filter(Boolean),
  };
}

module.exports = { journalEntries, ACCOUNTS };
