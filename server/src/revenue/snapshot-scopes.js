'use strict';
const { snapshotScopes } = require('./scopes');
const { takeMrrSnapshot } = require('./take-snapshot');

/// Takes today's MRR snapshot in every scope (or the one `testClockId` names): the wall clock
/// at its day, each test clock at the day of its frozen time. A scope that fails does not stop
/// the others. Returns { days: [day rows], failures: [{ scope, error }] }.
async function snapshotAllScopes(services, testClockId = null) {
  const outcome = { days: [], failures: [] };
  for (const scope of await snapshotScopes(services.db, services.clock, testClockId)) {
    try {
      outcome.days.push(...await takeMrrSnapshot(services.db, services, scope));
    } catch (error) {
      outcome.failures.push({ scope: scope.scope, error });
    }
  }
  return outcome;
}

module.exports = { snapshotAllScopes };
