#pragma once

#include <vector>

#include "entitlements/access.hpp"
#include "json/canonical_writer.hpp"

namespace ratecard {

/// Writes the answer to a single-feature check: the feature's status with the check's own
/// fields echoed (`amount`, `assignee`, `seats`, `assign`), as one canonical JSON object.
void write_check_result(CanonicalWriter& out, const FeatureStatus& status, const AccessCheck& check);

/// Writes the status of every feature at `at`: `{"at":..., "features":[...]}`.
void write_features_result(CanonicalWriter& out, Instant at, const std::vector<FeatureStatus>& statuses);

}  // namespace ratecard
