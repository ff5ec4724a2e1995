'use strict';
// One feature's part of an entitlements request. The core decides each feature on its own
// terms (the plan's, the overrides', the add-ons', the grants', its seat assignments and its
// usage) and reads the billing schedule only for a metered feature's resets, so narrowing a
// well-formed request to the asked feature gives the same answer from a smaller request: a
// check reads and validates only what it decides. The local helper and the server's check both
// send it (tests/js/api.test.js compares it with the whole request over every entitlements
// vector that asks about a feature).

const BY_FEATURE = ['overrides', 'grants', 'seat_assignments', 'usage'];

const forFeature = (list, feature) => list.filter((entry) => (entry.key ?? entry.feature) === feature);

/**
 * `request` (an entitlements request, or its terms without op and at) narrowed to `feature`:
 * the plan's, overrides', add-ons', grants', seat assignments' and usage entries of that
 * feature, add-ons left without one dropped, the billing schedule dropped unless the feature
 * may reset on it, every other field as given.
 */
function entitlementsRequestForFeature(request, feature) {
  const narrowed = { ...request };
  if (request.plan) narrowed.plan = { ...request.plan, features: forFeature(request.plan.features || [], feature) };
  for (const field of BY_FEATURE) {
    if (Array.isArray(request[field])) narrowed[field] = forFeature(request[field], feature);
  }
  if (Array.isArray(request.add_ons)) {
    narrowed.add_ons = request.add_ons
      .map((addOn) => ({ ...addOn, features: forFeature(addOn.features || [], feature) }))
      .filter((addOn) => addOn.features.length);
  }
  if (narrowed.billing !== undefined && !mayReset(narrowed)) delete narrowed.billing;
  return narrowed;
}

// Whether a feature the narrowed terms define may reset with the billing schedule: only a
// metered one does, and the schedule is read for nothing else (an override or add-on entry
// that does not say its kind counts as one that may).
function mayReset(narrowed) {
  const definitions = [...(narrowed.plan?.features || []), ...(narrowed.overrides || []), ...(narrowed.add_ons || []).flatMap((addOn) => addOn.features)];
  return definitions.some((definition) => definition.kind !== 'boolean' && definition.kind !== 'limit');
}

module.exports = { entitlementsRequestForFeature };
