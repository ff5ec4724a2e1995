'use strict';
const { coreInstant } = require('../subscriptions/calendar');
const { sumAmounts, negateAmount } = require('../invoicing/core-invoice');
const { WALL_CLOCK } = require('./scopes');
const { creditNotesOfScope, creditNoteCredits } = require('./credit-note-credits');

const isZero = (amount) => !/[1-9]/.test(amount);
const isNegative = (amount) => amount.startsWith('-');
const magnitude = (amount) => amount.replace(/^-/, '');

/// The finalized invoices of a scope's customers (drafts have no revenue), oldest first.
async function finalizedInvoicesOfScope(executor, scope, currency = null) {
  let query = executor.selectFrom('invoices').innerJoin('customers', 'customers.id', 'invoices.customer_id')
    .select(['invoices.id', 'invoices.currency', 'invoices.finalized_at', 'invoices.voided_at', 'invoices.core_result'])
    .where('invoices.finalized_at', 'is not', null)
    .orderBy('invoices.finalized_at').orderBy('invoices.id');
  query = scope === WALL_CLOCK ? query.where('customers.test_clock_id', 'is', null) : query.where('customers.test_clock_id', '=', scope);
  if (currency) query = query.where('invoices.currency', '=', currency);
  return query.execute();
}

/// What revenue is recognized from: the scope's finalized invoices and credit notes.
async function recognitionSources(executor, scope, currency = null) {
  return { invoices: await finalizedInvoicesOfScope(executor, scope, currency), creditNotes: await creditNotesOfScope(executor, scope, currency) };
}

/// The core `recognize` request's lines and reversals of each currency, from finalized invoices
/// and credit notes: Map(currency → { lines, reversals, invoicedMonth: Map(line id → "YYYY-MM"),
/// unmatchedCredits }).
/// - each line's revenue is its net (`taxable_amount`: after discounts, without tax), recognized
///   day by day over its period (subscription fees, prorations, usage, one-off lines all carry
///   one), entering deferred revenue when the invoice is finalized;
/// - a negative line (a proration credit for unused time) reverses the line that charged that
///   period (same subscription and item), on the day its invoice is finalized; one without such
///   a line is listed in `unmatchedCredits` and left out;
/// - a credit note reverses each line it credits by the credit net of tax, on the day it is
///   issued;
/// - a voided invoice reverses what is left of its positive lines on the day it is voided (its
///   credits never count).
/// Reversals apply in time order; the part of one beyond what is left of its line (a line
/// credited twice over, by a proration and a credit note) is listed in `unmatchedCredits`.
function recognitionInputs(core, { invoices, creditNotes }, keepLine = () => true) {
  const byCurrency = new Map();
  const candidates = new Map(); // currency → [{ id, line, amount, at, void }]
  for (const invoice of invoices) {
    if (!byCurrency.has(invoice.currency)) {
      byCurrency.set(invoice.currency, { lines: [], reversals: [], invoicedMonth: new Map(), unmatchedCredits: [], charged: [] });
      candidates.set(invoice.currency, []);
    }
    const inputs = byCurrency.get(invoice.currency);
    const pending = candidates.get(invoice.currency);
    const { lines } = JSON.parse(invoice.core_result);
    lines.forEach((line, index) => {
      const id = `${invoice.id}/${index + 1}`;
      const net = line.taxable_amount;
      if (isZero(net) || !keepLine(invoice, line)) return;
      if (isNegative(net)) {
        if (!invoice.voided_at) addCredit(inputs, pending, { id, invoice, line, amount: magnitude(net) });
        return;
      }
      inputs.lines.push(coreLine(id, invoice, line, net));
      inputs.invoicedMonth.set(id, invoice.finalized_at.slice(0, 7));
      inputs.charged.push({ id, line });
      if (invoice.voided_at) pending.push({ id: `${invoice.id}/void`, line: id, amount: net, at: coreInstant(invoice.voided_at), void: true });
    });
  }
  const charged = new Set([...byCurrency.values()].flatMap((inputs) => inputs.lines.map((line) => line.id)));
  const keptInvoices = new Map(invoices.map((invoice) => [invoice.id, invoice]));
  for (const credit of creditNoteCredits(core, creditNotes)) {
    const invoice = keptInvoices.get(credit.invoiceId);
    const line = invoice && JSON.parse(invoice.core_result).lines[credit.line];
    if (!line || !keepLine(invoice, line) || isZero(credit.net)) continue;
    const id = `${credit.invoiceId}/${credit.line + 1}`;
    const source = `${credit.note.id}/${credit.line + 1}`;
    if (!charged.has(id)) {
      byCurrency.get(credit.note.currency).unmatchedCredits.push({ id: source, amount: credit.net });
      continue;
    }
    candidates.get(credit.note.currency).push({ id: source, line: id, amount: credit.net, at: coreInstant(credit.note.created_at) });
  }
  for (const [code, inputs] of byCurrency) {
    delete inputs.charged;
    applyReversals(core, code, inputs, candidates.get(code));
  }
  return byCurrency;
}

function coreLine(id, invoice, line, amount) {
  const period = line.period;
  const invoicedAt = coreInstant(invoice.finalized_at);
  if (period && period.end > period.start) {
    return { id, kind: 'subscription', amount, service_start: period.start, service_end: period.end, invoiced_at: invoicedAt };
  }
  return { id, kind: 'one_off', amount, recognized_at: invoicedAt, invoiced_at: invoicedAt };
}

/// A credit reverses the latest line charged for the same subscription item over a period that
/// holds the credit's start.
function addCredit(inputs, pending, { id, invoice, line, amount }) {
  const start = line.period && line.period.start;
  const charged = [...inputs.charged].reverse().find(({ line: candidate }) => line.item_id && candidate.item_id === line.item_id
    && candidate.subscription_id === line.subscription_id && candidate.period && start
    && candidate.period.start <= start && start < candidate.period.end);
  if (!charged) {
    inputs.unmatchedCredits.push({ id, amount });
    return;
  }
  pending.push({ id, line: charged.id, amount, at: coreInstant(invoice.finalized_at) });
}

/// Adds the reversals in time order, each at most what is left of its line (a core sum); the
/// excess of a credit is unmatched, that of a void is what credits already took back.
function applyReversals(core, currency, inputs, pending) {
  const left = new Map(inputs.lines.map((line) => [line.id, line.amount]));
  pending.sort((a, b) => a.at.localeCompare(b.at));
  for (const reversal of pending) {
    const remaining = left.get(reversal.line);
    const after = sumAmounts(core, currency, [remaining, negateAmount(reversal.amount)]);
    const amount = isNegative(after) ? remaining : reversal.amount;
    if (isNegative(after) && !reversal.void) inputs.unmatchedCredits.push({ id: reversal.id, amount: magnitude(after) });
    if (isZero(amount)) continue;
    inputs.reversals.push({ line: reversal.line, amount, at: reversal.at });
    left.set(reversal.line, isNegative(after) ? sumAmounts(core, currency, []) : after);
  }
}

module.exports = { finalizedInvoicesOfScope, recognitionSources, recognitionInputs };
