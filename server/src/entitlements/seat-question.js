'use strict';
const { SEAT_FEATURE } = require('./terms');

// The one place the server asks the core about seats. The core's `entitlements` op decides a
// seat feature from its limit (the subscription's quantity, context.js) and the ordered seat
// assignments, and answers the seat questions directly (docs/core-api.md, "Seat questions"):
// "may N more seats be assigned?" (`seats`) with the seats free and missing.

/// Asks whether `count` more seats may be assigned (0: how the seats stand now), given the
/// context's request (its seat feature and ordered seat assignments). Returns { allowed, limit,
/// used, available, reason, shortfall }: `shortfall` is how many seats are missing (the
/// quantity a billed assignment adds), as the core counts them (whole seats).
function maySeatsBeAssigned(core, { at, request, count }) {
  const question = { op: 'entitlements', at, ...request, usage: [], feature: SEAT_FEATURE };
  if (count > 0) question.seats = count;
  const result = core.run(question);
  const allowed = result.has_access;
  return {
    allowed,
    limit: result.limit,
    used: result.usage,
    available: count > 0 ? result.seats_available : result.balance,
    reason: allowed ? null : (result.reason || 'limit_exceeded'),
    shortfall: allowed || result.seats_missing === undefined ? 0 : Number(result.seats_missing),
  };
}

/// Whether `assignee` holds one of the seats ({ allowed, reason }).
function holdsSeat(core, { at, request, assignee }) {
  const result = core.run({ op: 'entitlements', at, ...request, usage: [], feature: SEAT_FEATURE, assignee });
  return { allowed: result.has_access, reason: result.reason || null };
}

/// Whether the plan's terms make seats a feature at all.
const hasSeatFeature = (request) => request.plan.features.some((feature) => feature.key === SEAT_FEATURE);

module.exports = { maySeatsBeAssigned, holdsSeat, hasSeatFeature };
