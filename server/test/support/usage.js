'use strict';
// Helpers for the usage metering tests: metrics, a plan charging for them, customers with a
// subscription, sending events and merging them as the aggregation job does.
const { sql } = require('kysely');
const { inTransaction } = require('../../src/db/rows');
const { mergePending } = require('../../src/usage/processor');
const { expectStatus } = require('./fixtures');

/// Creates metrics through the API: [{ code, aggregation, property?, filters?, time_unit? }].
async function createMetrics(t, metrics) {
  const created = [];
  for (const metric of metrics) {
    created.push(await expectStatus(t.call('POST', '/v1/metrics', { body: { name: `Metric ${metric.code}`, ...metric } }), 201));
  }
  return created;
}

/// A monthly plan with a usage price per metric code (`pricings`: code -> core price object;
/// per_unit 1.00 unless given) and a flat fee; returns the plan.
async function createUsagePlan(t, { code, metrics, pricings = {}, fee = '10.00' }) {
  const product = await expectStatus(t.call('POST', '/v1/products', { body: { name: `Product ${code}` } }), 201);
  const prices = [await expectStatus(t.call('POST', '/v1/prices', {
    body: { product: product.id, currency: 'USD', type: 'recurring', interval: 'month', pricing: { model: 'flat', amount: fee } },
  }), 201)];
  for (const metric of metrics) {
    prices.push(await expectStatus(t.call('POST', '/v1/prices', {
      body: {
        product: product.id, currency: 'USD', type: 'usage', interval: 'month', metric,
        pricing: pricings[metric] || { model: 'per_unit', unit_amount: '1.00' },
      },
    }), 201));
  }
  return expectStatus(t.call('POST', '/v1/plans', {
    body: { code, name: `Plan ${code}`, product: product.id, currency: 'USD', interval: 'month', prices: prices.map((p) => p.id) },
  }), 201);
}

/// A customer (body fields as given) subscribed to `plan` now: { customer, subscription }.
async function subscribedCustomer(t, plan, body = {}) {
  const customer = await expectStatus(t.call('POST', '/v1/customers', { body: { name: 'Metered', currency: 'USD', ...body } }), 201);
  const subscription = await expectStatus(t.call('POST', '/v1/subscriptions', { body: { customer: customer.id, plan: plan.id } }), 201);
  return { customer, subscription };
}

/// Sends a batch; returns the response body (asserting 200).
function sendBatch(t, events, options = {}) {
  return expectStatus(t.call('POST', '/v1/usage_events', { body: { events }, ...options }), 200);
}

/// Merges every waiting event, `limit` at a time (as the usage.aggregate job does).
async function mergeAll(t, limit = 5000) {
  let merged = 0;
  const deadline = Date.now() + 30000;
  for (;;) {
    const outcome = await inTransaction(t.services.db, (trx) => mergePending(trx, t.services, { limit }));
    merged += outcome.merged;
    if (outcome.events === limit) continue;
    // On PostgreSQL a batch leaves the events of transactions newer than one still running (a
    // job claim, say) to the next: until the watermark has passed every stored event.
    if (!(await anyPastWatermark(t.services)) || Date.now() > deadline) return merged;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/// Runs the due jobs until the usage job has merged, or set aside, every stored event. On
/// PostgreSQL a run leaves the events of transactions newer than one still running anywhere in
/// the cluster (another test file's, a job claim) to its next run, which is then made due at once.
async function drainUntilMerged(t) {
  const deadline = Date.now() + 30000;
  for (;;) {
    await t.worker.drain();
    if (!(await anyPastWatermark(t.services))) return;
    if (Date.now() > deadline) throw new Error('the usage job left events past its watermark for 30 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
    await t.services.db.updateTable('jobs').set({ run_at: t.services.clock.now().toISOString() })
      .where('id', '=', 'job_recurring_usage_aggregate').execute();
  }
}

async function anyPastWatermark({ db, dialect }) {
  const { rows } = dialect === 'postgres'
    ? await sql`select 1 from usage_events, usage_merge_watermark w
        where w.id = 1 and (usage_events.xid, usage_events.id) > (w.through_xid::xid8, w.through_id) limit 1`.execute(db)
    : await sql`select 1 from usage_events, usage_merge_watermark w where w.id = 1 and usage_events.seq > w.through_seq limit 1`.execute(db);
  return rows.length > 0;
}

/// The stored aggregate rows, sorted, as { key: { partial, aggregate, initial_value, revision } }.
async function storedAggregates(t) {
  const rows = await t.services.db.selectFrom('usage_aggregates').selectAll()
    .orderBy('subscription_id').orderBy('metric').orderBy('period_start').execute();
  return Object.fromEntries(rows.map((row) => [
    `${row.subscription_id}|${row.metric}|${row.period_start}`,
    { partial: row.partial, aggregate: row.aggregate, initial_value: row.initial_value },
  ]));
}

module.exports = { createMetrics, createUsagePlan, subscribedCustomer, sendBatch, mergeAll, drainUntilMerged, storedAggregates };
