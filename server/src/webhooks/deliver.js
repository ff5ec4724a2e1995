'use strict';
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { lockEndpoint, signingSecrets } = require('./endpoints');
const { eventPayload, scheduleAttempt, startNextInQueue } = require('./deliveries');
const { signatureHeaders } = require('./signing');
const { postWebhook } = require('./http-client');
const { retryDelayMs, nextThrottleMs, DISABLE_AFTER_FAILING_MS } = require('./policy');
const { disableEndpoint } = require('./service');

const DEFAULT_TIMEOUT_MS = 15000;
const USER_AGENT = 'Ratecard-Webhooks/1';

/// Job `webhook.deliver`: makes attempt `attempt` of one delivery. The request is signed at the
/// moment it is sent (webhook-timestamp) with every secret that signs now, and its outcome is
/// recorded in one transaction with what follows from it: the next attempt scheduled, or the
/// next delivery of the customer's queue started, the endpoint slowed down, disabled and its
/// owner emailed. A job that finds its delivery done, moved on or gone does nothing. Should the
/// process die between the request and that transaction, the job runs again once its claim
/// times out and the request is sent again with the same webhook-id (at least once).
async function deliverWebhook({ delivery_id: deliveryId, attempt }, services) {
  const { db, clock, config } = services;
  const delivery = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirst();
  if (!delivery || delivery.status !== 'scheduled' || delivery.attempts + 1 !== attempt) return;
  const endpoint = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', delivery.endpoint_id).executeTakeFirst();
  if (!endpoint || endpoint.status !== 'enabled') return;
  if (!await reserveSendSlot(services, endpoint, delivery, attempt)) return;

  const event = await db.selectFrom('events').selectAll().where('id', '=', delivery.event_id).executeTakeFirstOrThrow();
  const body = eventPayload(event);
  const started = clock.now();
  const headers = {
    'content-type': 'application/json', 'user-agent': USER_AGENT,
    ...signatureHeaders(signingSecrets(config, endpoint, toInstant(started)), event.id, Math.floor(started.getTime() / 1000), body),
  };
  const result = await postWebhook(endpoint.url, headers, body, {
    timeoutMs: config.webhookTimeoutMs || DEFAULT_TIMEOUT_MS, allowPrivate: !!config.webhookAllowPrivateUrls,
  });
  await recordAttempt(services, { delivery, attempt, url: endpoint.url, headers, started, result });
}

// An endpoint that asked to slow down gets one request per throttle_ms: this claims the next
// slot, or moves the attempt to when the slot is free (returns false).
async function reserveSendSlot({ db, clock }, endpoint, delivery, attempt) {
  if (!endpoint.throttle_ms) return true;
  const nowText = toInstant(clock.now());
  const reserved = await db.updateTable('webhook_endpoints').set({ next_send_at: addMilliseconds(nowText, endpoint.throttle_ms) })
    .where('id', '=', endpoint.id)
    .where((eb) => eb.or([eb('next_send_at', 'is', null), eb('next_send_at', '<=', nowText)]))
    .executeTakeFirst();
  if (Number(reserved.numUpdatedRows) === 1) return true;
  const current = await db.selectFrom('webhook_endpoints').select('next_send_at').where('id', '=', endpoint.id).executeTakeFirst();
  const runAt = addMilliseconds(current?.next_send_at || nowText, Math.floor(Math.random() * 250));
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('webhook_deliveries').set({ next_attempt_at: runAt, updated_at: nowText })
      .where('id', '=', delivery.id).where('status', '=', 'scheduled').where('attempts', '=', attempt - 1).execute();
    await scheduleAttempt(trx, delivery, attempt, runAt, clock.now());
  });
  return false;
}

