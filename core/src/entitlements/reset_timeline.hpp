#pragma once

#include <cstdint>

#include "entitlements/access.hpp"
#include "entitlements/entitlement_types.hpp"

namespace ratecard {

/// The most periods replayed for one feature (about 270 years of daily resets).
inline constexpr std::int64_t kMaxResetPeriods = 100000;

/// The reset boundaries of a metered feature from the start of the subscription up to
/// `input.at`, and the next one after it, from the calendar's billing periods: the
/// subscription's own (`billing_period`, a trial being a period of its own) or, for an explicit
/// interval, cycles of that interval anchored at the subscription's start in its time zone.
/// Features that never reset have no periods. LIMIT_EXCEEDED (path `/billing`) beyond
/// kMaxResetPeriods periods.
[[nodiscard]] Result<ResetTimeline> reset_timeline(const Feature& feature, const EntitlementInput& input);

}  // namespace ratecard
