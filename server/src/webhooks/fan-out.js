'use strict';
const { parseJson } = require('../db/rows');
const { lockEndpoint, subscribes } = require('./endpoints');
const { addDelivery } = require('./deliveries');

/// Outbox consumer: adds a delivery of `event` for each enabled endpoint subscribed to its type
/// that existed when the event happened, in the transaction that marks the event delivered. Safe to repeat: an endpoint that already
/// has the event's delivery is skipped (its row is locked first, so two runs cannot both add it).
async function queueWebhookDeliveries(trx, event, { dialect, clock }) {
  const candidates = await trx.selectFrom('webhook_endpoints').select(['id', 'event_types'])
    .where('status', '=', 'enabled').where('created_at', '<=', event.created_at).orderBy('id').execute();
  for (const candidate of candidates) {
    if (!subscribes(parseJson(candidate.event_types), event.type)) continue;
    const endpoint = await lockEndpoint(trx, dialect, candidate.id);
    if (!endpoint || endpoint.status !== 'enabled') continue;
    const existing = await trx.selectFrom('webhook_deliveries').select('id')
      .where('endpoint_id', '=', endpoint.id).where('event_id', '=', event.id).where('replay_of', 'is', null)
      .executeTakeFirst();
    if (!existing) await addDelivery(trx, endpoint, event, {}, clock.now());
  }
}

module.exports = { queueWebhookDeliveries };
