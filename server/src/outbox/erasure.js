'use strict';
// The outbox's part of a privacy erasure (server/src/privacy/): events about the customer keep
// their type, object and moment; the personal values in their copy of the object are erased
// (webhooks sent later carry the erased copy).

/// Erases personal values from the data of the customer's events; returns how many changed.
async function eraseEventCopies(trx, { customerId, redactor }) {
  const events = await trx.selectFrom('events').select(['id', 'data'])
    .where((eb) => eb.or([eb('customer_id', '=', customerId), eb('object_id', '=', customerId)])).execute();
  let changed = 0;
  for (const event of events) {
    const data = redactor.jsonText(event.data);
    if (data === event.data) continue;
    await trx.updateTable('events').set({ data }).where('id', '=', event.id).execute();
    changed += 1;
  }
  return changed;
}

module.exports = { eraseEventCopies };
