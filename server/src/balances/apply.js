'use strict';
// The customer balance meets invoicing at finalization: what the customer is owed pays the
// invoice first (the core applies it as a prepaid credit, `credits`, so amount_due and the
// stored result say so), and a negative invoice's credit_generated is added to the balance.
const { lockLedger, recordedBalance, recordBalanceTransaction, isPositiveAmount } = require('./ledger');

/// The credit's id in the invoice's core request.
const BALANCE_CREDIT_ID = 'customer_balance';

/// The core request of draft `row` with the customer's balance as a credit, or null when there
/// is no balance to apply or nothing to pay. Locks the customer's ledger (until `trx` ends) when it
/// has a balance.
async function requestWithCustomerBalance(trx, services, row) {
  const result = JSON.parse(row.core_result);
  if (!isPositiveAmount(result.total)) return null;
  const owed = (balance) => balance !== null && isPositiveAmount(balance);
  // Most customers have no balance: they are not locked. A movement committed meanwhile waits
  // for the next invoice.
  if (!owed(await recordedBalance(trx, row.customer_id, row.currency))) return null;
  await lockLedger(trx, services.dialect, row.customer_id);
  const balance = await recordedBalance(trx, row.customer_id, row.currency);
  if (!owed(balance)) return null;
  const request = JSON.parse(row.core_request);
  const credits = (request.credits || []).filter((credit) => credit.id !== BALANCE_CREDIT_ID);
  return { ...request, credits: [...credits, { id: BALANCE_CREDIT_ID, balance }] };
}

/// Records in the ledger what finalized invoice `row` took from the balance, and what its
/// negative total gave to it (each once per invoice).
async function recordInvoiceBalanceMovements(trx, services, row) {
  const result = JSON.parse(row.core_result);
  const used = (result.credits || []).find((credit) => credit.credit_id === BALANCE_CREDIT_ID);
  const movement = { customerId: row.customer_id, currency: row.currency, sourceType: 'invoice', sourceId: row.id };
  if (used && isPositiveAmount(used.applied)) {
    await recordBalanceTransaction(trx, services, { ...movement, type: 'applied_to_invoice', amount: `-${used.applied}`, description: `Applied to invoice ${row.number}` });
  }
  if (isPositiveAmount(result.credit_generated)) {
    await recordBalanceTransaction(trx, services, { ...movement, type: 'invoice_credit', amount: result.credit_generated, description: `Credit from invoice ${row.number}` });
  }
}

module.exports = { requestWithCustomerBalance, recordInvoiceBalanceMovements, BALANCE_CREDIT_ID };
