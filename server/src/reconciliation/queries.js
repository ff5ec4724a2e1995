'use strict';
// Reconciliation's SQL: received payments, imports, and the invoices a received payment may pay.
const { notFound } = require('../http/errors');
const { PAYABLE } = require('../invoicing/payment-applications');

async function findReceivedPayment(executor, id, path = '') {
  const row = await executor.selectFrom('received_payments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('received payment', id, path);
  return row;
}

/// Reads a received payment in a transaction that will change it, locking its row on PostgreSQL.
async function lockReceivedPayment(trx, dialect, id) {
  let query = trx.selectFrom('received_payments').selectAll().where('id', '=', id);
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('received payment', id);
  return row;
}

/// Inserts a received payment; an imported line already stored (same origin, source and
/// external id) is left as it is. Whether the row was inserted.
async function insertReceivedPayment(trx, row) {
  const result = await trx.insertInto('received_payments').values(row)
    .onConflict((conflict) => conflict.columns(['origin', 'source', 'external_id']).doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows) === 1;
}

async function updateReceivedPayment(trx, id, changes) {
  await trx.updateTable('received_payments').set(changes).where('id', '=', id).execute();
}

async function findImport(executor, id) {
  const row = await executor.selectFrom('reconciliation_imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('reconciliation import', id);
  return row;
}

/// The received payments the report lists, filtered by `filter` (status, origin, import,
/// customer, currency, method), as a select to page or read whole.
function reportQuery(db, filter) {
  let select = db.selectFrom('received_payments').selectAll();
  for (const [field, column] of [['status', 'status'], ['origin', 'origin'], ['import', 'import_id'], ['customer', 'customer_id'], ['currency', 'currency'], ['method', 'method']]) {
    if (filter[field]) select = select.where(column, '=', filter[field]);
  }
  return select;
}

/// Payable invoices in `currency` whose number or id is one of `tokens` (of `customerId` when
/// given).
async function payableInvoicesNamed(executor, { tokens, currency, customerId }) {
  if (!tokens.length) return [];
  let select = payableInvoices(executor, currency).where((eb) => eb.or([eb('number', 'in', tokens), eb('id', 'in', tokens)]));
  if (customerId) select = select.where('customer_id', '=', customerId);
  return select.execute();
}

/// The customer's payable invoices in `currency`, oldest first.
function payableInvoicesOf(executor, { customerId, currency }) {
  return payableInvoices(executor, currency).where('customer_id', '=', customerId).orderBy('finalized_at').orderBy('id').execute();
}

function payableInvoices(executor, currency) {
  return executor.selectFrom('invoices').selectAll().where('status', 'in', PAYABLE).where('currency', '=', currency);
}

/// A payment through Ratecard that a gateway settlement line names by its charge id.
function succeededPaymentByCharge(executor, chargeId) {
  return executor.selectFrom('payments').selectAll().where('gateway_charge_id', '=', chargeId).where('status', '=', 'succeeded').executeTakeFirst();
}

module.exports = {
  findReceivedPayment, lockReceivedPayment, insertReceivedPayment, updateReceivedPayment, findImport, reportQuery,
  payableInvoicesNamed, payableInvoicesOf, succeededPaymentByCharge,
};
