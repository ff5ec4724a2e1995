'use strict';
// The one place entitlements read metered usage, through the usage store's interface (usage
// metering owns the only usage store). A metered feature counts the usage of the billable
// metric whose code is its key; a metered feature no metric is named after counts nothing
// (its balance is decided on grants and the included allowance alone).
const { cachedOpenPeriodUsage } = require('../usage');
const { coreInstant } = require('../subscriptions/calendar');

/// Usage records ({feature, amount, at}) of `features` (metered feature keys named after a
/// billable metric: the context's meteredMetrics) for a customer: for each, the quantity its
/// subscriptions recorded in their open billing period, as one record at the period's start,
/// from the usage domain's cache of it. Exact for features that reset with the billing period
/// (the default) or never; a feature with a shorter reset (a daily quota) sees the whole billing
/// period's usage (docs/server.md, "Metered features").
async function meteredUsage(services, { customerId, features }) {
  const records = [];
  for (const feature of features) {
    for (const usage of await cachedOpenPeriodUsage(services, { customerId, metric: feature })) {
      if (isPositive(usage.aggregate.value)) records.push({ feature, amount: usage.aggregate.value, at: coreInstant(usage.period.start) });
    }
  }
  return records;
}

// A quantity text above zero (aggregates are exact decimal text, never negative for a count).
function isPositive(quantity) {
  return !/^-/.test(quantity) && /[1-9]/.test(quantity);
}

module.exports = { meteredUsage };
