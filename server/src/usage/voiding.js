'use strict';
// Voiding an event sent by mistake: it stops counting. One still waiting is simply never
// merged (the aggregation job and invoicing pass voided events); one merged already is taken out by recomputing its aggregate from the stored events
// (partials can be merged, not subtracted). In an invoiced period the aggregate then differs
// from what was billed: a negative late adjustment for the next invoice.
const { ApiError, notFound, invalidState } = require('../http/errors');
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { findMetricByCode } = require('../catalog/metrics');
const store = require('./aggregate-store');
const { readWatermark, takeWaiting, addToCounters } = require('./event-store');
const { recomputeState, saveState } = require('./aggregates');
const { presentUsageEvent } = require('./presenters');

/// Voids stored event `id` in `trx`, records usage_event.voided and returns the event.
async function voidUsageEvent(trx, services, id, { reason = null }) {
  const { dialect, clock } = services;
  // The watermark's lock first (as the aggregation job takes it): a batch merging right now is
  // waited for, and none starts until this void commits.
  await readWatermark(trx, dialect, { lock: true });
  let query = trx.selectFrom('usage_events').selectAll().where('id', '=', id);
  if (dialect === 'postgres') query = query.forUpdate();
  const event = await query.executeTakeFirst();
  if (!event) throw notFound('usage event', id);
  if (event.voided_at !== null) throw invalidState(`the event was voided at ${event.voided_at}`);
  const archive = await trx.selectFrom('usage_archive').select('archived_before').where('id', '=', 1).executeTakeFirst();
  if (archive && event.occurred_at < archive.archived_before) {
    throw new ApiError('INVALID_STATE', `the event is in an archived month (before ${archive.archived_before})`);
  }

  const now = toInstant(clock.now());
  // And its subscription's usage lock (as invoicing takes it before merging ahead).
  if (event.subscription_id !== null) await store.lockSubscriptionsUsage(trx, dialect, [event.subscription_id]);
  const wasWaiting = await takeWaiting(trx, dialect, event);
  await trx.updateTable('usage_events').set({ voided_at: now, void_reason: reason })
    .where('id', '=', event.id).where('occurred_at', '=', event.occurred_at).execute();
  if (!wasWaiting && event.subscription_id !== null) await recomputeWithout(trx, services, event);

  // A waiting event is done with now: processed, and never counted.
  const counted = { voided: 1, processed: wasWaiting ? 1 : 0, unattributed: wasWaiting && event.subscription_id === null ? 1 : 0 };
  await addToCounters(trx, new Map([[event.customer_id, counted]]), now);
  const voided = presentUsageEvent({ ...event, voided_at: now, void_reason: reason });
  await recordEvent(trx, { type: 'usage_event.voided', object: voided, customerId: event.customer_id }, clock.now());
  return voided;
}

async function recomputeWithout(trx, services, event) {
  const metric = await findMetricByCode(trx, event.metric);
  const group = {
    subscription_id: event.subscription_id, metric: event.metric, period_start: event.period_start,
    period_end: event.period_end, customer_id: event.customer_id,
  };
  const existing = await store.readAggregate(trx, { subscriptionId: group.subscription_id, metric: group.metric, periodStart: group.period_start });
  const state = await recomputeState(trx, services.core, metric, group);
  await saveState(trx, services, metric, group, existing, state);
}

module.exports = { voidUsageEvent };
