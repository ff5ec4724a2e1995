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

const CUSTOMER_PAGE = 100;
/// At most this many failures are described on a run.
const MAX_FAILURES_KEPT = 50;

/// Runs billing up to `until` (a stored instant). `onProgress({ done, total, invoices })` is
/// called after each customer. Returns the summary: { invoices, subscriptions, totals:
/// { currency: amount }, failures: [{ customer, moment, error }] }.
async function runBilling(services, { until, runId = null, onProgress = () => {} }) {
  const { db, logger } = services;
  await ensureSchedules(db);
  const summary = { invoices: 0, subscriptions: 0, totals: {}, failures: [], finalized: 0, overdue: 0 };
  const amounts = {};
  const total = await countDue(db, { until });
  let done = 0;
  summary.finalized = await finalizeDueDrafts(services, until);
  for (let afterId = ''; ;) {
    const customers = await dueCustomers(db, { until, afterId, limit: CUSTOMER_PAGE });
    for (const customerId of customers) {
      for (;;) {
        const next = await nextDueMoment(db, { customerId, until });
        if (!next) break;
        let outcome;
        try {
          outcome = await inTransaction(db, (trx) => billCustomerAt(trx, services, { customerId, ...next, runId }));
        } catch (error) {
          if (summary.failures.length < MAX_FAILURES_KEPT) summary.failures.push({ customer: customerId, moment: next.moment, error: String(error.message || error) });
          else summary.failures_more = (summary.failures_more || 0) + 1;
          logger?.warn({ customer: customerId, moment: next.moment, err: error }, 'billing a customer failed; the others go on');
          break;
        }
        if (!outcome) break; // another worker has it
        summary.subscriptions += outcome.subscriptions;
        done += outcome.subscriptions;
        for (const invoice of outcome.invoices) {
          summary.invoices += 1;
          (amounts[invoice.currency] ||= []).push(invoice.total);
        }
      }
      onProgress({ done, total, invoices: summary.invoices });
    }
    if (customers.length < CUSTOMER_PAGE) break;
    afterId = customers[customers.length - 1];
  }
  summary.finalized += await finalizeDueDrafts(services, until);
  summary.overdue = await markOverdueInvoices(services, until);
  for (const [currency, list] of Object.entries(amounts)) summary.totals[currency] = sumAmounts(services.core, currency, list);
  return summary;
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

module.exports = { runBilling };
