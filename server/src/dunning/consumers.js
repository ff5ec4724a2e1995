'use strict';
// Dunning's outbox consumers (outbox/delivery.js): each runs in the transaction that marks its
// event delivered and is safe to repeat.
const { queueOnClockAdvancing } = require('../test-clocks/advancing-consumer');
const { automaticAttempt, recordAutomaticFailure, recoverCase, closeCase } = require('./cases');

/// payment.failed of an automatic charge of an invoice: counts the attempt (cases.js).
/// invoice.paid: recovers the invoice's case. invoice.voided: closes it. test_clock.advancing:
/// queues the job that acts on the clock's customers' due cases.
const queueDueCasesForClock = queueOnClockAdvancing('dunning.run_due_for_clock');

async function followDunning(trx, event, services) {
  if (event.type === 'payment.failed') {
    const { id } = JSON.parse(event.data);
    const payment = await trx.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
    const automatic = payment && automaticAttempt(payment);
    if (!automatic) return;
    await recordAutomaticFailure(trx, services, { ...automatic, failure: payment });
  } else if (event.type === 'invoice.paid') {
    await recoverCase(trx, services, event.object_id);
  } else if (event.type === 'invoice.voided') {
    await closeCase(trx, services, event.object_id);
  } else {
    await queueDueCasesForClock(trx, event, services);
  }
}

module.exports = { followDunning };
