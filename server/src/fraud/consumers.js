'use strict';
// Fraud's outbox consumer (outbox/delivery.js): runs in the transaction that marks its event
// delivered and is safe to repeat.
const { enqueueJob } = require('../jobs/queue');

/// test_clock.advancing: queues the job deciding the clock's customers' reviews whose deadline
/// the clock passed (reviews.js).
async function queueClockReviewTimeouts(trx, event, services) {
  if (event.type !== 'test_clock.advancing') return;
  await enqueueJob(trx, { type: 'fraud.review_timeouts_for_clock', payload: { test_clock_id: event.object_id } }, services.clock.now());
}

module.exports = { queueClockReviewTimeouts };
