'use strict';
const { parseJson } = require('../db/rows');

/// The object a request's transaction changed, from the change notices it heard
/// (db/change-notices.js): { type, id, customerId, before, after }, or null when it heard none.
/// The object is the one the response names (`value.id`), else the route's `:id`, else the
/// first one changed. `before` is what the update helper saw, else the object as its latest
/// earlier event showed it (every change writes an event, docs/server.md "Outbox events"), or
/// null for an object the request created.
async function changedObject(trx, notices, { value, params }) {
  if (!notices.length) return null;
  const named = (id) => id !== undefined && [...notices].reverse().find((notice) => notice.object.id === id);
  const main = named(value?.id) || named(params?.id) || notices[0];
  const { object } = main;
  const withBefore = notices.find((notice) => notice.object.id === object.id && notice.before);
  const before = withBefore ? withBefore.before : await latestEarlierState(trx, object.id, notices);
  return { type: object.object ?? null, id: object.id ?? null, customerId: main.customerId ?? null, before, after: object };
}

// The object as its latest event before this transaction's showed it.
async function latestEarlierState(trx, objectId, notices) {
  if (typeof objectId !== 'string') return null;
  let query = trx.selectFrom('events').select('data').where('object_id', '=', objectId);
  const ownEvents = notices.map((notice) => notice.eventId).filter(Boolean);
  if (ownEvents.length) query = query.where('id', 'not in', ownEvents);
  const row = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? parseJson(row.data) : null;
}

/// The object a response names (`{ object, id }`) or the route's `:id`, for entries without a
/// change notice.
function namedObject({ value, params }) {
  if (value && typeof value === 'object' && typeof value.object === 'string' && typeof value.id === 'string') {
    return { type: value.object, id: value.id };
  }
  return typeof params?.id === 'string' ? { type: null, id: params.id } : {};
}

module.exports = { changedObject, namedObject };
