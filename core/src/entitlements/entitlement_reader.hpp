#pragma once

#include "entitlements/entitlement_request_shape.hpp"
#include "entitlements/entitlement_types.hpp"
#include "json/object_reader.hpp"

namespace ratecard {

/// Reads and validates an `entitlements` request (docs/core-api.md, "Op `entitlements`"): the
/// time, the features (see read_features), grants, seat assignments, usage and the optional
/// single-feature check. Grants, usage and seats must name a defined feature of a kind they
/// fit. Every error carries the path of the offending field. `request` is a DOM's ObjectReader
/// or a ShapeReader over the request read from its text: the same checks in the same order.
template <typename Reader>
[[nodiscard]] Result<EntitlementInput> read_entitlement_input(Reader& request);

extern template Result<EntitlementInput> read_entitlement_input(ObjectReader& request);
extern template Result<EntitlementInput> read_entitlement_input(ShapeReader<RawEntitlementRequest>& request);

/// The feature named `key`, or nullptr.
[[nodiscard]] const Feature* find_feature(const EntitlementInput& input, std::string_view key);

}  // namespace ratecard
