'use strict';
// SQL over the stored usage events, the merge watermark (the events past it wait to be merged),
// the events merged ahead of it or refused, and the per-customer counters.
const { sql, PostgresAdapter } = require('kysely');

/// The merge watermark, the position of the last event the aggregation job passed: { seq } on
/// SQLite, { xid, id } on PostgreSQL (an event's position is its `seq`, or its `(xid, id)`:
/// the inserting transaction's id and its own). With `lock`, held for the rest of the
/// transaction on PostgreSQL (the job and voids take it; SQLite has one writer).
async function readWatermark(trx, dialect, { lock = false } = {}) {
  const { rows } = await sql`select through_seq, through_xid, through_id from usage_merge_watermark where id = 1
    ${lock && dialect === 'postgres' ? sql`for update` : sql``}`.execute(trx);
  const row = rows[0];
  return dialect === 'postgres' ? { xid: row.through_xid, id: row.through_id } : { seq: Number(row.through_seq) };
}

/// The position of a stored event row (a watermark once the job has passed it).
function positionOf(dialect, event) {
  return dialect === 'postgres' ? { xid: String(event.xid), id: event.id } : { seq: Number(event.seq) };
}

/// Moves the watermark to `position` (the job, holding it).
async function moveWatermark(trx, dialect, position, now) {
  const set = dialect === 'postgres' ? { through_xid: position.xid, through_id: position.id } : { through_seq: position.seq };
  await trx.updateTable('usage_merge_watermark').set({ ...set, updated_at: now }).where('id', '=', 1).execute();
}

// SQL: the usage_events row is past `watermark`, or past the stored one when none is given
// (given, the database searches the position's index for the events past it).
function pastWatermark(dialect, watermark = null) {
  if (watermark) {
    return dialect === 'postgres'
      ? sql`(usage_events.xid, usage_events.id) > (${watermark.xid}::xid8, ${watermark.id})`
      : sql`usage_events.seq > ${watermark.seq}`;
  }
  return dialect === 'postgres'
    ? sql`(usage_events.xid, usage_events.id) > (select through_xid::xid8, through_id from usage_merge_watermark where id = 1)`
    : sql`usage_events.seq > (select through_seq from usage_merge_watermark where id = 1)`;
}

// SQL: the usage_events row waits to be merged: past `watermark` (by default the stored one),
// not voided, not merged ahead by invoicing, not refused by the core.
function waitingCondition(dialect, watermark = null) {
  return sql`${pastWatermark(dialect, watermark)} and usage_events.voided_at is null
    and not exists (select 1 from usage_merged_ahead a where a.usage_event_id = usage_events.id)
    and not exists (select 1 from usage_merge_failures f where f.usage_event_id = usage_events.id)`;
}

/// The next `limit` events past `watermark`, in position order, voided ones too (the job
/// passes them without merging). On PostgreSQL only those of transactions older than every
/// transaction still running, so none can commit behind the watermark later.
async function readPastWatermark(trx, dialect, watermark, limit) {
  const { rows } = dialect === 'postgres'
    ? await sql`select * from usage_events
        where (xid, id) > (${watermark.xid}::xid8, ${watermark.id})
        and xid < pg_snapshot_xmin(pg_current_snapshot())
        order by xid, id limit ${limit}`.execute(trx)
    : await sql`select * from usage_events where seq > ${watermark.seq} order by seq limit ${limit}`.execute(trx);
  return rows;
}

/// The next `limit` waiting events of some subscriptions, in position order (invoicing merges
/// them ahead of the job, holding the subscriptions' usage locks). One statement: the database
/// finds the subscriptions' events by their index and reads the watermark once for all of them.
async function readSubscriptionsWaiting(trx, dialect, subscriptionIds, limit) {
  const order = dialect === 'postgres' ? sql`usage_events.xid, usage_events.id` : sql`usage_events.seq`;
  const { rows } = await sql`select * from usage_events
    where usage_events.subscription_id in (${sql.join(subscriptionIds)}) and ${waitingCondition(dialect)}
    order by ${order} limit ${limit}`.execute(trx);
  return rows;
}

/// The ids among `eventIds` that invoicing merged ahead of the job.
async function mergedAheadAmong(trx, eventIds) {
  const found = new Set();
  for (const chunk of chunks(eventIds, 500)) {
    const rows = await trx.selectFrom('usage_merged_ahead').select('usage_event_id').where('usage_event_id', 'in', chunk).execute();
    for (const row of rows) found.add(row.usage_event_id);
  }
  return found;
}

/// The ids among `eventIds` the core refused to merge before.
async function failedAmong(trx, eventIds) {
  const found = new Set();
  for (const chunk of chunks(eventIds, 500)) {
    const rows = await trx.selectFrom('usage_merge_failures').select('usage_event_id').where('usage_event_id', 'in', chunk).execute();
    for (const row of rows) found.add(row.usage_event_id);
  }
  return found;
}

