#pragma once

// The `entitlements` request as its text has it, member by member, before validation: what
// the reader of the text (entitlement_request_text.hpp) fills without a DOM, read through
// ShapeReader by the same validation as a request inside a batch. Names are sorted bytewise.

#include <array>
#include <string_view>
#include <vector>

#include "json/shape_reader.hpp"

namespace ratecard {

/// `rollover` of a feature or a grant.
struct RawRollover {
  static constexpr std::array<std::string_view, 1> kNames{"max"};
  RawMembers<1> members;
};

/// One feature object of the plan, an override or an add-on.
struct RawFeatureDefinition {
  static constexpr std::array<std::string_view, 11> kNames{
      "enabled", "included", "key",   "kind", "limit", "overage", "priority", "reset", "reset_interval_count",
      "rollover", "unlimited"};
  RawMembers<11> members;
  RawRollover rollover;  ///< The content of `rollover` when it is an object.

  /// The content of the object member `rollover`.
  [[nodiscard]] const RawRollover& child(std::string_view /*rollover*/) const { return rollover; }
};

/// `plan`.
struct RawPlan {
  static constexpr std::array<std::string_view, 1> kNames{"features"};
  RawMembers<1> members;
  std::vector<RawFeatureDefinition> features;  ///< The elements of `features` when it is an array.
};

/// One element of `add_ons`.
struct RawAddOn {
  static constexpr std::array<std::string_view, 3> kNames{"features", "id", "quantity"};
  RawMembers<3> members;
  std::vector<RawFeatureDefinition> features;
};

/// `billing_anchor` given as an object.
struct RawAnchor {
  static constexpr std::array<std::string_view, 4> kNames{"day_of_month", "month", "time", "weekday"};
  RawMembers<4> members;
};

/// `billing`.
struct RawBilling {
  static constexpr std::array<std::string_view, 6> kNames{"billing_anchor", "interval", "interval_count",
                                                          "start",          "time_zone", "trial_end"};
  RawMembers<6> members;
  RawAnchor anchor;  ///< The content of `billing_anchor` when it is an object.

  /// The content of the object member `billing_anchor`.
  [[nodiscard]] const RawAnchor& child(std::string_view /*billing_anchor*/) const { return anchor; }
};

/// One element of `grants`.
struct RawGrant {
  static constexpr std::array<std::string_view, 8> kNames{"amount",   "effective_at", "expires_at", "feature",
                                                          "id",       "priority",     "recurring",  "rollover"};
  RawMembers<8> members;
  RawRollover rollover;

  /// The content of the object member `rollover`.
  [[nodiscard]] const RawRollover& child(std::string_view /*rollover*/) const { return rollover; }
};

/// One element of `seat_assignments`.
struct RawSeatAssignment {
  static constexpr std::array<std::string_view, 2> kNames{"assignee", "feature"};
  RawMembers<2> members;
};

/// One element of `usage`.
struct RawUsage {
  static constexpr std::array<std::string_view, 3> kNames{"amount", "at", "feature"};
  RawMembers<3> members;
};

/// An `entitlements` request.
struct RawEntitlementRequest {
  static constexpr std::array<std::string_view, 14> kNames{
      "add_ons", "amount", "assign",    "assignee", "at",               "billing", "feature",
      "grants",  "op",     "overrides", "plan",     "seat_assignments", "seats",   "usage"};
  RawMembers<14> members;
  RawPlan plan;
  RawBilling billing;
  std::vector<RawAddOn> add_ons;
  std::vector<RawFeatureDefinition> overrides;
  std::vector<RawGrant> grants;
  std::vector<RawSeatAssignment> seat_assignments;
  std::vector<RawUsage> usage;
};

static_assert(shape_names_sorted(RawRollover::kNames) && shape_names_sorted(RawFeatureDefinition::kNames) &&
              shape_names_sorted(RawPlan::kNames) && shape_names_sorted(RawAddOn::kNames) &&
              shape_names_sorted(RawAnchor::kNames) && shape_names_sorted(RawBilling::kNames) &&
              shape_names_sorted(RawGrant::kNames) && shape_names_sorted(RawSeatAssignment::kNames) &&
              shape_names_sorted(RawUsage::kNames) && shape_names_sorted(RawEntitlementRequest::kNames));

}  // namespace ratecard
