#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "entitlements/entitlement_types.hpp"

namespace ratecard {

/// Why a feature (or a requested amount of it) is denied.
enum class DenialReason {
  kNotEntitled,          ///< No plan feature, add-on or override defines the feature.
  kDisabled,             ///< A boolean feature that is off (and no grant turns it on).
  kLimitExceeded,        ///< A hard limit is (or the requested amount would be) exceeded.
  kInsufficientBalance,  ///< A hard metered balance is exhausted or below the requested amount.
  kNotAssigned,          ///< The assignee holds none of the feature's seats within the limit.
};

/// The wire name of a reason ("limit_exceeded", ...).
[[nodiscard]] std::string_view denial_reason_name(DenialReason reason) noexcept;

/// The reset boundaries of a metered feature up to the evaluation time.
struct ResetTimeline {
  std::optional<Instant> start;       ///< the first period's start (the billing anchor); empty: no periods
  std::vector<Instant> resets;        ///< later period starts up to `at`, ascending
  std::optional<Instant> next_reset;  ///< the first period start after `at`; empty: never resets
};

/// What is left of one grant of a metered feature.
struct GrantBalance {
  std::string id;
  Decimal balance;
  std::optional<Instant> expires_at;
};

/// The answer to a seat question (`seats` or `assign`) about a limit feature. Seats are whole:
/// a limit of 5.5 holds 5.
struct SeatAnswer {
  std::optional<Decimal> available;      ///< whole seats free now; empty when unlimited
  std::optional<Decimal> missing;        ///< `seats`: whole seats lacking for the request (0 when enough)
  std::optional<bool> already_assigned;  ///< `assign`: the person is already among the assignees
};

/// One feature's entitlement at the evaluation time. Optional numbers are absent where they
/// do not apply (a boolean feature has no limit; an unlimited one no balance).
struct FeatureStatus {
  std::string key;
  std::optional<FeatureKind> kind;  ///< empty when the customer is not entitled to the feature
  bool has_access = false;
  std::optional<DenialReason> reason;  ///< set exactly when has_access is false
  std::optional<Decimal> limit;
  std::optional<Decimal> usage;
  std::optional<Decimal> balance;
  std::optional<Decimal> overage;
  std::optional<Instant> next_reset_at;
  std::vector<GrantBalance> grants;                          ///< metered: effective grants, in consumption order
  std::optional<std::vector<std::string>> denied_assignees;  ///< seat features: assignees beyond a hard limit
  std::optional<SeatAnswer> seat_answer;                     ///< set when the check asks a seat question
};

/// Evaluates one defined feature with the grants, usage and seats of `input` that name it, and
/// answers `check` (when given, for this feature). `timeline` matters for metered features only.
[[nodiscard]] FeatureStatus evaluate_feature(const Feature& feature, const EntitlementInput& input,
                                             const ResetTimeline& timeline, const AccessCheck* check);

/// The answer for a feature nobody defined: no access, reason not_entitled.
[[nodiscard]] FeatureStatus not_entitled(std::string key);

}  // namespace ratecard
