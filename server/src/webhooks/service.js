'use strict';
const { invalidState, ApiError } = require('../http/errors');
const { newId } = require('../ids');
const { toInstant, addMilliseconds } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { enqueueMail } = require('../mail/enqueue');
const { openSecret } = require('../secrets/secret-box');
const { generateSecret } = require('./signing');
const {
  presentEndpoint, checkUrl, checkEventTypes, sealEndpointSecret, secretContext, lockEndpoint,
} = require('./endpoints');
const { addDelivery, failOpenDeliveries } = require('./deliveries');

/// How long the previous secret keeps signing after a rotation, unless the request says.
const DEFAULT_OVERLAP_SECONDS = 24 * 60 * 60;

/// Registers an endpoint with a new signing secret. Returns { endpoint, secret }: the secret
/// is shown this once (GET .../secret shows it again to admins).
async function createEndpoint(trx, { clock, config }, body) {
  const now = clock.now();
  const id = newId('we');
  const secret = generateSecret();
  const row = {
    id, url: checkUrl(body.url, { allowPrivate: !!config.webhookAllowPrivateUrls }), description: body.description ?? null,
    event_types: JSON.stringify(checkEventTypes(body.event_types)), owner_email: body.owner_email ?? null,
    metadata: JSON.stringify(body.metadata || {}), status: 'enabled', disabled_reason: null, disabled_at: null,
    secret_sealed: sealEndpointSecret(config, id, secret), previous_secret_sealed: null, previous_secret_expires_at: null,
    failing_since: null, consecutive_failures: 0, throttle_ms: 0, next_send_at: null,
    created_at: toInstant(now), updated_at: toInstant(now),
  };
  await trx.insertInto('webhook_endpoints').values(row).execute();
  const endpoint = presentEndpoint(row);
  await recordEvent(trx, { type: 'webhook_endpoint.created', object: endpoint }, now);
  return { endpoint, secret };
}

/// Changes an endpoint's URL, event types, description, owner or metadata.
async function updateEndpoint(trx, { clock, config }, row, body) {
  const now = clock.now();
  const changes = { updated_at: toInstant(now) };
  if (body.url !== undefined) changes.url = checkUrl(body.url, { allowPrivate: !!config.webhookAllowPrivateUrls });
  if (body.event_types !== undefined) changes.event_types = JSON.stringify(checkEventTypes(body.event_types));
  if (body.description !== undefined) changes.description = body.description;
  if (body.owner_email !== undefined) changes.owner_email = body.owner_email;
  if (body.metadata !== undefined) changes.metadata = JSON.stringify(body.metadata);
  await trx.updateTable('webhook_endpoints').set(changes).where('id', '=', row.id).execute();
  const endpoint = presentEndpoint({ ...row, ...changes });
  await recordEvent(trx, { type: 'webhook_endpoint.updated', object: endpoint }, now);
  return endpoint;
}

/// Replaces the signing secret. The previous one keeps signing (both signatures in every
/// request) for `expire_previous_in_seconds` (default a day; 0 ends it at once), so receivers
/// can switch without missing a message. Returns { endpoint, secret }.
async function rotateSecret(trx, { clock, config }, row, body) {
  const now = clock.now();
  const overlapSeconds = body.expire_previous_in_seconds ?? DEFAULT_OVERLAP_SECONDS;
  const secret = generateSecret();
  const changes = {
    secret_sealed: sealEndpointSecret(config, row.id, secret),
    previous_secret_sealed: overlapSeconds > 0 ? row.secret_sealed : null,
    previous_secret_expires_at: overlapSeconds > 0 ? addMilliseconds(toInstant(now), overlapSeconds * 1000) : null,
    updated_at: toInstant(now),
  };
  await trx.updateTable('webhook_endpoints').set(changes).where('id', '=', row.id).execute();
  const endpoint = presentEndpoint({ ...row, ...changes });
  await recordEvent(trx, { type: 'webhook_endpoint.updated', object: endpoint }, now);
  return { endpoint, secret };
}

