'use strict';
// A billing run: bills every customer due by `until` (test-clock customers by their clock),
// one transaction per (customer, billing moment); finalizes drafts whose grace period ended;
// marks invoices overdue. Safe to stop at any point and run again: what committed is billed
// once, what did not is billed by the next run.
const { sql } = require('kysely');
const { inTransaction } = require('../db/rows');
const { sumAmounts } = require('../invoicing/core-invoice');
const { lockInvoice } = require('../invoicing/invoices');
const { finalizeInvoice, markOverdue } = require('../invoicing/lifecycle');
const { ensureSchedules, dueCustomers, nextDueMoment, countDue } = require('./due');
const { billCustomerAt } = require('./bill');
const { billCustomersTogether } = require('./bill-batch');

const CUSTOMER_PAGE = 100;
/// Customers billed in one transaction (a failure bills them again one at a time).
const CUSTOMERS_PER_TRANSACTION = 50;
/// At most this many failures are described per batch of customers.
const MAX_FAILURES_KEPT = 50;

/// Runs billing up to `until` (a stored instant) in this process. `onProgress({ done, total,
/// invoices })` is called after each customer. Returns the summary: { invoices, subscriptions,
/// totals: { currency: amount }, failures: [{ customer, moment, error }], finalized, overdue }.
async function runBilling(services, { until, runId = null, onProgress = () => {} }) {
  const { db } = services;
  await ensureSchedules(db);
  const total = await countDue(db, { until });
  const finalized = await finalizeDueDrafts(services, until);
  const summary = { invoices: 0, subscriptions: 0, amounts: {}, failures: [] };
  for (let afterId = ''; ;) {
    const customers = await dueCustomers(db, { until, afterId, limit: CUSTOMER_PAGE });
    await billCustomers(services, { customerIds: customers, until, runId, onProgress: (done) => onProgress({ done, total, invoices: summary.invoices }) }, summary);
    if (customers.length < CUSTOMER_PAGE) break;
    afterId = customers[customers.length - 1];
  }
  const totals = {};
  for (const [currency, list] of Object.entries(summary.amounts).sort()) totals[currency] = sumAmounts(services.core, currency, list);
  return {
    invoices: summary.invoices, subscriptions: summary.subscriptions, totals, failures: summary.failures,
    finalized: finalized + await finalizeDueDrafts(services, until), overdue: await markOverdueInvoices(services, until),
  };
}

/// Bills each of `customerIds` for every moment due by `until`, CUSTOMERS_PER_TRANSACTION
/// customers per transaction (bill-batch.js). A batch that fails is billed again one
/// transaction per customer and moment, so a customer that fails is left as it was (billed by a
/// later run) and the others go on. Adds to `summary` ({ invoices, subscriptions, amounts:
/// { currency: [totals] }, failures }) and returns it.
async function billCustomers(services, { customerIds, until, runId = null, onProgress = () => {} },
  summary = { invoices: 0, subscriptions: 0, amounts: {}, failures: [] }) {
  for (let start = 0; start < customerIds.length; start += CUSTOMERS_PER_TRANSACTION) {
    const batch = customerIds.slice(start, start + CUSTOMERS_PER_TRANSACTION);
    let outcomes;
    try {
      outcomes = await billCustomersTogether(services, { customerIds: batch, until, runId });
    } catch (error) {
      services.logger?.info({ customers: batch.length, err: error }, 'a batch of customers failed to bill together; billing them one at a time');
      await billOneByOne(services, { customerIds: batch, until, runId, onProgress }, summary);
      continue;
    }
    for (const outcome of outcomes) {
      addOutcome(summary, outcome);
      onProgress(summary.subscriptions);
    }
  }
  return summary;
}

// One transaction per customer and moment: a customer that fails is recorded and left as it was.
async function billOneByOne(services, { customerIds, until, runId, onProgress }, summary) {
  const { db, logger } = services;
  for (const customerId of customerIds) {
    for (;;) {
      const next = await nextDueMoment(db, { customerId, until });
      if (!next) break;
      let outcome;
      try {
        outcome = await inTransaction(db, (trx) => billCustomerAt(trx, services, { customerId, ...next, runId }));
      } catch (error) {
        if (summary.failures.length < MAX_FAILURES_KEPT) summary.failures.push({ customer: customerId, moment: next.moment, error: String(error.message || error) });
        logger?.warn({ customer: customerId, moment: next.moment, err: error }, 'billing a customer failed; the others go on');
        break;
      }
      if (!outcome) break; // another worker has it
      addOutcome(summary, outcome);
    }
    onProgress(summary.subscriptions);
  }
}

function addOutcome(summary, { subscriptions, invoices }) {
  summary.subscriptions += subscriptions;
  for (const invoice of invoices) {
    summary.invoices += 1;
    (summary.amounts[invoice.currency] ||= []).push(invoice.total);
  }
}

// Invoices whose time has come (by their customer's clock, else `until`): drafts past their
// grace period, open send_invoice invoices past their due date. Read in pages of ids.
const dueInvoices = (column, status, until) => sql`
  select i.id from invoices i
    join customers c on c.id = i.customer_id
    left join test_clocks tc on tc.id = c.test_clock_id
   where i.status = ${status} and i.${sql.ref(column)} is not null and i.${sql.ref(column)} <= coalesce(tc.frozen_time, ${until})
     ${column === 'due_at' ? sql`and i.collection_method = 'send_invoice' and i.overdue_at is null` : sql``}
   order by i.id`;

async function finalizeDueDrafts(services, until) {
  const { rows } = await dueInvoices('finalize_at', 'draft', until).execute(services.db);
  let count = 0;
  for (const { id } of rows) {
    await inTransaction(services.db, async (trx) => {
      const row = await lockInvoice(trx, services.dialect, id);
      if (row.status === 'draft') {
        await finalizeInvoice(trx, services, row);
        count += 1;
      }
    });
  }
  return count;
}

async function markOverdueInvoices(services, until) {
  const { rows } = await dueInvoices('due_at', 'open', until).execute(services.db);
  let count = 0;
  for (const { id } of rows) {
    await inTransaction(services.db, async (trx) => {
      const row = await lockInvoice(trx, services.dialect, id);
      if (await markOverdue(trx, services, row, row.due_at)) count += 1;
    });
  }
  return count;
}

module.exports = { runBilling, billCustomers, finalizeDueDrafts, markOverdueInvoices };
