'use strict';
const { toInstant, addMilliseconds } = require('../time');
const { scheduleRecurringJob } = require('../jobs/queue');
const { runBilling } = require('./run');

const BILL_DUE_INTERVAL_MS = 60 * 1000;
/// Progress is written to the run's row after this many customers.
const PROGRESS_EVERY = 50;

/// Job `billing_run.execute`: runs the billing run `run_id` and records its outcome. Safe to run
/// again after a crash: what committed is not billed twice, the rest is billed now.
async function executeBillingRun({ run_id: runId }, services) {
  const { db, clock } = services;
  const run = await db.selectFrom('billing_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
  if (run.status === 'succeeded') return {};
  const started = toInstant(clock.now());
  await db.updateTable('billing_runs').set({ status: 'running', started_at: run.started_at || started, updated_at: started }).where('id', '=', runId).execute();
  let customers = 0;
  const onProgress = async () => {
    customers += 1;
    if (customers % PROGRESS_EVERY !== 0) return;
    await db.updateTable('billing_runs').set({ updated_at: toInstant(clock.now()) }).where('id', '=', runId).execute();
  };
  const summary = await runBilling(services, { until: run.until, runId, onProgress });
  const counts = await db.selectFrom('invoices').select((eb) => eb.fn.countAll().as('count')).where('billing_run_id', '=', runId).executeTakeFirst();
  await db.updateTable('billing_runs').set({
    status: 'succeeded', invoices: Number(counts.count), subscriptions: run.subscriptions + summary.subscriptions,
    totals: JSON.stringify(summary.totals), failures: JSON.stringify(summary.failures),
    finished_at: toInstant(clock.now()), updated_at: toInstant(clock.now()),
  }).where('id', '=', runId).execute();
  return { warning: summary.failures.length ? `${summary.failures.length} customers could not be billed (the run lists them)` : null };
}

/// Recurring, every minute: bills whatever is due now (wall-clock customers up to now,
/// test-clock customers up to their clocks), unless RATECARD_AUTO_BILLING is false.
async function billDue(payload, services) {
  const now = toInstant(services.now || services.clock.now());
  if (services.config && services.config.autoBilling === false) return { rescheduleAt: addMilliseconds(now, BILL_DUE_INTERVAL_MS) };
  const summary = await runBilling(services, { until: now });
  return {
    rescheduleAt: addMilliseconds(now, BILL_DUE_INTERVAL_MS),
    warning: summary.failures.length ? `${summary.failures.length} customers could not be billed: ${summary.failures.slice(0, 5).map((f) => `${f.customer}: ${f.error}`).join('; ')}` : null,
  };
}

async function scheduleBillingJobs(db, now) {
  await scheduleRecurringJob(db, { id: 'job_recurring_billing_bill_due', type: 'billing.bill_due' }, now);
}

const BILLING_HANDLERS = { 'billing_run.execute': executeBillingRun, 'billing.bill_due': billDue };

module.exports = { BILLING_HANDLERS, scheduleBillingJobs };
