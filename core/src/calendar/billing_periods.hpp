#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "calendar/billing_schedule.hpp"
#include "ratecard/result.hpp"

namespace ratecard {

/// What a billing period is.
enum class PeriodKind {
  kTrial,    ///< the free trial, [start, trial_end)
  kFull,     ///< a whole billing cycle
  kPartial,  ///< part of a cycle: the first one when billing starts between boundaries
             ///< (calendar or anchored billing), or the last one when cancelled mid-cycle
};

/// "trial", "full" or "partial".
[[nodiscard]] std::string_view period_kind_name(PeriodKind kind) noexcept;

/// One period of a subscription: [start, end).
struct BillingPeriod {
  PeriodKind kind = PeriodKind::kFull;
  Instant start;
  Instant end;
  /// The cycle the period lies in (for a partial period, the whole cycle; a trial has none).
  std::optional<BillingCycle> cycle;
  /// The number of the period among the billed ones: 0 for the first after the trial.
  std::int64_t number = 0;
};

/// Which periods to list. Periods come in order from the one holding `from` (or the first
/// one); the list stops after `count` periods, or before the first period starting at or
/// after `until`, or at `cancel_at`, whichever comes first.
struct PeriodQuery {
  std::optional<Instant> cancel_at;  ///< the subscription ends here (after start)
  std::optional<Instant> from;
  std::optional<std::int64_t> count;  ///< 1..kMaxPeriodsPerRequest; 1 when neither bound is given
  std::optional<Instant> until;
};

/// The most periods one request may list.
constexpr std::int64_t kMaxPeriodsPerRequest = 1000;

/// Periods and whether the subscription continues after the last one.
struct PeriodList {
  std::vector<BillingPeriod> periods;
  bool has_more = false;  ///< false when the list ends where the subscription ends
};

/// The periods of a subscription, found by arithmetic on cycle numbers (never by walking
/// from the start), so the work is proportional to the number returned. Boundaries that a
/// skipped local day made coincide leave an empty cycle, which is not listed.
/// LIMIT_EXCEEDED (empty path) when `until` would need more than kMaxPeriodsPerRequest
/// periods; INVALID_ARGUMENT when periods reach beyond the year 9999.
[[nodiscard]] Result<PeriodList> list_billing_periods(const BillingSchedule& schedule, const PeriodQuery& query);

}  // namespace ratecard