/// Records events merged ahead of the job.
async function markMergedAhead(trx, eventIds) {
  for (const chunk of chunks(eventIds, 500)) {
    await trx.insertInto('usage_merged_ahead').values(chunk.map((id) => ({ usage_event_id: id }))).execute();
  }
}

/// Forgets the merged-ahead marks of events the watermark has passed.
async function forgetMergedAhead(trx, eventIds) {
  for (const chunk of chunks(eventIds, 500)) {
    await trx.deleteFrom('usage_merged_ahead').where('usage_event_id', 'in', chunk).execute();
  }
}

/// Records events the core refused to merge, with the reason.
async function recordMergeFailures(trx, events, error) {
  for (const chunk of chunks(events, 500)) {
    await trx.insertInto('usage_merge_failures').values(chunk.map((event) => ({
      usage_event_id: event.id, customer_id: event.customer_id, received_at: event.received_at, error,
    }))).execute();
  }
}

/// Whether a stored event still waits to be merged, for voiding it (the caller holds the
/// watermark and the subscription's usage lock): a refused one is taken off the failures.
async function takeWaiting(trx, dialect, event) {
  const failed = await trx.deleteFrom('usage_merge_failures').where('usage_event_id', '=', event.id).executeTakeFirst();
  if (Number(failed.numDeletedRows) === 1) return true;
  // Compared by the database (PostgreSQL orders ids by the column's collation).
  const { rows } = await sql`select 1 from usage_events where usage_events.id = ${event.id}
    and usage_events.occurred_at = ${event.occurred_at} and ${pastWatermark(dialect)}`.execute(trx);
  if (!rows.length) return false;
  return (await mergedAheadAmong(trx, [event.id])).size === 0;
}

/// How many events wait (or were refused by the core), with the oldest one's arrival, in all
/// or per customer. `where(query)` narrows a query over usage_events (customer, subscription,
/// timestamps). Returns rows { customer_id (with `byCustomer`), pending, oldest, failed }.
async function waitingCounts(executor, dialect, { where = (query) => query, byCustomer = false } = {}) {
  const watermark = await readWatermark(executor, dialect);
  const waiting = where(executor.selectFrom('usage_events').where(waitingCondition(dialect, watermark)));
  // (The few failures first, then their events by id.)
  const failed = where(executor.selectFrom('usage_events')
    .where('usage_events.id', 'in', (eb) => eb.selectFrom('usage_merge_failures').select('usage_merge_failures.usage_event_id')));
  const counts = (query) => query.select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('usage_events.received_at').as('oldest')]);
  if (!byCustomer) {
    const [w, f] = await Promise.all([counts(waiting).executeTakeFirst(), counts(failed).executeTakeFirst()]);
    return [{ pending: Number(w.n) + Number(f.n), oldest: earliest(w.oldest, f.oldest), failed: Number(f.n) }];
  }
  const grouped = (query) => counts(query).select('usage_events.customer_id as customer_id').groupBy('usage_events.customer_id').execute();
  const [w, f] = await Promise.all([grouped(waiting), grouped(failed)]);
  const rows = new Map();
  for (const row of w) rows.set(row.customer_id, { customer_id: row.customer_id, pending: Number(row.n), oldest: row.oldest, failed: 0 });
  for (const row of f) {
    const entry = rows.get(row.customer_id) || { customer_id: row.customer_id, pending: 0, oldest: null, failed: 0 };
    entry.pending += Number(row.n);
    entry.failed = Number(row.n);
    entry.oldest = earliest(entry.oldest, row.oldest);
    rows.set(row.customer_id, entry);
  }
  return [...rows.values()];
}

const earliest = (a, b) => (a == null ? (b ?? null) : b == null || a <= b ? a : b);

/// A page of the merged, not voided events of one aggregate (subscription, metric, period),
/// in id order after `afterId`: passed by the watermark or merged ahead, and not refused.
function mergedEventsOf(executor, { subscription_id: subscriptionId, metric, period_start: periodStart, period_end: periodEnd }, { afterId, limit }) {
  const dialect = executor.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
  return executor.selectFrom('usage_events').selectAll()
    .where('subscription_id', '=', subscriptionId).where('metric', '=', metric).where('period_start', '=', periodStart)
    // The period bounds the timestamps too, so PostgreSQL reads only the partitions it spans.
    .where('occurred_at', '>=', periodStart).where('occurred_at', '<', periodEnd)
    .where('voided_at', 'is', null)
    .where('id', '>', afterId)
    .where(sql`(not ${pastWatermark(dialect)} or exists (select 1 from usage_merged_ahead a where a.usage_event_id = usage_events.id))`)
    .where(sql`not exists (select 1 from usage_merge_failures f where f.usage_event_id = usage_events.id)`)
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

module.exports = {
  readWatermark, positionOf, moveWatermark, readPastWatermark, readSubscriptionsWaiting, mergedAheadAmong, failedAmong,
  markMergedAhead, forgetMergedAhead, recordMergeFailures, takeWaiting, waitingCounts, mergedEventsOf, addToCounters, chunks,
};
