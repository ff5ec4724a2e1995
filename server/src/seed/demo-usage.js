'use strict';
// The demo usage `npm start` reports for the demo subscriptions, sent through the same
// ingestion as POST /v1/usage_events. Event ids and timestamps are derived from each
// subscription, so a later start sends the same events again and they are duplicates.
const { inTransaction } = require('../db/rows');
const { usageSettings } = require('../usage/settings');
const { prepareBatch, storeBatch, ensureBatchPartitions } = require('../usage/ingestion');

/// Sends `usage` (plan code -> [{ metric, count, properties }]) for every subscription of the
/// demo customers (external ids "demo-...", not the demo's past: "demo-history-...") on those
/// plans, dated at the subscription's start.
/// Returns how many events were new. Events the server refuses (older than the lookback limit
/// once the demo data is old) are left out.
async function sendDemoUsage(services, usage) {
  const plans = Object.keys(usage);
  if (!plans.length) return 0;
  const subscriptions = await services.db.selectFrom('subscriptions')
    .innerJoin('customers', 'customers.id', 'subscriptions.customer_id')
    .innerJoin('plans', 'plans.id', 'subscriptions.plan_id')
    .select(['customers.external_id as customer', 'subscriptions.id as id', 'subscriptions.started_at as started_at', 'plans.code as plan'])
    .where('plans.code', 'in', plans).where('customers.external_id', 'like', 'demo-%')
    .where('customers.external_id', 'not like', 'demo-history-%').orderBy('subscriptions.id').execute();
  const events = [];
  for (const subscription of subscriptions) {
    for (const { metric, count, properties } of usage[subscription.plan]) {
      for (let n = 0; n < count; n += 1) {
        events.push({
          id: `demo-${subscription.id}-${metric}-${n}`, customer: subscription.customer, metric,
          timestamp: subscription.started_at, ...(properties ? { properties } : {}),
        });
      }
    }
  }
  const settings = usageSettings(services.config);
  let accepted = 0;
  for (let i = 0; i < events.length; i += 1000) {
    const candidates = await prepareBatch(services, settings, events.slice(i, i + 1000));
    await ensureBatchPartitions(services, candidates);
    const batch = await inTransaction(services.db, (trx) => storeBatch(trx, services, candidates, (index) => `/events/${index}`));
    accepted += batch.accepted;
  }
  return accepted;
}

module.exports = { sendDemoUsage };
