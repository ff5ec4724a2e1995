'use strict';
// Prepaid credit and the customer balance meet invoicing at finalization: the customer's usable
// credit grants (in their spending order, balances/grants.js), then what it is owed (its
// balance), pay the invoice first. The core applies them as the invoice's prepaid `credits`,
// so amount_due and the stored result say so; a negative invoice's credit_generated is added
// to the balance.
const { lockLedger, recordedBalance, recordBalanceTransaction, isPositiveAmount } = require('./ledger');
const { usableGrantCredits, recordGrantUses, GRANT_PREFIX } = require('./grants');

/// The balance's credit id in the invoice's core request.
const BALANCE_CREDIT_ID = 'customer_balance';
const ours = (credit) => credit.id === BALANCE_CREDIT_ID || credit.id.startsWith(GRANT_PREFIX);

/// The core request of draft `row` with the customer's grants and balance as credits, or null
/// when there are none or nothing to pay. Locks the grants it spends, and the customer's ledger
/// when it has a balance, until `trx` ends. `known`: { customer, now } as the caller read them
/// in `trx` (each saves a read).
async function requestWithCustomerBalance(trx, services, row, known = {}) {
  const result = JSON.parse(row.core_result);
  if (!isPositiveAmount(result.total)) return null;
  const grants = await usableGrantCredits(trx, services, row, known);
  const balance = await owedBalance(trx, services, row);
  if (!grants.length && balance === null) return null;
  const request = JSON.parse(row.core_request);
  const credits = (request.credits || []).filter((credit) => !ours(credit));
  return { ...request, credits: [...credits, ...grants, ...(balance === null ? [] : [{ id: BALANCE_CREDIT_ID, balance }])] };
}

// The customer's positive balance (its ledger locked), or null. Most customers have no
// balance: they are not locked. A movement committed meanwhile waits for the next invoice.
async function owedBalance(trx, services, row) {
  const owed = (balance) => balance !== null && isPositiveAmount(balance);
  if (!owed(await recordedBalance(trx, row.customer_id, row.currency))) return null;
  await lockLedger(trx, services.dialect, row.customer_id);
  const balance = await recordedBalance(trx, row.customer_id, row.currency);
  return owed(balance) ? balance : null;
}

/// Records what finalized invoice `row` spent of each grant and of the balance, and what its
/// negative total gave to the balance (each once per invoice).
async function recordInvoiceBalanceMovements(trx, services, row) {
  const result = JSON.parse(row.core_result);
  await recordGrantUses(trx, services, row, result.credits || []);
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
