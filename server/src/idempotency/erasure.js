'use strict';
// The idempotency domain's part of a privacy erasure (server/src/privacy/): a stored response
// that names the customer (its creation, an update) is replayed with the personal values
// erased. Keys expire after 24 hours anyway.

/// Erases personal values from stored responses mentioning the customer; returns how many.
async function eraseStoredResponses(trx, { customerId, redactor }) {
  const rows = await trx.selectFrom('idempotency_keys').select(['id', 'response_body'])
    .where('response_body', 'like', `%${customerId}%`).execute();
  let changed = 0;
  for (const row of rows) {
    const body = redactor.jsonText(row.response_body);
    if (body === row.response_body) continue;
    await trx.updateTable('idempotency_keys').set({ response_body: body }).where('id', '=', row.id).execute();
    changed += 1;
  }
  return changed;
}

module.exports = { eraseStoredResponses };
