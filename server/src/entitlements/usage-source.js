'use strict';

// The one place entitlements read metered usage. Usage has one store (usage metering, issue
// 16): this module will read its open-period quantity per customer and metric, each metered
// feature's key naming its metric. Until that read interface lands there is no usage store
// to read, so metered features are decided on their balances alone (usage "0").

/// Usage records ({feature, amount, at}) of `features` (metered feature keys) for a customer,
/// as of `at` (a core instant).
async function meteredUsage(executor, { customerId, features, at }) {
  return [];
}

module.exports = { meteredUsage };
