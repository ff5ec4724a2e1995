#pragma once

#include <vector>

#include "entitlements/entitlement_request_shape.hpp"
#include "entitlements/entitlement_types.hpp"
#include "json/object_reader.hpp"

namespace ratecard {

/// Reads `plan`, `add_ons` and `overrides` of an `entitlements` request and combines them into
/// one definition per feature, sorted by key:
/// - the plan defines features with all their terms;
/// - an override replaces the terms it names (it may define a feature the plan lacks, giving
///   its `kind`); it is a negotiated term of the customer's plan;
/// - add-ons then stack on top, each `quantity` times: a boolean add-on turns the feature on,
///   a limit or metered add-on adds to the limit or the included allowance (`unlimited` makes
///   it unlimited). Add-ons carry amounts only; overage, reset, rollover and priority come from
///   the plan or an override (defaults when neither defines the feature).
/// Every error carries the path of the offending field. `request` is a DOM's ObjectReader or a
/// ShapeReader over the request read from its text.
template <typename Reader>
[[nodiscard]] Result<std::vector<Feature>> read_features(Reader& request);

extern template Result<std::vector<Feature>> read_features(ObjectReader& request);
extern template Result<std::vector<Feature>> read_features(ShapeReader<RawEntitlementRequest>& request);

/// The wire name of a kind ("boolean", "limit", "metered").
[[nodiscard]] std::string_view feature_kind_name(FeatureKind kind) noexcept;

/// The wire name of a reset interval ("never", "day", ...).
[[nodiscard]] std::string_view reset_interval_name(ResetInterval interval) noexcept;

}  // namespace ratecard
