'use strict';
const { SEAT_FEATURE } = require('./terms');

// The one place the server asks the core about seats. The core's `entitlements` op decides a
// seat feature from its limit (the subscription's quantity, context.js) and the ordered seat
// assignments: "may N more seats be assigned" is a check of the seat feature with `amount` N
// (usage + N <= limit), and "does this person hold a seat" a check with `assignee`. When the
// core's dedicated seat questions land (issue 13), only this file changes.

/// Asks whether `count` more seats may be assigned (0: how the seats stand now), given the
/// context's request (its seat feature and ordered seat assignments). Returns { allowed, limit, used, available, reason, shortfall }:
/// `shortfall` is how many seats are missing (the quantity a billed assignment adds).
function maySeatsBeAssigned(core, { at, request, count }) {
  const question = { op: 'entitlements', at, ...request, usage: [], feature: SEAT_FEATURE };
  if (count > 0) question.amount = count;
  const result = core.run(question);
  const limit = result.limit;
  const used = result.usage;
  const allowed = result.has_access;
  return {
    allowed,
    limit,
    used,
    available: result.balance,
    reason: allowed ? null : (result.reason || 'limit_exceeded'),
    shortfall: allowed || limit === null ? 0 : seatsMissing(used, count, limit),
  };
}

// Whole seats missing for `count` more: used + count - floor(limit), exact (BigInt).
function seatsMissing(used, count, limit) {
  const missing = BigInt(used) + BigInt(count) - BigInt(limit.split('.')[0]);
  return missing > 0n ? Number(missing) : 0;
}

/// Whether `assignee` holds one of the seats ({ allowed, reason }).
function holdsSeat(core, { at, request, assignee }) {
  const result = core.run({ op: 'entitlements', at, ...request, usage: [], feature: SEAT_FEATURE, assignee });
  return { allowed: result.has_access, reason: result.reason || null };
}

/// Whether the plan's terms make seats a feature at all.
const hasSeatFeature = (request) => request.plan.features.some((feature) => feature.key === SEAT_FEATURE);

module.exports = { maySeatsBeAssigned, holdsSeat, hasSeatFeature };
