'use strict';
// SQL over the stored usage events, their deduplication keys, the queue of events waiting to be
// merged (usage_pending) and the per-customer counters.
const { sql } = require('kysely');

/// The next `limit` events waiting to be merged, oldest arrival first, with their pending rows
/// locked: other transactions skip them on PostgreSQL (SQLite runs one writer at a time).
/// With `subscriptionId`, only that subscription's.
async function lockPendingBatch(trx, dialect, { subscriptionId = null, limit }) {
  const bySubscription = subscriptionId === null ? sql`` : sql`and p.subscription_id = ${subscriptionId}`;
  const lock = dialect === 'postgres' ? sql`for update of p skip locked` : sql``;
  const { rows } = await sql`
    select e.* from usage_pending p
    join usage_events e on e.id = p.usage_event_id and e.occurred_at = p.occurred_at
    where p.error is null ${bySubscription}
    order by p.usage_event_id
    limit ${limit}
    ${lock}`.execute(trx);
  return rows;
}

/// Removes merged events from the queue.
async function deletePending(trx, eventIds) {
  for (const chunk of chunks(eventIds, 500)) {
    await trx.deleteFrom('usage_pending').where('usage_event_id', 'in', chunk).execute();
  }
}

/// Keeps events the core refused to merge out of the queue's way, with the reason.
async function markPendingFailed(trx, eventIds, error) {
  for (const chunk of chunks(eventIds, 500)) {
    await trx.updateTable('usage_pending').set({ error }).where('usage_event_id', 'in', chunk).execute();
  }
}

/// Removes one event from the queue; true when it was still waiting (so it was never merged).
async function dequeueEvent(trx, eventId) {
  const result = await trx.deleteFrom('usage_pending').where('usage_event_id', '=', eventId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/// A page of the merged, not voided events of one aggregate (subscription, metric, period),
/// in id order after `afterId`.
function mergedEventsOf(executor, { subscription_id: subscriptionId, metric, period_start: periodStart, period_end: periodEnd }, { afterId, limit }) {
  return executor.selectFrom('usage_events').selectAll()
    .where('subscription_id', '=', subscriptionId).where('metric', '=', metric).where('period_start', '=', periodStart)
    // The period bounds the timestamps too, so PostgreSQL reads only the partitions it spans.
    .where('occurred_at', '>=', periodStart).where('occurred_at', '<', periodEnd)
    .where('voided_at', 'is', null)
    .where('id', '>', afterId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('usage_pending').select('usage_pending.usage_event_id')
      .whereRef('usage_pending.usage_event_id', '=', 'usage_events.id'))))
    .orderBy('id').limit(limit).execute();
}

/// Adds to customers' counters: counts = Map(customer id -> { processed, unattributed, late, voided }).
async function addToCounters(trx, counts, now) {
  for (const [customerId, add] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const row = {
      customer_id: customerId, processed: add.processed || 0, unattributed: add.unattributed || 0,
      late: add.late || 0, voided: add.voided || 0, last_processed_at: add.processed ? now : null,
    };
    await trx.insertInto('usage_counters').values(row)
      .onConflict((conflict) => conflict.column('customer_id').doUpdateSet((eb) => ({
        processed: eb('usage_counters.processed', '+', eb.ref('excluded.processed')),
        unattributed: eb('usage_counters.unattributed', '+', eb.ref('excluded.unattributed')),
        late: eb('usage_counters.late', '+', eb.ref('excluded.late')),
        voided: eb('usage_counters.voided', '+', eb.ref('excluded.voided')),
        last_processed_at: eb.fn.coalesce('excluded.last_processed_at', 'usage_counters.last_processed_at'),
      })))
      .execute();
  }
}

function* chunks(items, size) {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

module.exports = { lockPendingBatch, deletePending, markPendingFailed, dequeueEvent, mergedEventsOf, addToCounters, chunks };
