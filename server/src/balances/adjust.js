'use strict';
// An operator's adjustment of a customer balance.
const { ApiError } = require('../http/errors');
const { newId } = require('../ids');
const { findCustomer } = require('../customers/customers');
const { computeInvoice, isZeroAmount } = require('../invoicing/core-invoice');
const { recordBalanceTransaction, lockLedger, currentBalance } = require('./ledger');

/// Adds `amount` (non-zero, exact at the customer's currency; negative takes credit back, never
/// below zero) to the balance of customer `customerId`. Returns the ledger row.
async function adjustBalance(trx, services, customerId, { amount, description }) {
  const { core } = services;
  const customer = await findCustomer(trx, customerId);
  // The core checks the amount (exact at the minor unit) and adds it to the balance.
  await lockLedger(trx, services.dialect, customer.id);
  const balance = await currentBalance(trx, core, customer.id, customer.currency);
  const { result } = computeInvoice(core, {
    op: 'invoice', customer: { currency: customer.currency }, period: { start: '2020-01-01T00:00:00Z', end: '2020-01-02T00:00:00Z' },
    subscriptions: [], prorations: [{ amount }, { amount: balance }],
  }, [['/prorations/0/amount', '/amount']]);
  const canonical = result.lines[0].amount;
  if (isZeroAmount(canonical)) throw new ApiError('INVALID_ARGUMENT', 'must not be zero', '/amount');
  if (result.subtotal.startsWith('-')) throw new ApiError('INVALID_ARGUMENT', `would take the balance below zero (it is ${balance} ${customer.currency})`, '/amount');
  return recordBalanceTransaction(trx, services, {
    customerId: customer.id, currency: customer.currency, type: 'adjustment', amount: canonical,
    sourceType: 'adjustment', sourceId: newId('adj'), description,
  });
}

module.exports = { adjustBalance };
