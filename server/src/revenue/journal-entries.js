'use strict';
const { addMilliseconds } = require('../time');
const { coreInstant } = require('../subscriptions/calendar');
const { finalizedInvoicesOfScope } = require('./recognition-lines');
const { creditNotesOfScope, creditNoteCredits } = require('./credit-note-credits');
const { invoiceAmounts, noteAmounts, leftAfterNotes } = require('./journal-amounts');
const { planLineFilter } = require('./plan-lines');
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
/// With `plan`, only the plan's part: its invoice lines' nets and taxes, its credits, and the
/// recognition of those lines (journal-amounts.js).
/// Returns entries [{ date, entry, currency, reference, description, lines: [{ account, debit, credit }] }],
/// in date order.
async function journalEntries(executor, core, { scope, currency, until, plan }) {
  const keepLine = await planLineFilter(executor, plan);
  const invoices = await finalizedInvoicesOfScope(executor, scope, currency);
  const byId = new Map(invoices.map((invoice) => [invoice.id, invoice]));
  const notes = await creditNotesOfScope(executor, scope, currency);
  const credits = creditNoteCredits(core, notes).filter((credit) => {
    const invoice = byId.get(credit.invoiceId);
    return !plan || (invoice && keepLine(invoice, JSON.parse(invoice.core_result).lines[credit.line]));
  });
  const noteAmountsOf = new Map();
  for (const note of notes) {
    const amounts = noteAmounts(core, note, credits.filter((credit) => credit.note === note), Boolean(plan));
    if (amounts) noteAmountsOf.set(note.id, amounts);
  }
  const entries = notes.filter((note) => noteAmountsOf.has(note.id)).map((note) => creditNoteEntry(note, noteAmountsOf.get(note.id)));
  for (const invoice of invoices) {
    const amounts = invoiceAmounts(core, invoice, keepLine, Boolean(plan));
    if (!amounts) continue;
    entries.push(invoiceEntry(invoice, amounts, 'finalized'));
    if (!invoice.voided_at) continue;
    const itsNotes = notes.filter((note) => note.invoice_id === invoice.id && noteAmountsOf.has(note.id)).map((note) => noteAmountsOf.get(note.id));
    entries.push(invoiceEntry(invoice, leftAfterNotes(core, invoice.currency, amounts, itsNotes), 'voided'));
  }
  for (const { currency: code, periods } of await recognizeRevenue(executor, core, { scope, currency, plan })) {
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

/// A credit note's entry: its net and tax back out of deferred revenue and tax payable, against
/// its refund (accounts receivable, which the refund's payment settles) and its credit to the
/// customer's balance.
function creditNoteEntry(note, { net, tax, refund, balance }) {
  const line = (account, amount, onDebit) => {
    if (isZero(amount)) return null;
    return onDebit ? { account, debit: magnitude(amount), credit: null } : { account, debit: null, credit: magnitude(amount) };
  };
  return {
    date: note.created_at.slice(0, 10), entry: `${note.id}/issued`, currency: note.currency, reference: note.id,
    description: `Credit note ${note.id} against invoice ${note.invoice_id}`,
    lines: [line(ACCOUNTS.deferred, net, true), line(ACCOUNTS.tax, tax, true),
      line(ACCOUNTS.receivable, refund, false), line(ACCOUNTS.balance, balance, false)].filter(Boolean),
  };
}

module.exports = { journalEntries, ACCOUNTS };
