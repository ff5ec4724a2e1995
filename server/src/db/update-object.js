'use strict';
const { toInstant } = require('../time');
const { recordEvent } = require('../outbox/outbox');
const { isWatched, noticeChange } = require('./change-notices');

/// How a PATCH body field becomes a column value.
const COLUMN_KINDS = {
  /// Stored as sent (text, integers, null).
  value: (value) => value,
  /// A boolean as the integer 0/1 column.
  flag: (value) => (value ? 1 : 0),
  /// An object or array as JSON text.
  json: (value) => JSON.stringify(value),
  /// JSON text, or null when the body sends null.
  nullableJson: (value) => (value === null ? null : JSON.stringify(value)),
};

/// The PATCH shared by the API's objects, inside the caller's transaction `trx`: copies the
/// fields of `body` that `fields` lists ({ field: kind of COLUMN_KINDS }) onto `row`, stamps
/// `updated_at` (unless `stampUpdatedAt` is false: the table has no such column), writes them,
/// records `eventType` with the object after the change and returns that object.
/// `present(row)` builds the API object (it may be async). A watched transaction
/// (change-notices.js) hears of the object before and after the change.
async function updateObject(trx, { table, row, body, fields, present, eventType, now, customerId = null, stampUpdatedAt = true }) {
  const before = isWatched(trx) ? await present(row) : null;
  const changes = {};
  for (const [field, kind] of Object.entries(fields)) {
    if (body[field] !== undefined) changes[field] = COLUMN_KINDS[kind](body[field]);
  }
  if (stampUpdatedAt) changes.updated_at = toInstant(now);
  if (Object.keys(changes).length) await trx.updateTable(table).set(changes).where('id', '=', row.id).execute();
  const presented = await present({ ...row, ...changes });
  await recordEvent(trx, { type: eventType, object: presented, customerId }, now);
  if (before) noticeChange(trx, { object: presented, customerId, before });
  return presented;
}

module.exports = { updateObject };