/// The endpoint's signing secrets in clear: { secret, previous_secret (while it still signs) }.
function revealSecrets({ clock, config }, row) {
  const nowText = toInstant(clock.now());
  const overlapping = row.previous_secret_sealed && row.previous_secret_expires_at > nowText;
  return {
    object: 'webhook_endpoint_secret', endpoint: row.id, secret: openSecret(config, row.secret_sealed, secretContext(row.id)),
    previous_secret: overlapping ? openSecret(config, row.previous_secret_sealed, secretContext(row.id)) : null,
    previous_secret_expires_at: overlapping ? row.previous_secret_expires_at : null,
  };
}

/// Disables an endpoint (`row` locked by the caller): nothing more is sent to it, and the
/// deliveries still to be made fail (they can be replayed once it is enabled). When the server
/// disables it (`notify`), its owner is emailed through the mail outbox.
async function disableEndpoint(trx, services, row, { reason, notify = false, failingSince = row.failing_since }) {
  const now = services.clock.now();
  const changes = { status: 'disabled', disabled_reason: reason, disabled_at: toInstant(now), updated_at: toInstant(now) };
  await trx.updateTable('webhook_endpoints').set(changes).where('id', '=', row.id).execute();
  await failOpenDeliveries(trx, row.id, `the endpoint was disabled: ${reason}`, now);
  const endpoint = presentEndpoint({ ...row, ...changes, failing_since: failingSince });
  await recordEvent(trx, { type: 'webhook_endpoint.disabled', object: endpoint }, now);
  if (notify && row.owner_email) {
    await enqueueMail(trx, services, {
      template: 'webhook_endpoint.disabled', to: { email: row.owner_email },
      data: {
        endpoint_id: row.id, url: row.url, reason: reason.slice(0, 2000), disabled_at: changes.disabled_at,
        ...(failingSince ? { failing_since: failingSince } : {}),
      },
    });
  }
  return endpoint;
}

/// Enables a disabled endpoint: events from now on are delivered again, its failure record
/// and any slowing down are cleared.
async function enableEndpoint(trx, { clock }, row) {
  if (row.status === 'enabled') throw invalidState('the endpoint is already enabled');
  const now = clock.now();
  const changes = {
    status: 'enabled', disabled_reason: null, disabled_at: null, failing_since: null, consecutive_failures: 0,
    throttle_ms: 0, next_send_at: null, updated_at: toInstant(now),
  };
  await trx.updateTable('webhook_endpoints').set(changes).where('id', '=', row.id).execute();
  const endpoint = presentEndpoint({ ...row, ...changes });
  await recordEvent(trx, { type: 'webhook_endpoint.enabled', object: endpoint }, now);
  return endpoint;
}

/// Deletes an endpoint with its delivery log.
async function deleteEndpoint(trx, { clock }, row) {
  const now = clock.now();
  await trx.deleteFrom('webhook_endpoints').where('id', '=', row.id).execute();
  const endpoint = presentEndpoint(row);
  await recordEvent(trx, { type: 'webhook_endpoint.deleted', object: endpoint }, now);
  return endpoint;
}

/// Sends a delivery's event again, as a new delivery at the end of its customer's queue with
/// the full retry schedule and the same webhook-id (receivers that already have it drop it).
async function replayDelivery(trx, { clock, dialect }, delivery) {
  const endpoint = await lockEndpoint(trx, dialect, delivery.endpoint_id);
  if (endpoint.status !== 'enabled') throw invalidState('the endpoint is disabled; enable it before replaying its deliveries');
  const event = await trx.selectFrom('events').selectAll().where('id', '=', delivery.event_id).executeTakeFirst();
  if (!event) throw new ApiError('INVALID_STATE', `the event ${delivery.event_id} no longer exists`);
  return addDelivery(trx, endpoint, event, { replayOf: delivery.id }, clock.now());
}

module.exports = {
  createEndpoint, updateEndpoint, rotateSecret, revealSecrets, disableEndpoint, enableEndpoint, deleteEndpoint, replayDelivery,
};
