#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "calendar/billing_schedule.hpp"
#include "calendar/instant.hpp"
#include "ratecard/decimal.hpp"

namespace ratecard {

/// What a feature grants: on/off, a static number, or a balance consumed by usage.
enum class FeatureKind { kBoolean, kLimit, kMetered };

/// What happens past a limit or an exhausted balance: denied (hard) or allowed and billed (soft).
enum class OveragePolicy { kHard, kSoft };

/// When a metered feature's balance resets: with each billing period of the subscription,
/// never, or on its own interval counted from the subscription's start.
enum class ResetInterval { kBillingPeriod, kNever, kDay, kWeek, kMonth, kYear };

/// The default priority of grants and of a plan's included allowance (lower is consumed first).
inline constexpr std::int64_t kDefaultGrantPriority = 100;
/// The largest priority accepted.
inline constexpr std::int64_t kMaxGrantPriority = 1000;

/// A feature's effective definition once the plan, the customer's overrides and the add-ons
/// are combined (entitlement_reader.cpp documents how).
struct Feature {
  std::string key;
  FeatureKind kind = FeatureKind::kBoolean;
  bool enabled = false;    ///< boolean features
  bool unlimited = false;  ///< limit and metered features
  Decimal amount;          ///< limit: the limit; metered: the allowance included in each period
  OveragePolicy overage = OveragePolicy::kHard;
  ResetInterval reset = ResetInterval::kBillingPeriod;  ///< metered
  std::int64_t reset_interval_count = 1;                ///< metered
  /// The most unused included allowance a reset carries over; empty carries all of it.
  std::optional<Decimal> rollover_cap = Decimal{};
  std::int64_t priority = kDefaultGrantPriority;  ///< of the included allowance (metered)
};

/// Extra entitlement for one feature, for a while: units of a metered balance, a raise of a
/// limit, or access to a boolean feature.
struct Grant {
  std::string id;
  std::string feature;
  Decimal amount;  ///< zero for boolean features
  std::int64_t priority = kDefaultGrantPriority;
  std::optional<Instant> effective_at;  ///< empty: always effective
  std::optional<Instant> expires_at;    ///< empty: never expires; exclusive
  bool recurring = false;               ///< refilled to `amount` at each reset (metered)
  /// The most unused balance a reset carries over; empty carries all of it.
  std::optional<Decimal> rollover_cap;
  std::size_t order = 0;  ///< position in the request, the last tie-breaker
};

/// Usage of one feature: for a metered feature, units consumed at `at`; for a limit
/// feature, the current level (projects in use, GB stored).
struct UsageRecord {
  std::string feature;
  Decimal amount;
  std::optional<Instant> at;
  std::size_t order = 0;
};

/// The most seats one `seats` question may ask for.
inline constexpr std::int64_t kMaxSeatsAsked = 1000000;

/// The single-feature check of the hot path.
struct AccessCheck {
  std::string feature;
  std::optional<Decimal> amount;        ///< units requested
  std::optional<std::string> assignee;  ///< whether this assignee holds one of the feature's seats
  std::optional<std::int64_t> seats;    ///< whether this many more seats may be assigned
  std::optional<std::string> assign;    ///< whether this person may be assigned a seat
};

/// Everything the `entitlements` op needs, validated.
struct EntitlementInput {
  Instant at;
  std::optional<BillingSchedule> billing;  ///< the subscription's schedule; periods of resetting features
  std::vector<Feature> features;           ///< sorted by key
  std::vector<Grant> grants;
  std::vector<UsageRecord> usage;
  std::map<std::string, std::vector<std::string>> seat_assignments;  ///< feature -> assignees, in order
  std::optional<AccessCheck> check;
};

}  // namespace ratecard
