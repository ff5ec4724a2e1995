'use strict';
// Fraud's outbox consumer (outbox/delivery.js): runs in the transaction that marks its event
// delivered and is safe to repeat.
const { queueOnClockAdvancing } = require('../test-clocks/advancing-consumer');

/// test_clock.advancing: queues the job deciding the clock's customers' reviews whose deadline
/// the clock passed (reviews.js).
const queueClockReviewTimeouts = queueOnClockAdvancing('fraud.review_timeouts_for_clock');

module.exports = { queueClockReviewTimeouts };
