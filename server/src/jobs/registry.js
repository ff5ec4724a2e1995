'use strict';
const { PLATFORM_HANDLERS, scheduleRecurringJobs: schedulePlatformJobs } = require('./handlers');
const { SUBSCRIPTION_HANDLERS, scheduleSubscriptionJobs } = require('../subscriptions/jobs');
const { MAIL_HANDLERS } = require('../mail/send');
const { REVENUE_HANDLERS, scheduleRevenueJobs } = require('../revenue/jobs');
const { OUTBOX_HANDLERS } = require('../outbox/delivery');
const { WEBHOOK_HANDLERS } = require('../webhooks/deliver');
const { USAGE_HANDLERS, scheduleUsageJobs } = require('../usage/jobs');
const { PROVISIONING_HANDLERS } = require('../provisioning/jobs');
const { PAYMENT_HANDLERS } = require('../payments/jobs');
const { scheduleExpiryNotices } = require('../payments/expiry-notices');
const { BILLING_HANDLERS, scheduleBillingJobs } = require('../billing-runs/jobs');
const { DUNNING_HANDLERS, scheduleDunningJobs } = require('../dunning/retries');
const { FRAUD_HANDLERS } = require('../fraud/reviews');
const { WORKFLOW_HANDLERS } = require('../workflows/runner');
const { GRANT_EXPIRY_HANDLERS, scheduleGrantExpiry } = require('../balances/grant-expiry');
const { TRIAL_NOTICE_HANDLERS, scheduleTrialNotices } = require('../subscriptions/trial-ending');

/// Every job type the worker runs, by type.
function jobHandlers() {
  return { ...PLATFORM_HANDLERS, ...OUTBOX_HANDLERS, ...SUBSCRIPTION_HANDLERS, ...MAIL_HANDLERS, ...WEBHOOK_HANDLERS,
    ...USAGE_HANDLERS, ...PROVISIONING_HANDLERS, ...PAYMENT_HANDLERS, ...BILLING_HANDLERS, ...DUNNING_HANDLERS, ...FRAUD_HANDLERS,
    ...REVENUE_HANDLERS, ...WORKFLOW_HANDLERS, ...GRANT_EXPIRY_HANDLERS,
    ...TRIAL_NOTICE_HANDLERS };
}

/// Ensures each recurring job has its one queued row.
async function scheduleRecurringJobs(db, now) {
  await scheduleRevenueJobs(db, now);
  await schedulePlatformJobs(db, now);
  await scheduleSubscriptionJobs(db, now);
  await scheduleUsageJobs(db, now);
  await scheduleExpiryNotices(db, now);
  await scheduleBillingJobs(db, now);
  await scheduleDunningJobs(db, now);
  await scheduleGrantExpiry(db, now);
  await scheduleTrialNotices(db, now);
}

module.exports = { jobHandlers, scheduleRecurringJobs };
