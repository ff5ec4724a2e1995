'use strict';
// How far processing has come: accepted events (processed + waiting), per customer, and the
// lag between accepting and merging them, so usage accepted but never billed cannot go unseen.
const { toInstant } = require('../time');
const { inSnapshot } = require('../db/rows');
const { waitingCounts } = require('./event-store');

/// Customers listed at most (those with the oldest waiting events first).
const MAX_CUSTOMERS = 100;
/// Refused merges named at most.
const MAX_FAILURES = 20;

/// The processing status, for everyone or one customer (`customerId`), read on one snapshot:
/// read apart, a merge committing between the processed counts and the waiting events would
/// drop its events from both.
function usageStatus(db, dialect, clock, options = {}) {
  return inSnapshot(db, dialect, (trx) => readStatus(trx, dialect, clock, options));
}

async function readStatus(db, dialect, clock, { customerId = null }) {
  const now = clock.now();
  const forCustomer = (query, column = 'customer_id') => (customerId ? query.where(column, '=', customerId) : query);
  const totals = await forCustomer(db.selectFrom('usage_counters').select((eb) => [
    eb.fn.sum('processed').as('processed'), eb.fn.sum('unattributed').as('unattributed'),
    eb.fn.sum('late').as('late'), eb.fn.sum('voided').as('voided'),
  ])).executeTakeFirst();
  const narrow = (query) => (customerId ? query.where('usage_events.customer_id', '=', customerId) : query);
  const [waiting] = await waitingCounts(db, dialect, { where: narrow });
  let lagging = (await waitingCounts(db, dialect, { where: narrow, byCustomer: true }))
    .sort((a, b) => (a.oldest < b.oldest ? -1 : a.oldest > b.oldest ? 1 : 0)).slice(0, MAX_CUSTOMERS);
  if (customerId && !lagging.length) lagging = [{ customer_id: customerId, pending: 0, oldest: null, failed: 0 }];
  const counters = lagging.length
    ? await db.selectFrom('usage_counters').selectAll().where('customer_id', 'in', lagging.map((row) => row.customer_id)).execute()
    : [];
  const countersOf = new Map(counters.map((row) => [row.customer_id, row]));
  const failures = await forCustomer(db.selectFrom('usage_merge_failures').select(['usage_event_id', 'customer_id', 'error'])
    .orderBy('usage_event_id').limit(MAX_FAILURES)).execute();

  return {
    object: 'usage_status', as_of: toInstant(now),
    ...countsOf(totals, waiting, now),
    oldest_pending_received_at: waiting.oldest ?? null,
    customers: lagging.map((row) => {
      const counter = countersOf.get(row.customer_id) || {};
      return { customer: row.customer_id, ...countsOf(counter, row, now), last_processed_at: counter.last_processed_at ?? null };
    }),
    failures: failures.map((row) => ({ event: row.usage_event_id, customer: row.customer_id, error: row.error })),
  };
}

// Counts are whole numbers (PostgreSQL sums come back as text).
function countsOf(counter, waiting, now) {
  const whole = (value) => Number(value ?? 0);
  const processed = whole(counter.processed);
  const pending = whole(waiting.pending);
  return {
    accepted: processed + pending, processed, pending, failed: whole(waiting.failed),
    unattributed: whole(counter.unattributed), late: whole(counter.late), voided: whole(counter.voided),
    lag_seconds: waiting.oldest ? Math.max(0, Math.floor((now.getTime() - Date.parse(waiting.oldest)) / 1000)) : 0,
  };
}

module.exports = { usageStatus };