async function recordAttempt(services, { delivery, attempt, url, headers, started, result }) {
  const { db, dialect, clock } = services;
  await db.transaction().execute(async (trx) => {
    const endpoint = await lockEndpoint(trx, dialect, delivery.endpoint_id);
    if (!endpoint) return; // deleted meanwhile, with its log
    const current = await trx.selectFrom('webhook_deliveries').selectAll().where('id', '=', delivery.id).executeTakeFirst();
    if (!current) return;
    const now = clock.now();
    const nowText = toInstant(now);
    const succeeded = result.status >= 200 && result.status < 300;
    await trx.insertInto('webhook_attempts').values({
      id: newId('what'), delivery_id: delivery.id, attempt, url, request_headers: JSON.stringify(headers),
      started_at: toInstant(started), latency_ms: result.latencyMs, response_status: result.status ?? null,
      response_body: result.body ?? null, error: result.error ?? null, outcome: succeeded ? 'succeeded' : 'failed',
    }).execute();
    // Another run of this same attempt (after a lost claim) recorded it first: the log has both.
    if (current.attempts !== attempt - 1) return;
    const live = current.status === 'scheduled';
    const outcome = { attempts: attempt, last_response_status: result.status ?? null, updated_at: nowText };

    if (succeeded) {
      await trx.updateTable('webhook_deliveries')
        .set({ ...outcome, status: 'succeeded', last_error: null, next_attempt_at: null, delivered_at: nowText })
        .where('id', '=', delivery.id).execute();
      await updateEndpointHealth(trx, endpoint, result, { failing_since: null, consecutive_failures: 0 }, now);
      if (live) await startNextInQueue(trx, endpoint.id, current.customer_key, now);
      return;
    }

    const error = result.error || `the receiver answered ${result.status}`;
    const failingSince = endpoint.failing_since || toInstant(started);
    await updateEndpointHealth(trx, endpoint, result,
      { failing_since: failingSince, consecutive_failures: endpoint.consecutive_failures + 1 }, now);
    if (!live) {
      await trx.updateTable('webhook_deliveries').set({ ...outcome, last_error: error }).where('id', '=', delivery.id).execute();
      return;
    }
    const gone = result.status === 410;
    const delay = gone ? null : retryDelayMs(attempt);
    if (delay === null) {
      await trx.updateTable('webhook_deliveries').set({ ...outcome, status: 'failed', last_error: error, next_attempt_at: null })
        .where('id', '=', delivery.id).execute();
      if (!gone) await startNextInQueue(trx, endpoint.id, current.customer_key, now);
    } else {
      const nextAt = addMilliseconds(nowText, delay);
      await trx.updateTable('webhook_deliveries').set({ ...outcome, last_error: error, next_attempt_at: nextAt })
        .where('id', '=', delivery.id).execute();
      await scheduleAttempt(trx, current, attempt + 1, nextAt, now);
    }
    if (gone) {
      await disableEndpoint(trx, services, endpoint, { reason: 'it answered 410 Gone', notify: true, failingSince });
    } else if (addMilliseconds(failingSince, DISABLE_AFTER_FAILING_MS) <= nowText) {
      await disableEndpoint(trx, services, endpoint, {
        reason: `every attempt since ${failingSince} failed (the last: ${error})`, notify: true, failingSince,
      });
    }
  });
}

// Records the endpoint's failure run and, after an answer, the pause before its next request
// (counted from this answer; none once the receiver has stopped asking to slow down).
async function updateEndpointHealth(trx, endpoint, result, health, now) {
  const changes = { ...health };
  if (result.status !== undefined) {
    const throttle = nextThrottleMs(endpoint.throttle_ms, { status: result.status, retryAfter: result.headers?.['retry-after'] });
    changes.throttle_ms = throttle;
    changes.next_send_at = throttle ? addMilliseconds(toInstant(now), throttle) : null;
  }
  await trx.updateTable('webhook_endpoints').set(changes).where('id', '=', endpoint.id).execute();
}

/// Webhook jobs, by type.
const WEBHOOK_HANDLERS = { 'webhook.deliver': deliverWebhook };

module.exports = { WEBHOOK_HANDLERS };
