'use strict';
// The customer balance: a ledger of every movement, each with its source (a credit note, the
// invoice it was applied to, an operator's adjustment) and the balance it left. Positive
// amounts are owed to the customer. Every sum is the core's (sumAmounts), never the server's.
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { notFound } = require('../http/errors');
const { recordEvent } = require('../outbox/outbox');
const { sumAmounts, isZeroAmount } = require('../invoicing/core-invoice');

const TRANSACTION_TYPES = ['credit_note', 'applied_to_invoice', 'invoice_credit', 'adjustment'];

const balanceTransactionSchema = {
  title: 'CustomerBalanceTransaction',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'customer_balance_transaction' }, customer: { type: 'string' },
    currency: { type: 'string' }, type: { enum: TRANSACTION_TYPES },
    amount: { type: 'string', description: 'Positive: credited to the customer; negative: used (applied to an invoice)' },
    ending_balance: { type: 'string', description: "The customer's balance after this movement (positive: owed to the customer)" },
    source: {
      type: 'object', properties: { type: { enum: ['credit_note', 'invoice', 'adjustment'] }, id: { type: 'string' } },
    },
    description: { type: ['string', 'null'] }, created_at: { type: 'string' },
  },
};

function presentBalanceTransaction(row) {
  return {
    id: row.id, object: 'customer_balance_transaction', customer: row.customer_id, currency: row.currency, type: row.type,
    amount: row.amount, ending_balance: row.ending_balance, source: { type: row.source_type, id: row.source_id },
    description: row.description, created_at: row.created_at,
  };
}

/// Locks the customer's ledger for the rest of `trx` (its customer row, on PostgreSQL; SQLite
/// runs one writing transaction at a time) so two movements never read the same balance.
async function lockLedger(trx, dialect, customerId) {
  let query = trx.selectFrom('customers').select('id').where('id', '=', customerId);
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('customer', customerId);
}

/// The customer's current balance in `currency` ("0.00" when it never moved). Call after
/// lockLedger when the balance will change.
async function currentBalance(executor, core, customerId, currency) {
  return (await recordedBalance(executor, customerId, currency)) ?? sumAmounts(core, currency, []);
}

/// The balance left by the customer's last movement in `currency`, or null when none.
async function recordedBalance(executor, customerId, currency) {
  const last = await executor.selectFrom('customer_balance_transactions').select('ending_balance')
    .where('customer_id', '=', customerId).where('currency', '=', currency)
    .orderBy('id', 'desc').limit(1).executeTakeFirst();
  return last ? last.ending_balance : null;
}

/// Records one movement of `amount` (non-zero, exact at the currency's minor unit; positive
/// credits the customer) in `trx`, with customer_balance_transaction.created. Returns the row.
async function recordBalanceTransaction(trx, services, { customerId, currency, type, amount, sourceType, sourceId, description = null }) {
  const { core, clock, dialect } = services;
  await lockLedger(trx, dialect, customerId);
  const balance = await currentBalance(trx, core, customerId, currency);
  const row = {
    id: newId('cbtxn'), customer_id: customerId, currency, type, amount,
    ending_balance: sumAmounts(core, currency, [balance, amount]), source_type: sourceType, source_id: sourceId,
    description, created_at: toInstant(clock.now()),
  };
  await trx.insertInto('customer_balance_transactions').values(row).execute();
  await recordEvent(trx, { type: 'customer_balance_transaction.created', object: presentBalanceTransaction(row), customerId }, clock.now());
  return row;
}

const isPositiveAmount = (amount) => !amount.startsWith('-') && !isZeroAmount(amount);

module.exports = {
  TRANSACTION_TYPES, balanceTransactionSchema, presentBalanceTransaction, lockLedger, currentBalance, recordedBalance, recordBalanceTransaction, isPositiveAmount,
};
