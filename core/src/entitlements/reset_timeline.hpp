#pragma once

#include "entitlements/access.hpp"
#include "entitlements/entitlement_types.hpp"

namespace ratecard {

/// The reset boundaries of a metered feature from the billing anchor up to `input.at`, and the
/// next one after it. Features that never reset have no periods.
[[nodiscard]] Result<ResetTimeline> reset_timeline(const Feature& feature, const EntitlementInput& input);

}  // namespace ratecard
