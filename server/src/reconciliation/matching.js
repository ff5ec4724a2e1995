'use strict';
// Matching received money to invoices. Automatically: by the invoice numbers (or ids) its
// reference names, in the order named (one payment for several invoices); failing that, for a
// known customer, by amount: the oldest payable invoice whose amount remaining is exactly the
// amount, or else all of them when together they come to exactly the amount. A gateway
// settlement line naming the charge of a payment through Ratecard is that payment's. Matched
// money is applied to invoices (invoicing/payment-applications.js), never beyond what remains.
const { presentInvoice } = require('../invoicing/invoices');
const { applyToInvoice, applicationsOf } = require('../invoicing/payment-applications');
const { addAmounts, subtractAmounts, isZero, isPositive, zeroLike } = require('../invoicing/amounts');
const { toInstant } = require('../time');
const { payableInvoicesNamed, payableInvoicesOf, succeededPaymentByCharge, updateReceivedPayment } = require('./queries');

/// Matches the new received payment `row` (nothing applied yet) in `trx`; `charge`: the gateway
/// charge a settlement line names. Returns the row as saved.
async function matchAutomatically(trx, services, row, { charge = null } = {}) {
  if (charge) {
    const payment = await succeededPaymentByCharge(trx, charge);
    if (payment && payment.currency === row.currency && payment.amount === row.amount) {
      return save(trx, services, row, {
        status: 'matched', matched_by: 'payment', payment_id: payment.id, customer_id: row.customer_id || payment.customer_id,
        amount_applied: row.amount, amount_unapplied: zeroLike(row.amount),
      });
    }
  }
  const named = await invoicesNamedIn(trx, row);
  if (named.length) return applyReceived(trx, services, row, named, 'reference');
  if (row.customer_id) {
    const byAmount = chooseByAmount(await payableInvoicesOf(trx, { customerId: row.customer_id, currency: row.currency }), row.amount);
    if (byAmount.length) return applyReceived(trx, services, row, byAmount, 'customer_amount');
  }
  return row;
}

/// Applies what `row` holds unapplied to `invoices` (rows), in order, and saves its status.
async function applyReceived(trx, services, row, invoices, matchedBy) {
  let unapplied = row.amount_unapplied;
  for (const invoice of invoices) {
    if (isZero(unapplied)) break;
    const { applied } = await applyToInvoice(trx, services, {
      invoiceId: invoice.id, sourceType: 'received_payment', sourceId: row.id, amount: unapplied, currency: row.currency,
    });
    unapplied = subtractAmounts(unapplied, applied);
  }
  const applied = subtractAmounts(row.amount_unapplied, unapplied);
  if (isZero(applied)) return row;
  const customers = new Set(invoices.map((invoice) => invoice.customer_id));
  const applications = await applicationsOf(trx, 'received_payment', [row.id]);
  return save(trx, services, row, {
    status: statusOf(unapplied, applications), matched_by: matchedBy,
    customer_id: row.customer_id || (customers.size === 1 ? invoices[0].customer_id : null),
    amount_applied: addAmounts(row.amount_applied, applied), amount_unapplied: unapplied,
  });
}

/// unmatched: nothing applied; over_payment: something left unapplied; partial: all applied and
/// an invoice it pays still has something remaining; matched: all applied, every invoice paid.
function statusOf(unapplied, applications) {
  if (!applications.length) return 'unmatched';
  if (isPositive(unapplied)) return 'over_payment';
  return applications.some((application) => isPositive(application.invoice_remaining)) ? 'partial' : 'matched';
}

async function save(trx, services, row, changes) {
  const next = { ...row, ...changes, updated_at: toInstant(services.clock.now()) };
  const { id, ...values } = next;
  await updateReceivedPayment(trx, id, values);
  return next;
}

// The payable invoices the row's reference names (numbers or ids, separated by spaces, commas
// or semicolons), in the order named.
async function invoicesNamedIn(trx, row) {
  const tokens = [...new Set((row.reference || '').split(/[\s,;]+/).filter(Boolean))].slice(0, 50);
  const found = await payableInvoicesNamed(trx, { tokens, currency: row.currency, customerId: row.customer_id });
  const position = (invoice) => Math.min(...[invoice.number, invoice.id].map((name) => tokens.indexOf(name)).filter((index) => index >= 0));
  return found.sort((a, b) => position(a) - position(b));
}

// The oldest invoice whose amount remaining is exactly `amount`, or all of them when together
// they come to exactly `amount`; none otherwise.
function chooseByAmount(invoices, amount) {
  const remaining = invoices.map((invoice) => presentInvoice(invoice).amount_remaining);
  const exact = remaining.indexOf(amount);
  if (exact >= 0) return [invoices[exact]];
  const total = remaining.reduce((sum, each) => addAmounts(sum, each), zeroLike(amount));
  return invoices.length > 1 && total === amount ? invoices : [];
}

module.exports = { matchAutomatically, applyReceived, statusOf, save };
