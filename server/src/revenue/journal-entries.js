'use strict';
const { addMilliseconds } = require('../time');
const { coreInstant } = require('../subscriptions/calendar');
const { finalizedInvoicesOfScope } = require('./recognition-lines');
const { recognizeRevenue } = require('./recognize-revenue');

/// The accounts the journal posts to.
const ACCOUNTS = {
  receivable: 'accounts_receivable', deferred: 'deferred_revenue', revenue: 'revenue', tax: 'tax_payable',
};

const isZero = (amount) => !/[1-9]/.test(amount);
const isNegative = (amount) => amount.startsWith('-');
const magnitude = (amount) => amount.replace(/^-/, '');

/// The double-entry journal of a scope's invoicing and revenue recognition, up to the scope's
/// now (`until`, an instant), every amount an invoice's or the core's:
/// - an invoice finalized: debit accounts receivable its total, credit deferred revenue its net
///   (`total_excluding_tax`) and tax payable its tax;
/// - an invoice voided: the same entry reversed, on the day it is voided;
/// - each month that has ended: debit deferred revenue, credit revenue what the core's
///   `recognize` op recognized in it (the other way round when reversals made it negative).
/// Returns entries [{ date, entry, currency, reference, description, lines: [{ account, debit, credit }] }],
/// in date order.
async function journalEntries(executor, core, { scope, currency, until }) {
  const entries = [];
  for (const invoice of await finalizedInvoicesOfScope(executor, scope, currency)) {
    const result = JSON.parse(invoice.core_result);
    const split = { total: result.total, net: result.total_excluding_tax, tax: result.tax_total };
    entries.push(invoiceEntry(invoice, split, 'finalized'));
    if (invoice.voided_at) entries.push(invoiceEntry(invoice, split, 'voided'));
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

module.exports = { journalEntries, ACCOUNTS };
