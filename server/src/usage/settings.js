'use strict';

const DAY_MS = 24 * 60 * 60 * 1000;

/// Usage metering's windows unless configured (docs/server.md, "Usage metering").
const USAGE_DEFAULTS = {
  /// How long a (customer, event id) is remembered after its event was received.
  dedupDays: 35,
  /// How far back an event's timestamp may be, from the customer's now.
  lookbackDays: 30,
  /// How far ahead of the customer's now an event's timestamp may be.
  futureSeconds: 300,
  /// Events older than this may be archived (npm run usage -- archive).
  retentionDays: 400,
};

/// The usage settings of the server's config (its `usage` member) over the defaults, checked:
/// the lookback may not exceed the deduplication window (an event old enough to be refused as
/// a duplicate must still be recognized as one) nor the retention.
function usageSettings(config = {}) {
  const settings = { ...USAGE_DEFAULTS, ...(config.usage || {}) };
  if (settings.lookbackDays > settings.dedupDays) {
    throw new Error(`RATECARD_USAGE_LOOKBACK_DAYS (${settings.lookbackDays}) may not exceed RATECARD_USAGE_DEDUP_DAYS (${settings.dedupDays}): a retried event older than the deduplication window would count twice`);
  }
  if (settings.lookbackDays > settings.retentionDays) {
    throw new Error(`RATECARD_USAGE_LOOKBACK_DAYS (${settings.lookbackDays}) may not exceed RATECARD_USAGE_RETENTION_DAYS (${settings.retentionDays}): late events would land in archived months`);
  }
  return {
    ...settings,
    dedupMs: settings.dedupDays * DAY_MS,
    lookbackMs: settings.lookbackDays * DAY_MS,
    futureMs: settings.futureSeconds * 1000,
    retentionMs: settings.retentionDays * DAY_MS,
  };
}

module.exports = { usageSettings };
