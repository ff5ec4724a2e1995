#pragma once

#include "entitlements/entitlement_types.hpp"
#include "json/object_reader.hpp"

namespace ratecard {

/// Reads and validates an `entitlements` request (docs/core-api.md, "Op `entitlements`"): the
/// time, the features (see read_features), grants, seat assignments, usage and the optional
/// single-feature check. Grants, usage and seats must name a defined feature of a kind they
/// fit. Every error carries the path of the offending field.
[[nodiscard]] Result<EntitlementInput> read_entitlement_input(ObjectReader& request);

/// The feature named `key`, or nullptr.
[[nodiscard]] const Feature* find_feature(const EntitlementInput& input, std::string_view key);

}  // namespace ratecard
