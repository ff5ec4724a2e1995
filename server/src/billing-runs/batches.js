'use strict';
// A billing run shared by several processes: the run's job splits the customers due into
// batches of BATCH_SIZE, each its own job (`billing_run.batch`), which any worker of any process
// claims (FOR UPDATE SKIP LOCKED on PostgreSQL). A batch bills its customers one
// customer-moment transaction at a time; the last batch to finish closes the run. Every count
// is read back from the database, so a batch re-run after a crash counts what was billed.
const { sql } = require('kysely');
const { toInstant } = require('../time');
const { inTransaction } = require('../db/rows');
const { enqueueJob } = require('../jobs/queue');
const { sumAmounts } = require('../invoicing/core-invoice');
const { ensureSchedules, dueCustomers } = require('./due');
const { billCustomers, finalizeDueDrafts, markOverdueInvoices } = require('./run');

/// Customers per batch job.
const BATCH_SIZE = 100;

/// Job `billing_run.execute`: marks the run running, finalizes drafts and marks overdue
/// invoices, then queues one batch job per page of due customers (ids named by their first
/// customer, so a re-run of this job queues the same batches again, which do nothing twice).
async function planBillingRun({ run_id: runId }, services) {
  const { db, clock } = services;
  const run = await db.selectFrom('billing_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
  if (run.status === 'succeeded') return {};
  const now = toInstant(clock.now());
  await db.updateTable('billing_runs').set({ status: 'running', started_at: run.started_at || now, updated_at: now }).where('id', '=', runId).execute();
  await ensureSchedules(db);
  await finalizeDueDrafts(services, run.until);
  await markOverdueInvoices(services, run.until);
  for (let afterId = ''; ;) {
    const customers = await dueCustomers(db, { until: run.until, afterId, limit: BATCH_SIZE });
    if (!customers.length) break;
    await inTransaction(db, async (trx) => {
      await trx.insertInto('billing_run_batches').values({ run_id: runId, first_customer: customers[0], customers: JSON.stringify(customers), status: 'queued' })
        .onConflict((conflict) => conflict.columns(['run_id', 'first_customer']).doNothing()).execute();
      await enqueueJob(trx, { id: `job_${runId}_${customers[0]}`, type: 'billing_run.batch', payload: { run_id: runId, first_customer: customers[0] } }, clock.now());
    });
    if (customers.length < BATCH_SIZE) break;
    afterId = customers[customers.length - 1];
  }
  await db.updateTable('billing_runs').set({ planned_at: toInstant(clock.now()) }).where('id', '=', runId).execute();
  await closeRunIfDone(services, runId);
  return {};
}

/// Job `billing_run.batch`: bills the batch's customers up to the run's `until`.
async function billBatch({ run_id: runId, first_customer: firstCustomer }, services) {
  const { db } = services;
  const run = await db.selectFrom('billing_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
  const batch = await db.selectFrom('billing_run_batches').selectAll().where('run_id', '=', runId).where('first_customer', '=', firstCustomer).executeTakeFirstOrThrow();
  const summary = await billCustomers(services, { customerIds: JSON.parse(batch.customers), until: run.until, runId });
  await db.updateTable('billing_run_batches').set({ status: 'done', failures: JSON.stringify(summary.failures) })
    .where('run_id', '=', runId).where('first_customer', '=', firstCustomer).execute();
  await closeRunIfDone(services, runId);
  return { warning: summary.failures.length ? `${summary.failures.length} customers could not be billed (the run lists them)` : null };
}

// Once every batch is queued and none is left, the run succeeded: its counts and totals are read from its invoices.
async function closeRunIfDone(services, runId) {
  const { db, dialect, core, clock } = services;
  await inTransaction(db, async (trx) => {
    const lock = dialect === 'postgres' ? sql`for update` : sql``;
    const { rows: [run] } = await sql`select * from billing_runs where id = ${runId} ${lock}`.execute(trx);
    if (run.status === 'succeeded' || !run.planned_at) return; // batches may still be queued
    const batches = await trx.selectFrom('billing_run_batches').select(['status', 'failures']).where('run_id', '=', runId).execute();
    if (batches.some((batch) => batch.status !== 'done')) return;
    const invoices = await trx.selectFrom('invoices').select(['currency', 'total']).where('billing_run_id', '=', runId).orderBy('id').execute();
    const byCurrency = {};
    for (const { currency, total } of invoices) (byCurrency[currency] ||= []).push(total);
    const totals = Object.fromEntries(Object.entries(byCurrency).sort().map(([currency, amounts]) => [currency, sumAmounts(core, currency, amounts)]));
    const billed = await trx.selectFrom('subscription_billings').innerJoin('invoices', 'invoices.id', 'subscription_billings.invoice_id')
      .select((eb) => eb.fn.countAll().as('count')).where('invoices.billing_run_id', '=', runId).executeTakeFirst();
    const now = toInstant(clock.now());
    await trx.updateTable('billing_runs').set({
      status: 'succeeded', invoices: invoices.length, subscriptions: Number(billed.count), totals: JSON.stringify(totals),
      failures: JSON.stringify(batches.flatMap((batch) => JSON.parse(batch.failures || '[]'))), finished_at: now, updated_at: now,
    }).where('id', '=', runId).execute();
  });
}

module.exports = { planBillingRun, billBatch, BATCH_SIZE };
