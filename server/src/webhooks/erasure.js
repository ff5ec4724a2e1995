'use strict';
// The webhooks domain's part of a privacy erasure (server/src/privacy/): the delivery log keeps
// each attempt's outcome and loses personal values a receiver echoed in its answer.

/// Erases personal values from the logged attempts of deliveries of the customer's events;
/// returns how many attempts changed.
async function eraseDeliveryLogs(trx, { customerId, redactor }) {
  const attempts = await trx.selectFrom('webhook_attempts')
    .innerJoin('webhook_deliveries', 'webhook_deliveries.id', 'webhook_attempts.delivery_id')
    .innerJoin('events', 'events.id', 'webhook_deliveries.event_id')
    .select(['webhook_attempts.id', 'webhook_attempts.response_body', 'webhook_attempts.error'])
    .where('events.customer_id', '=', customerId).execute();
  let changed = 0;
  for (const attempt of attempts) {
    const responseBody = redactor.text(attempt.response_body);
    const error = redactor.text(attempt.error);
    if (responseBody === attempt.response_body && error === attempt.error) continue;
    await trx.updateTable('webhook_attempts').set({ response_body: responseBody, error }).where('id', '=', attempt.id).execute();
    changed += 1;
  }
  return changed;
}

module.exports = { eraseDeliveryLogs };
