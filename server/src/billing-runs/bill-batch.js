'use strict';
// Bills several customers in one transaction: every moment due by `until` of each, as
// billCustomerAt does one at a time, then finalizes the batch's invoices in the order they were
// created, numbered from the series in one step. One commit (and one hold of the numbering
// series' row, only for the finalizations at the end) instead of one per customer and moment.
// All or nothing: should anything fail, the transaction rolls back and the caller bills the
// customers one at a time (run.js), which isolates the failure.
const { inTransaction } = require('../db/rows');
const { takeNumbers } = require('../settings/seller-settings');
const { finalizeInvoice } = require('../invoicing/lifecycle');
const { nextDueMoment } = require('./due');
const { billCustomerAt } = require('./bill');
const { onceReads } = require('./batch-reads');

/// Bills `customerIds` up to `until` in one transaction. Returns, per customer in order,
/// { customerId, subscriptions, invoices: [rows as committed] }; throws (nothing committed) when
/// any of them fails.
async function billCustomersTogether(services, { customerIds, until, runId = null }) {
  return inTransaction(services.db, async (trx) => {
    const finalizeLater = [];
    const reads = onceReads(trx);
    const outcomes = [];
    for (const customerId of customerIds) {
      const outcome = { customerId, subscriptions: 0, invoices: [] };
      for (;;) {
        const next = await nextDueMoment(trx, { customerId, until });
        if (!next) break;
        const billed = await billCustomerAt(trx, services, { customerId, ...next, runId, finalizeLater, reads });
        if (!billed) break; // another worker has it
        outcome.subscriptions += billed.subscriptions;
        outcome.invoices.push(...billed.invoices);
      }
      outcomes.push(outcome);
    }
    const finalized = new Map();
    const numbers = await takeNumbers(trx, 'invoice', finalizeLater.length);
    for (const [i, { draft, customer, settings }] of finalizeLater.entries()) {
      finalized.set(draft.id, await finalizeInvoice(trx, services, draft, { customer, settings, number: numbers[i] }));
    }
    for (const outcome of outcomes) outcome.invoices = outcome.invoices.map((invoice) => finalized.get(invoice.id) || invoice);
    return outcomes;
  });
}

module.exports = { billCustomersTogether };
