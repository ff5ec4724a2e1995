'use strict';
// Bills several customers in one transaction: every moment due by `until` of each, as
// billCustomerAt does one at a time, then finalizes the batch's invoices in the order they were
// created, numbered from the series in one step. One commit (and one hold of the numbering
// series' row, only for the finalizations at the end) instead of one per customer and moment.
// What the batch inserts (invoices, their events and delivery jobs, links, billing rows) is held
// back and written at the end, one multi-row insert per table (db/held-inserts.js); the due
// moments of all its customers are read in one query per round.
// All or nothing: should anything fail, the transaction rolls back and the caller bills the
// customers one at a time (run.js), which isolates the failure.
const { inTransaction } = require('../db/rows');
const { takeNumbers } = require('../settings/seller-settings');
const { finalizeInvoice } = require('../invoicing/lifecycle');
const { requestWithCustomerBalance } = require('../balances/apply');
const { customerNow } = require('../customers/customers');
const { holdInserts, flushHeldInserts } = require('../db/held-inserts');
const { nextDueMoments } = require('./due');
const { billCustomerAt } = require('./bill');
const { batchReads } = require('./batch-reads');

/// Bills `customerIds` up to `until` in one transaction. Returns, per customer in order,
/// { customerId, subscriptions, invoices: [rows as committed] }; throws (nothing committed) when
/// any of them fails.
async function billCustomersTogether(services, { customerIds, until, runId = null }) {
  return inTransaction(services.db, async (trx) => {
    holdInserts(trx, services.dialect);
    const finalizeLater = [];
    const reads = batchReads(trx, services);
    const outcomes = new Map(customerIds.map((customerId) => [customerId, { customerId, subscriptions: 0, invoices: [] }]));
    // Each round bills every customer's earliest moment due; a customer billed goes on to the
    // next round, for its next moment (when its clock or `until` is past it).
    for (let pending = customerIds, round = 0; pending.length; round += 1) {
      if (round > 0) await flushHeldInserts(trx, { keep: ['invoices'] }); // what is due next depends on the billings written
      const due = await nextDueMoments(trx, { customerIds: pending, until });
      if (round > 0 && due.size) await flushHeldInserts(trx); // a later period's billing reads the earlier one's invoice
      // Once the prefetch has locked the round's subscriptions, their waiting usage is merged in
      // one pass and their late adjustments read in one query (billCustomerAt's merges then find
      // it done).
      await reads.claimLateAdjustments(await reads.prefetch(due));
      const billedNow = [];
      for (const customerId of pending) {
        const next = due.get(customerId);
        if (!next) continue;
        const billed = await billCustomerAt(trx, services, { customerId, ...next, runId, finalizeLater, reads });
        if (!billed) continue; // another worker has it
        const outcome = outcomes.get(customerId);
        outcome.subscriptions += billed.subscriptions;
        outcome.invoices.push(...billed.invoices);
        billedNow.push(customerId);
      }
      pending = billedNow;
    }
    const finalized = await finalizeTogether(trx, services, finalizeLater);
    await flushHeldInserts(trx);
    const results = [...outcomes.values()];
    for (const outcome of results) outcome.invoices = outcome.invoices.map((invoice) => finalized.get(invoice.id) || invoice);
    return results;
  });
}

/// Finalizes the drafts billCustomerAt collected in `finalizeLater` ([{ draft, customer,
/// settings, now }]), in that order, numbered from the series in one step (takeNumbers: the series'
/// row is held from here to the commit). Returns a Map from invoice id to its finalized row.
async function finalizeTogether(trx, services, finalizeLater) {
  const finalized = new Map();
  // Each customer's first invoice reads its grants and balance (locking what it spends) before
  // the series' row is taken; a later invoice of the same customer reads them as finalized
  // after the first, which spent some.
  const balances = new Map();
  const seen = new Set();
  for (const [i, { draft, customer, now }] of finalizeLater.entries()) {
    if (seen.has(customer.id)) continue;
    seen.add(customer.id);
    balances.set(i, await requestWithCustomerBalance(trx, services, draft, { customer, now: now || await customerNow(trx, customer, services.clock) }));
  }
  const numbers = await takeNumbers(trx, 'invoice', finalizeLater.length);
  for (const [i, { draft, customer, settings, now }] of finalizeLater.entries()) {
    const withBalance = balances.has(i) ? { withBalance: balances.get(i) } : {};
    finalized.set(draft.id, await finalizeInvoice(trx, services, draft, { customer, settings, now, ...withBalance, number: numbers[i] }));
  }
  return finalized;
}

module.exports = { billCustomersTogether, finalizeTogether };
