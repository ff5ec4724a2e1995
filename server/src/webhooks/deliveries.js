'use strict';
const { notFound } = require('../http/errors');
const { parseJson } = require('../db/rows');
const { newId } = require('../ids');
const { toInstant } = require('../time');
const { enqueueJob } = require('../jobs/queue');
const { MAX_ATTEMPTS } = require('./policy');

const STATUSES = ['pending', 'scheduled', 'succeeded', 'failed'];
/// Deliveries still to be made: waiting their turn in their customer's queue, or with an
/// attempt scheduled.
const OPEN = ['pending', 'scheduled'];

const attemptSchema = {
  title: 'WebhookAttempt',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'webhook_attempt' }, attempt: { type: 'integer' }, url: { type: 'string' },
    request_headers: { type: 'object', additionalProperties: { type: 'string' } },
    started_at: { type: 'string' }, latency_ms: { type: 'integer' },
    response_status: { type: ['integer', 'null'] }, response_body: { type: ['string', 'null'], description: 'The first 4 KiB of the answer' },
    error: { type: ['string', 'null'], description: 'Why there was no answer (refused, timed out, private address)' },
    outcome: { enum: ['succeeded', 'failed'] },
  },
};

const deliverySchema = {
  title: 'WebhookDelivery',
  type: 'object',
  properties: {
    id: { type: 'string' }, object: { const: 'webhook_delivery' }, endpoint: { type: 'string' },
    event: { type: 'string', description: 'The event delivered; also the webhook-id header, the same on every attempt' },
    event_type: { type: 'string' }, customer: { type: ['string', 'null'] },
    replay_of: { type: ['string', 'null'], description: 'The delivery this one replays' },
    status: { enum: STATUSES, description: "pending: waits for an earlier delivery of the customer's events; scheduled: an attempt is due at next_attempt_at; succeeded; failed: out of attempts, or the endpoint was disabled" },
    attempts: { type: 'integer' }, max_attempts: { type: 'integer' }, next_attempt_at: { type: ['string', 'null'] },
    last_response_status: { type: ['integer', 'null'] }, last_error: { type: ['string', 'null'] },
    delivered_at: { type: ['string', 'null'] }, created_at: { type: 'string' }, updated_at: { type: 'string' },
  },
};

const deliveryWithAttemptsSchema = {
  ...deliverySchema,
  title: 'WebhookDeliveryWithAttempts',
  properties: {
    ...deliverySchema.properties,
    request: {
      type: 'object', description: 'What every attempt sends (each signs it at its own time)',
      properties: { url: { type: 'string' }, body: { type: 'string' } },
    },
    attempt_log: { type: 'array', items: attemptSchema },
  },
};

function presentDelivery(row) {
  return {
    id: row.id, object: 'webhook_delivery', endpoint: row.endpoint_id, event: row.event_id, event_type: row.event_type,
    customer: row.customer_key || null, replay_of: row.replay_of, status: row.status, attempts: row.attempts,
    max_attempts: MAX_ATTEMPTS, next_attempt_at: row.next_attempt_at, last_response_status: row.last_response_status,
    last_error: row.last_error, delivered_at: row.delivered_at, created_at: row.created_at, updated_at: row.updated_at,
  };
}

function presentAttempt(row) {
  return {
    id: row.id, object: 'webhook_attempt', attempt: row.attempt, url: row.url, request_headers: parseJson(row.request_headers),
    started_at: row.started_at, latency_ms: row.latency_ms, response_status: row.response_status,
    response_body: row.response_body, error: row.error, outcome: row.outcome,
  };
}

async function findDelivery(executor, id) {
  const row = await executor.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('webhook delivery', id);
  return row;
}

/// The body every attempt of a delivery of `event` sends: the event as GET /v1/events/:id shows
/// it, with the Standard Webhooks fields `type`, `timestamp` and `data`.
function eventPayload(event) {
  return JSON.stringify({
    id: event.id, object: 'event', type: event.type, timestamp: event.created_at, customer: event.customer_id,
    data: { object: JSON.parse(event.data) },
  });
}

/// Adds a delivery of `event` to `endpoint` (locked by the caller), at the end of the
/// endpoint's queue for the event's customer: scheduled now when that queue is idle, else
/// pending until the deliveries before it are done. Returns the row.
async function addDelivery(trx, endpoint, event, { replayOf = null }, now) {
  const customerKey = event.customer_id || '';
  const nowText = toInstant(now);
  const busy = await trx.selectFrom('webhook_deliveries').select('id')
    .where('endpoint_id', '=', endpoint.id).where('customer_key', '=', customerKey).where('status', 'in', OPEN)
    .limit(1).executeTakeFirst();
  const row = {
    id: newId('whdl'), endpoint_id: endpoint.id, event_id: event.id, event_type: event.type,
    event_created_at: event.created_at, customer_key: customerKey, replay_of: replayOf,
    status: busy ? 'pending' : 'scheduled', attempts: 0, next_attempt_at: busy ? null : nowText,
    last_response_status: null, last_error: null, delivered_at: null, created_at: nowText, updated_at: nowText,
  };
  await trx.insertInto('webhook_deliveries').values(row).execute();
  if (!busy) await scheduleAttempt(trx, row, 1, nowText, now);
  return row;
}

/// Queues the job that makes attempt `attempt` of a delivery at `runAt`.
function scheduleAttempt(trx, delivery, attempt, runAt, now) {
  return enqueueJob(trx, { type: 'webhook.deliver', payload: { delivery_id: delivery.id, attempt }, runAt }, now);
}

/// Starts the next delivery of a customer's queue once the one before it is done: the pending
/// delivery of the earliest event, scheduled now.
async function startNextInQueue(trx, endpointId, customerKey, now) {
  const next = await trx.selectFrom('webhook_deliveries').selectAll()
    .where('endpoint_id', '=', endpointId).where('customer_key', '=', customerKey).where('status', '=', 'pending')
    .orderBy('event_created_at').orderBy('event_id').orderBy('id').limit(1).executeTakeFirst();
  if (!next) return;
  const nowText = toInstant(now);
  await trx.updateTable('webhook_deliveries').set({ status: 'scheduled', next_attempt_at: nowText, updated_at: nowText })
    .where('id', '=', next.id).execute();
  await scheduleAttempt(trx, next, next.attempts + 1, nowText, now);
}

/// Fails every delivery still to be made to an endpoint (it was disabled or deleted).
function failOpenDeliveries(trx, endpointId, reason, now) {
  const nowText = toInstant(now);
  return trx.updateTable('webhook_deliveries').set({ status: 'failed', next_attempt_at: null, last_error: reason, updated_at: nowText })
    .where('endpoint_id', '=', endpointId).where('status', 'in', OPEN).execute();
}

module.exports = {
  STATUSES, deliverySchema, deliveryWithAttemptsSchema, presentDelivery, presentAttempt, findDelivery, eventPayload,
  addDelivery, scheduleAttempt, startNextInQueue, failOpenDeliveries,
};
