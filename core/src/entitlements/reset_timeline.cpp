#include "entitlements/reset_timeline.hpp"

namespace ratecard {

Result<ResetTimeline> reset_timeline(const Feature& feature, const EntitlementInput& input) {
  ResetTimeline timeline;
  if (feature.kind != FeatureKind::kMetered || feature.reset == ResetInterval::kNever) return timeline;
  (void)input;
  // WIP: periodic resets come from the calendar (issue 5), not yet merged.
  return Error{ErrorCode::kInternal, "periodic resets are not available yet", ""};
}

}  // namespace ratecard
