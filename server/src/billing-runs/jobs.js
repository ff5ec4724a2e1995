'use strict';
const { toInstant, addMilliseconds } = require('../time');
const { scheduleRecurringJob } = require('../jobs/queue');
const { runBilling } = require('./run');
const { planBillingRun, billBatch } = require('./batches');
const { checkAllThresholds } = require('./thresholds');

const BILL_DUE_INTERVAL_MS = 60 * 1000;
const THRESHOLDS_INTERVAL_MS = 30 * 1000;

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

/// Recurring, every 30 s (RATECARD_THRESHOLDS_INTERVAL_MS): issues the threshold invoices due
/// (thresholds.js), unless RATECARD_AUTO_BILLING is false.
async function checkThresholdsDue(payload, services) {
  const now = toInstant(services.now || services.clock.now());
  const rescheduleAt = addMilliseconds(now, (services.config && services.config.thresholdsIntervalMs) || THRESHOLDS_INTERVAL_MS);
  if (services.config && services.config.autoBilling === false) return { rescheduleAt };
  const { failures } = await checkAllThresholds(services);
  return {
    rescheduleAt,
    warning: failures.length ? `${failures.length} subscriptions' thresholds could not be checked: ${failures.slice(0, 5).map((f) => `${f.subscription}: ${f.error}`).join('; ')}` : null,
  };
}

async function scheduleBillingJobs(db, now) {
  await scheduleRecurringJob(db, { id: 'job_recurring_billing_bill_due', type: 'billing.bill_due' }, now);
  await scheduleRecurringJob(db, { id: 'job_recurring_billing_check_thresholds', type: 'billing.check_thresholds' }, now);
}

const BILLING_HANDLERS = {
  'billing_run.execute': planBillingRun, 'billing_run.batch': billBatch, 'billing.bill_due': billDue, 'billing.check_thresholds': checkThresholdsDue,
};

module.exports = { BILLING_HANDLERS, scheduleBillingJobs };
