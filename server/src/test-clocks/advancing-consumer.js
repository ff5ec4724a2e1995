'use strict';
// Domains whose due work is timed by their customers' clocks (dunning retries, fraud review
// deadlines, credit grant expiry, trial notices) look again when a test clock moves: each asks
// for an outbox consumer here that queues its job for the moving clock.
const { enqueueJob } = require('../jobs/queue');

/// An outbox consumer queueing job `type` with payload { test_clock_id } for each
/// test_clock.advancing event, once per event (the job's id names it, so a redelivered event
/// queues nothing more).
function queueOnClockAdvancing(type) {
  return async function queueForAdvancingClock(trx, event, services) {
    if (event.type !== 'test_clock.advancing') return;
    await enqueueJob(trx, {
      type, payload: { test_clock_id: event.object_id }, id: `job_${type.replace(/[^a-z0-9]+/g, '_')}_${event.id}`,
    }, services.clock.now());
  };
}

module.exports = { queueOnClockAdvancing };
